namespace Basalt.Config.Parameters;

/// <summary>
/// <c>client-output-buffer-limit &lt;class&gt; &lt;hard&gt; &lt;soft&gt; &lt;seconds&gt; ...</c> for the
/// classes normal, replica (or slave) and pubsub. A line may set several classes; it is accepted
/// or refused as a whole.
/// </summary>
public sealed class ClientOutputBufferLimitParameter : ConfigParameter
{
    private static readonly string[] ClassNames = ["normal", "slave", "pubsub"];

    private static readonly OutputBufferLimit[] Defaults =
    [
        new(0, 0, 0),
        new(256 * 1024 * 1024, 64 * 1024 * 1024, 60),
        new(32 * 1024 * 1024, 8 * 1024 * 1024, 60),
    ];

    private readonly OutputBufferLimit[] _limits = (OutputBufferLimit[])Defaults.Clone();

    internal ClientOutputBufferLimitParameter() : base("client-output-buffer-limit", null, ConfigFlags.MultiArg)
    {
    }

    public OutputBufferLimit Normal => _limits[0];

    public OutputBufferLimit Replica => _limits[1];

    public OutputBufferLimit PubSub => _limits[2];

    public override string Get() => string.Join(' ', Enumerable.Range(0, 3).Select(i =>
        $"{ClassNames[i]} {_limits[i].HardLimitBytes} {_limits[i].SoftLimitBytes} {_limits[i].SoftLimitSeconds}"));

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (args.Count % 4 != 0)
        {
            error = "Wrong number of arguments in buffer limit configuration.";
            return SetOutcome.Failed;
        }

        // Check everything before changing anything.
        var updates = new List<(int Class, OutputBufferLimit Limit)>();
        for (var j = 0; j < args.Count; j += 4)
        {
            var clientClass = ClassIndex(args[j]);
            if (clientClass < 0)
            {
                error = "Invalid client class specified in buffer limit configuration.";
                return SetOutcome.Failed;
            }
            var hardOk = ConfigNumbers.TryParseMemory(args[j + 1], out var hard);
            var softOk = ConfigNumbers.TryParseMemory(args[j + 2], out var soft);
            // Redis keeps the seconds in an int, truncating what strtoll returned.
            var seconds = unchecked((int)ConfigNumbers.StrToLL(args[j + 3], 10, out var end, out _));
            if (!hardOk || !softOk || seconds < 0 || end != args[j + 3].Length)
            {
                error = "Error in hard, soft or soft_seconds setting in buffer limit configuration.";
                return SetOutcome.Failed;
            }
            updates.Add((clientClass, new OutputBufferLimit(hard, soft, seconds)));
        }

        foreach (var (clientClass, limit) in updates) _limits[clientClass] = limit;
        error = null;
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state)
    {
        for (var i = 0; i < 3; i++)
        {
            var limit = _limits[i];
            // Written as "replica", the name Redis documents, though "slave" is what GET prints.
            var className = i == 1 ? "replica" : ClassNames[i];
            var line = $"{Name} {className} {ConfigNumbers.FormatMemory((long)limit.HardLimitBytes)} " +
                $"{ConfigNumbers.FormatMemory((long)limit.SoftLimitBytes)} {limit.SoftLimitSeconds}";
            state.RewriteLine(Name, line, force: limit != Defaults[i]);
        }
    }

    // "master" is a client class too, but has no output buffer limits of its own.
    private static int ClassIndex(string name)
    {
        if (name.Equals("normal", StringComparison.OrdinalIgnoreCase)) return 0;
        if (name.Equals("slave", StringComparison.OrdinalIgnoreCase) || name.Equals("replica", StringComparison.OrdinalIgnoreCase)) return 1;
        if (name.Equals("pubsub", StringComparison.OrdinalIgnoreCase)) return 2;
        return -1;
    }
}
