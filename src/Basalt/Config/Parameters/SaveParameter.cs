namespace Basalt.Config.Parameters;

/// <summary>
/// <c>save [seconds changes ...]</c>: the RDB save points. In redis.conf each save line adds points
/// and only the first one replaces the defaults (3600 1, 300 100, 60 10000); CONFIG SET replaces
/// the whole list; an empty value removes all points.
/// </summary>
public sealed class SaveParameter : ConfigParameter
{
    private static readonly SavePoint[] Defaults = [new(3600, 1), new(300, 100), new(60, 10000)];

    private List<SavePoint> _points = new(Defaults);
    private bool _defaultsReplacedByFile;

    internal SaveParameter() : base("save", null, ConfigFlags.MultiArg)
    {
    }

    public IReadOnlyList<SavePoint> Points => _points;

    public override string Get() => string.Join(' ', _points.Select(p => ConfigNumbers.Invariant(p.Seconds) + " " + ConfigNumbers.Invariant(p.Changes)));

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        var count = args.Count;
        // A single "" means no save points at all; Redis clears them before validating anything.
        if (count == 1 && args[0].Length == 0)
        {
            _points = new List<SavePoint>();
            count = 0;
        }

        error = "Invalid save parameters";
        if ((count & 1) != 0) return SetOutcome.Failed;
        var parsed = new List<SavePoint>();
        for (var j = 0; j < count; j += 2)
        {
            var seconds = ConfigNumbers.StrToLL(args[j], 10, out var end1, out _);
            var changes = ConfigNumbers.StrToLL(args[j + 1], 10, out var end2, out _);
            if (end1 != args[j].Length || seconds < 1 || end2 != args[j + 1].Length || changes < 0) return SetOutcome.Failed;
            parsed.Add(new SavePoint(seconds, unchecked((int)changes)));
        }
        error = null;

        if (!context.ReadingConfigFile || !_defaultsReplacedByFile)
        {
            _defaultsReplacedByFile |= context.ReadingConfigFile;
            _points = new List<SavePoint>();
        }
        _points.AddRange(parsed);
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state)
    {
        // An explicit save "" keeps the defaults from coming back at the next start.
        if (_points.Count == 0) state.RewriteLine(Name, "save \"\"", force: true);
        foreach (var p in _points)
            state.RewriteLine(Name, "save " + ConfigNumbers.Invariant(p.Seconds) + " " + ConfigNumbers.Invariant(p.Changes), force: true);
        state.MarkAsProcessed(Name);
    }
}
