using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>OBJECT ENCODING, REFCOUNT, IDLETIME, FREQ and HELP: how a key's value is held (object.c).</summary>
public static class ObjectCommand
{
    /// <summary>Redis serves the integers 0..9999 from shared objects (OBJ_SHARED_INTEGERS)...</summary>
    private const long SharedIntegers = 10000;

    /// <summary>...whose reference count is pinned to INT_MAX (OBJ_SHARED_REFCOUNT).</summary>
    private const long SharedRefCount = int.MaxValue;

    private static readonly string[] HelpLines =
    [
        "OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:",
        "ENCODING <key>",
        "    Return the kind of internal representation used in order to store the value",
        "    associated with a <key>.",
        "FREQ <key>",
        "    Return the access frequency index of the <key>. The returned integer is",
        "    proportional to the logarithm of the recent access frequency of the key.",
        "IDLETIME <key>",
        "    Return the idle time of the <key>, that is the approximated number of",
        "    seconds elapsed since the last access to the key.",
        "REFCOUNT <key>",
        "    Return the number of references of the value associated with the specified",
        "    <key>.",
        "HELP",
        "    Prints this help.",
    ];

    public static void Register(CommandTable table)
    {
        const CommandFlags Read = CommandFlags.ReadOnly;
        const string Categories = "@keyspace @read @slow";
        var container = new CommandSpec("object", -2, CommandFlags.None, 0, 0, 0, "@slow", "generic", "2.2.3",
            "A container for object introspection commands", null);
        container.AddSubcommand(new CommandSpec("encoding", 3, Read, 2, 2, 1, Categories, "generic", "2.2.3",
            "Inspect the internal encoding of a Redis object", Encoding));
        container.AddSubcommand(new CommandSpec("refcount", 3, Read, 2, 2, 1, Categories, "generic", "2.2.3",
            "Get the number of references to the value of the key", RefCount));
        container.AddSubcommand(new CommandSpec("idletime", 3, Read, 2, 2, 1, Categories, "generic", "2.2.3",
            "Get the time since a Redis object was last accessed", IdleTime));
        container.AddSubcommand(new CommandSpec("freq", 3, Read, 2, 2, 1, Categories, "generic", "4.0.0",
            "Get the logarithmic access frequency counter of a Redis object", Freq));
        container.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@keyspace @slow", "generic", "6.2.0",
            "Show helpful text about the different subcommands", Help));
        table.Add(container);
    }

    /// <summary>Finds the key without touching its access time (objectCommandLookup); replies null when absent.</summary>
    private static KeyEntry? Lookup(CommandContext ctx)
    {
        var entry = ctx.Db.LookupRead(ctx.Arg(2), touch: false, notifyMiss: false);
        if (entry is null)
        {
            ctx.Reply.NullBulk();
        }
        return entry;
    }

    private static void Encoding(CommandContext ctx)
    {
        if (Lookup(ctx) is { } entry)
        {
            ctx.Reply.Bulk(entry.Value.EncodingName);
        }
    }

    /// <summary>
    /// Values are never shared in Basalt, except that Redis would serve a small integer from its
    /// shared pool whenever the memory policy allows it (canUseSharedObject), and reports that.
    /// </summary>
    private static void RefCount(CommandContext ctx)
    {
        if (Lookup(ctx) is not { } entry)
        {
            return;
        }
        ctx.Reply.Integer(RefCountOf(ctx, entry.Value));
    }

    /// <summary>The reference count Redis would report for <paramref name="value"/> (also shown by DEBUG OBJECT).</summary>
    internal static long RefCountOf(CommandContext ctx, RedisObject value)
    {
        var shared = value is RedisString { IsInteger: true } s && s.IntegerValue is >= 0 and < SharedIntegers &&
            SharingAllowed(ctx);
        return shared ? SharedRefCount : 1;
    }

    /// <summary>Shared integers are off when a maxmemory limit is enforced with an LRU or LFU policy (they need per-key access data).</summary>
    private static bool SharingAllowed(CommandContext ctx)
    {
        var config = ctx.Server.Config;
        var policy = config.MaxMemoryPolicy;
        return config.MaxMemory == 0 || !(policy.EndsWith("lru", StringComparison.Ordinal) || policy.EndsWith("lfu", StringComparison.Ordinal));
    }

    private static void IdleTime(CommandContext ctx)
    {
        if (Lookup(ctx) is not { } entry)
        {
            return;
        }
        if (ctx.Databases.AccessClock.Lfu)
        {
            ctx.Reply.Error("ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            return;
        }
        ctx.Reply.Integer(ctx.Databases.IdleSeconds(entry));
    }

    private static void Freq(CommandContext ctx)
    {
        if (Lookup(ctx) is not { } entry)
        {
            return;
        }
        if (!ctx.Databases.AccessClock.Lfu)
        {
            ctx.Reply.Error("ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.");
            return;
        }
        ctx.Reply.Integer(ctx.Databases.AccessClock.Frequency(entry, ctx.Databases.NowMs));
    }

    private static void Help(CommandContext ctx)
    {
        ctx.Reply.ArrayHeader(HelpLines.Length);
        foreach (var line in HelpLines)
        {
            ctx.Reply.Simple(line);
        }
    }
}
