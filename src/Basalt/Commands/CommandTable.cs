namespace Basalt.Commands;

/// <summary>
/// The commands the server knows, looked up by name without allocating (the name bytes are
/// lowered into a stack buffer and looked up through a span-keyed view of the dictionary).
/// </summary>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandSpec> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandSpec>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private const int RecentSlots = 64;
    private readonly RecentName?[] _recent = new RecentName?[RecentSlots];

    /// <summary>A command name as a client spelled it, and the command it names.</summary>
    private sealed record RecentName(byte[] Name, CommandSpec Spec);

    public CommandTable()
    {
        _lookup = _commands.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _commands.Count;

    public IEnumerable<CommandSpec> All => _commands.Values;

    public void Add(CommandSpec spec)
    {
        _commands[spec.Name] = spec;
        Array.Clear(_recent);
    }

    public CommandSpec? Lookup(ReadOnlySpan<byte> name)
    {
        if (name.Length > 64)
        {
            return null;
        }
        // Clients repeat a handful of command names, spelled the same way each time: a small
        // direct-mapped cache of the exact bytes seen skips lowering and hashing the name.
        if (name.Length == 0)
        {
            return LookupLowered(name);
        }
        var slot = RecentSlot(name);
        var recent = _recent[slot];
        if (recent is not null && name.SequenceEqual(recent.Name))
        {
            return recent.Spec;
        }
        var spec = LookupLowered(name);
        if (spec is not null)
        {
            // One reference write of an immutable entry: readers on other threads see the old
            // entry or the new one, both correct.
            _recent[slot] = new RecentName(name.ToArray(), spec);
        }
        return spec;
    }

    private static int RecentSlot(ReadOnlySpan<byte> name) =>
        (name.Length * 31 + (name[0] | 0x20) * 7 + (name[^1] | 0x20)) & (RecentSlots - 1);

    private CommandSpec? LookupLowered(ReadOnlySpan<byte> name)
    {
        Span<char> lowered = stackalloc char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            lowered[i] = (char)(c is >= (byte)'A' and <= (byte)'Z' ? c + 32 : c);
        }
        return _lookup.TryGetValue(lowered, out var spec) ? spec : null;
    }

    public CommandSpec? Lookup(string name) => _commands.TryGetValue(name.ToLowerInvariant(), out var spec) ? spec : null;

    /// <summary>Resolves a command line to the command or, for containers, the subcommand (lookupCommand).</summary>
    public CommandSpec? Resolve(ReadOnlySpan<byte> name, ReadOnlySpan<byte> subcommand, int argc, out bool isContainer)
    {
        var spec = Lookup(name);
        isContainer = spec?.Subcommands is not null;
        if (spec is null || spec.Subcommands is null || argc == 1)
        {
            return spec;
        }
        var subName = System.Text.Encoding.UTF8.GetString(subcommand);
        return spec.Subcommands.TryGetValue(subName, out var sub) ? sub : null;
    }
}
