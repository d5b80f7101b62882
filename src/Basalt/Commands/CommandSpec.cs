namespace Basalt.Commands;

/// <summary>
/// A command's description (arity, flags, key positions, ACL categories, docs) and its handler,
/// plus the counters INFO commandstats reports. Container commands (CONFIG, CLIENT, OBJECT...)
/// hold their subcommands.
/// </summary>
public sealed class CommandSpec
{
    public CommandSpec(string name, int arity, CommandFlags flags, int firstKey, int lastKey, int keyStep,
        string categories, string group, string since, string summary, CommandHandler? handler)
    {
        Name = name;
        FullName = name;
        Arity = arity;
        Flags = flags;
        FirstKey = firstKey;
        LastKey = lastKey;
        KeyStep = keyStep;
        Categories = categories.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Group = group;
        Since = since;
        Summary = summary;
        Handler = handler;
    }

    /// <summary>The lowercase name (a subcommand's own name, e.g. "get").</summary>
    public string Name { get; }

    /// <summary>"config|get" for subcommands, as Redis 7 names them in errors and stats.</summary>
    public string FullName { get; private set; }

    public int Arity { get; }

    public CommandFlags Flags { get; }

    public int FirstKey { get; }

    public int LastKey { get; }

    public int KeyStep { get; }

    public string[] Categories { get; }

    public string Group { get; }

    public string Since { get; }

    public string Summary { get; }

    public CommandHandler? Handler { get; }

    public CommandSpec? Parent { get; private set; }

    public Dictionary<string, CommandSpec>? Subcommands { get; private set; }

    public bool IsWrite => (Flags & CommandFlags.Write) != 0;

    // Counters for INFO commandstats; updated under the server lock.
    public long Calls;
    public long Microseconds;
    public long RejectedCalls;
    public long FailedCalls;

    /// <summary>The latency distribution for INFO latencystats, created by the first call (latency-tracking).</summary>
    public Server.LatencyHistogram? LatencyHistogram;

    public CommandSpec AddSubcommand(CommandSpec sub)
    {
        Subcommands ??= new Dictionary<string, CommandSpec>(StringComparer.OrdinalIgnoreCase);
        sub.Parent = this;
        sub.FullName = Name + "|" + sub.Name;
        Subcommands[sub.Name] = sub;
        return this;
    }

    public bool ArityMatches(int argc) => Arity > 0 ? argc == Arity : argc >= -Arity;

    public void ResetStats()
    {
        Calls = Microseconds = RejectedCalls = FailedCalls = 0;
        LatencyHistogram = null;
        if (Subcommands is not null)
        {
            foreach (var sub in Subcommands.Values)
            {
                sub.ResetStats();
            }
        }
    }
}
