namespace Basalt.Commands;

/// <summary>
/// The commands the server knows, looked up by name without allocating (the name bytes are
/// lowered into a stack buffer and looked up through a span-keyed view of the dictionary).
/// </summary>
/// <remarks>
/// Clients reach a command by its current name, which <c>rename-command</c> may have changed or
/// taken away (<see cref="Rename"/>); the original names stay known to the server itself, as
/// Redis keeps <c>orig_commands</c> beside <c>commands</c> (<see cref="ResolveOriginal"/>).
/// </remarks>
public sealed class CommandTable
{
    private readonly Dictionary<string, CommandSpec> _commands = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandSpec> _originals = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CommandSpec>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Dictionary<string, CommandSpec>.AlternateLookup<ReadOnlySpan<char>> _originalLookup;
    private const int RecentSlots = 64;
    private readonly RecentName?[] _recent = new RecentName?[RecentSlots];

    /// <summary>The longest name any command has or had: a longer one is unknown without a lookup.</summary>
    private int _longestName;

    /// <summary>A command name as a client spelled it, and the command it names.</summary>
    private sealed record RecentName(byte[] Name, CommandSpec Spec);

    public CommandTable()
    {
        _lookup = _commands.GetAlternateLookup<ReadOnlySpan<char>>();
        _originalLookup = _originals.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _commands.Count;

    public IEnumerable<CommandSpec> All => _commands.Values;

    public void Add(CommandSpec spec)
    {
        _commands[spec.Name] = spec;
        _originals[spec.Name] = spec;
        Known(spec.Name);
    }

    /// <summary>
    /// <c>rename-command name new-name</c>: the command answers to <paramref name="newName"/> from
    /// now on, or to nothing when it is empty; null on success, else the reason, in Redis's words.
    /// Names are case-insensitive, and a command renamed once may be renamed again by its new name.
    /// </summary>
    public string? Rename(string name, string newName)
    {
        var current = name.ToLowerInvariant();
        if (!_commands.Remove(current, out var spec))
        {
            return "No such command in rename-command";
        }
        Known(newName);
        if (newName.Length == 0)
        {
            return null;
        }
        if (!_commands.TryAdd(newName.ToLowerInvariant(), spec))
        {
            // Redis stops start-up here; the table is not used after a failed load.
            return "Target command name already exists";
        }
        return null;
    }

    public CommandSpec? Lookup(ReadOnlySpan<byte> name)
    {
        if (name.Length > _longestName)
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

    private CommandSpec? LookupLowered(ReadOnlySpan<byte> name) => LookupLowered(_lookup, name);

    private void Known(string name)
    {
        _longestName = Math.Max(_longestName, name.Length);
        Array.Clear(_recent);
    }

    private CommandSpec? LookupLowered(Dictionary<string, CommandSpec>.AlternateLookup<ReadOnlySpan<char>> lookup, ReadOnlySpan<byte> name)
    {
        if (name.Length > _longestName)
        {
            return null;
        }
        // A name given to rename-command may be long (a secret); the common ones fit the stack.
        Span<char> lowered = name.Length <= 128 ? stackalloc char[name.Length] : new char[name.Length];
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            lowered[i] = (char)(c is >= (byte)'A' and <= (byte)'Z' ? c + 32 : c);
        }
        return lookup.TryGetValue(lowered, out var spec) ? spec : null;
    }

    public CommandSpec? Lookup(string name) => _commands.TryGetValue(name.ToLowerInvariant(), out var spec) ? spec : null;

    /// <summary>Resolves a command line to the command or, for containers, the subcommand (lookupCommand).</summary>
    public CommandSpec? Resolve(ReadOnlySpan<byte> name, ReadOnlySpan<byte> subcommand, int argc, out bool isContainer) =>
        ResolveSubcommand(Lookup(name), subcommand, argc, out isContainer);

    /// <summary>
    /// <see cref="Resolve"/> by the current name or, failing that, the original one
    /// (lookupCommandOrOriginal): for commands the server itself runs, such as those of an AOF being
    /// loaded, which were logged under their original names.
    /// </summary>
    public CommandSpec? ResolveOriginal(ReadOnlySpan<byte> name, ReadOnlySpan<byte> subcommand, int argc) =>
        ResolveSubcommand(Lookup(name) ?? LookupLowered(_originalLookup, name), subcommand, argc, out _);

    private static CommandSpec? ResolveSubcommand(CommandSpec? spec, ReadOnlySpan<byte> subcommand, int argc, out bool isContainer)
    {
        isContainer = spec?.Subcommands is not null;
        if (spec is null || spec.Subcommands is null || argc == 1)
        {
            return spec;
        }
        var subName = System.Text.Encoding.UTF8.GetString(subcommand);
        return spec.Subcommands.TryGetValue(subName, out var sub) ? sub : null;
    }
}
