using Basalt.Keyspace;

namespace Basalt.Commands;

/// <summary>
/// MEMORY USAGE, MALLOC-STATS, PURGE and HELP (object.c's memoryCommand). STATS and DOCTOR, whose
/// reports are built on jemalloc's figures, are not here: they answer as unknown subcommands.
/// </summary>
public static class MemoryCommand
{
    public static void Register(CommandTable table)
    {
        var container = new CommandSpec("memory", -2, CommandFlags.None, 0, 0, 0, "@slow", "server", "4.0.0",
            "A container for memory diagnostics commands", null);
        container.AddSubcommand(new CommandSpec("usage", -3, CommandFlags.ReadOnly, 2, 2, 1, "@read @slow", "server", "4.0.0",
            "Estimate the memory usage of a key", Usage));
        container.AddSubcommand(new CommandSpec("malloc-stats", 2, CommandFlags.None, 0, 0, 0, "@slow", "server", "4.0.0",
            "Show allocator internal stats", MallocStats));
        container.AddSubcommand(new CommandSpec("purge", 2, CommandFlags.None, 0, 0, 0, "@slow", "server", "4.0.0",
            "Ask the allocator to release memory", Purge));
        container.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@slow", "server", "4.0.0",
            "Show helpful text about the different subcommands", Help));
        table.Add(container);
    }

    /// <summary>
    /// MEMORY USAGE key [SAMPLES count]: what the key costs, as INFO's used_memory counts it (its
    /// entry, its share of the table, its expiry slot and its value). Basalt keeps every value's size
    /// exactly, so SAMPLES is checked as Redis checks it and nothing is sampled. An expired key not
    /// yet removed is measured, as Redis finds it in the table without expiring it.
    /// </summary>
    private static void Usage(CommandContext ctx)
    {
        for (var i = 3; i < ctx.ArgCount; i++)
        {
            if (!ctx.Is(i, "samples") || i + 1 >= ctx.ArgCount)
            {
                ctx.Reply.Error(Errors.Syntax);
                return;
            }
            if (!ctx.TryGetLong(i + 1, out var samples))
            {
                return;
            }
            if (samples < 0)
            {
                ctx.Reply.Error(Errors.Syntax);
                return;
            }
            i++;
        }
        if (ctx.Db.Peek(ctx.Arg(2)) is not { } entry)
        {
            ctx.Reply.NullBulk();
            return;
        }
        ctx.Reply.Integer(DatabaseMemory.Of(entry));
    }

    /// <summary>Redis's reply when its allocator is not jemalloc: the managed heap has no such report.</summary>
    private static void MallocStats(CommandContext ctx) => ctx.Reply.Bulk("Stats not supported for the current allocator");

    /// <summary>
    /// Gives memory back to the system: a full, compacting collection (the large-object heap too),
    /// after which the collector returns the pages it freed; the counterpart of jemalloc's purge.
    /// </summary>
    private static void Purge(CommandContext ctx)
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ctx.Reply.Ok();
    }

    private static void Help(CommandContext ctx) => HelpReply.Write(ctx,
        "MALLOC-STATS",
        "    Return internal statistics report from the memory allocator.",
        "PURGE",
        "    Attempt to purge dirty pages for reclamation by the allocator.",
        "USAGE <key> [SAMPLES <count>]",
        "    Return memory in bytes used by <key> and its value. Nested values are",
        "    sampled up to <count> times (default: 5, 0 means sample all).");
}
