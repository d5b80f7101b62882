using Basalt.Keyspace;
using Basalt.Server;
using Basalt.Server.Blocking;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// BZPOPMIN, BZPOPMAX and BZMPOP (t_zset.c's blockingGenericZpopCommand): pop at once from the
/// first existing sorted set among the keys, or block (<see cref="BlockingRegistry"/>) until a
/// command creates one of them; a null array when the timeout passes. Inside MULTI/EXEC they never
/// block: they answer as if the timeout had passed at once.
/// </summary>
public static class SortedSetBlockingCommands
{
    /// <summary>What a blocked client needs when served: which end, how many (-1: single pop) and the reply shape.</summary>
    private sealed record ZsetWait(bool Max, long Count, bool Nested);

    private static readonly ZsetWait PopMin = new(false, -1, false);
    private static readonly ZsetWait PopMax = new(true, -1, false);

    public static void Register(CommandTable table)
    {
        const CommandFlags Pop = CommandFlags.Write | CommandFlags.NoScript | CommandFlags.Blocking | CommandFlags.Fast;
        table.Add(new CommandSpec("bzpopmin", -3, Pop, 1, -2, 1, "@write @sortedset @fast @blocking", "sorted-set", "5.0.0",
            "Remove and return the member with the lowest score from one or more sorted sets, or block until one is available",
            ctx => BlockingPopMinMax(ctx, PopMin)));
        table.Add(new CommandSpec("bzpopmax", -3, Pop, 1, -2, 1, "@write @sortedset @fast @blocking", "sorted-set", "5.0.0",
            "Remove and return the member with the highest score from one or more sorted sets, or block until one is available",
            ctx => BlockingPopMinMax(ctx, PopMax)));
        table.Add(new CommandSpec("bzmpop", -5, CommandFlags.Write | CommandFlags.Blocking | CommandFlags.MovableKeys, 0, 0, 0,
            "@write @sortedset @slow @blocking", "sorted-set", "7.0.0",
            "Remove and return members with scores in a sorted set or block until one is available", BlockingMultiPop));
    }

    /// <summary>BZPOPMIN / BZPOPMAX key [key ...] timeout: the timeout is checked before the keys.</summary>
    private static void BlockingPopMinMax(CommandContext ctx, ZsetWait wait)
    {
        if (BlockTimeout.TryParse(ctx, ctx.ArgCount - 1, out var deadline))
        {
            BlockingPop(ctx, 1, ctx.ArgCount - 2, wait, deadline);
        }
    }

    /// <summary>BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count]: the timeout is checked after the rest.</summary>
    private static void BlockingMultiPop(CommandContext ctx)
    {
        if (!SortedSetPopCommands.TryParseMPop(ctx, 2, out var keyCount, out var max, out var count))
        {
            return;
        }
        if (BlockTimeout.TryParse(ctx, 1, out var deadline))
        {
            BlockingPop(ctx, 3, keyCount, new ZsetWait(max, count, Nested: true), deadline);
        }
    }

    /// <summary>
    /// Pops from the first key that holds a sorted set (a key of another type fails the command,
    /// even after missing keys), or blocks on all of them.
    /// </summary>
    private static void BlockingPop(CommandContext ctx, int firstKey, int keyCount, ZsetWait wait, long deadline)
    {
        for (var i = firstKey; i < firstKey + keyCount; i++)
        {
            if (!SortedSetCommands.TryWrite(ctx, ctx.Arg(i), out var set, out var entry))
            {
                return;
            }
            if (set is not null)
            {
                var popped = SortedSetPopCommands.PopFrom(ctx, set, entry!, ctx.Arg(i), wait.Max, emitKey: true, wait.Count, wait.Nested);
                // Logged as the non-blocking pop it turned out to be.
                if (PropagatedForm.Active(ctx))
                {
                    PropagatedForm.Rewrite(ctx, SortedSetPopCommands.PopForm(wait.Max, ctx.Arg(i), wait.Count, popped));
                }
                return;
            }
        }
        if (ctx.Client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.NullArray();
            return;
        }
        ctx.Server.Blocking.Block(ctx, RedisType.SortedSet, firstKey, keyCount, deadline, Serve, wait);
    }

    /// <summary>serveClientsBlockedOnSortedSetKey: the sorted set at <paramref name="key"/> now exists.</summary>
    private static bool Serve(CommandContext ctx, BlockedClient blocked, byte[] key, KeyEntry? entry)
    {
        var wait = (ZsetWait)blocked.State!;
        var popped = SortedSetPopCommands.PopFrom(ctx, (RedisSortedSet)entry!.Value, entry, key, wait.Max, emitKey: true, wait.Count, wait.Nested);
        if (PropagatedForm.Active(ctx))
        {
            PropagatedForm.Also(ctx, SortedSetPopCommands.PopForm(wait.Max, key, wait.Count, popped));
        }
        return true;
    }
}
