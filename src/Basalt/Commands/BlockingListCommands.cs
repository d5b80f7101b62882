using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Server;
using Basalt.Server.Blocking;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// BLPOP, BRPOP, BLMOVE, BRPOPLPUSH and BLMPOP: the list commands that wait for an element.
/// When a list has one they behave as their non-blocking forms; otherwise the client blocks
/// (<see cref="BlockingRegistry"/>) and is served, first come first served, by a push that
/// creates one of its keys; it gets a null array when its timeout passes. Inside MULTI/EXEC they
/// never block: they answer as if the timeout had passed at once.
/// </summary>
public static class BlockingListCommands
{
    /// <summary>What a blocked list client needs when served: its ends and its count (-1: single pop).</summary>
    private sealed record ListWait(bool FromHead, bool ToHead, long Count);

    private static readonly ListWait PopHead = new(true, false, -1);
    private static readonly ListWait PopTail = new(false, false, -1);

    public static void Register(CommandTable table)
    {
        const CommandFlags Pop = CommandFlags.Write | CommandFlags.NoScript | CommandFlags.Blocking;
        const CommandFlags Move = Pop | CommandFlags.DenyOom;
        const string Categories = "@write @list @slow @blocking";
        table.Add(new CommandSpec("blpop", -3, Pop, 1, -2, 1, Categories, "list", "2.0.0",
            "Remove and get the first element in a list, or block until one is available", ctx => BlockingPop(ctx, PopHead)));
        table.Add(new CommandSpec("brpop", -3, Pop, 1, -2, 1, Categories, "list", "2.0.0",
            "Remove and get the last element in a list, or block until one is available", ctx => BlockingPop(ctx, PopTail)));
        table.Add(new CommandSpec("blmove", 6, Move, 1, 2, 1, Categories, "list", "6.2.0",
            "Pop an element from a list, push it to another list and return it; or block until one is available", BLMove));
        table.Add(new CommandSpec("brpoplpush", 4, Move, 1, 2, 1, Categories, "list", "2.2.0",
            "Pop an element from a list, push it to another list and return it; or block until one is available", BRPopLPush));
        table.Add(new CommandSpec("blmpop", -5, CommandFlags.Write | CommandFlags.Blocking | CommandFlags.MovableKeys, 0, 0, 0,
            Categories, "list", "7.0.0", "Pop elements from a list, or block until one is available", BLMPop));
    }

    /// <summary>BLPOP and BRPOP key [key ...] timeout.</summary>
    private static void BlockingPop(CommandContext ctx, ListWait wait)
    {
        if (BlockTimeout.TryParse(ctx, ctx.ArgCount - 1, out var deadline))
        {
            BlockingPopGeneric(ctx, 1, ctx.ArgCount - 2, wait, deadline);
        }
    }

    /// <summary>BLMPOP timeout numkeys key [key ...] LEFT|RIGHT [COUNT count].</summary>
    private static void BLMPop(CommandContext ctx)
    {
        if (!ListMoveCommands.TryParseMultiPop(ctx, 2, out var keyCount, out var head, out var count))
        {
            return;
        }
        if (BlockTimeout.TryParse(ctx, 1, out var deadline))
        {
            BlockingPopGeneric(ctx, 3, keyCount, new ListWait(head, false, count), deadline);
        }
    }

    /// <summary>
    /// blockingPopGenericCommand: pops from the first non-empty list among the keys, or blocks on
    /// all of them. A key holding another type fails the command, even after missing keys.
    /// </summary>
    private static void BlockingPopGeneric(CommandContext ctx, int firstKey, int keyCount, ListWait wait, long deadline)
    {
        for (var i = firstKey; i < firstKey + keyCount; i++)
        {
            var key = ctx.Arg(i);
            if (!ListCommands.TryWrite(ctx, key, out var list, out var entry))
            {
                return;
            }
            if (list is not null)
            {
                var popped = Pop(ctx, list, entry!, key, wait);
                // Logged as the non-blocking pop it turned out to be.
                if (PropagatedForm.Active(ctx))
                {
                    PropagatedForm.Rewrite(ctx, PopForm(key, wait, popped));
                }
                return;
            }
        }
        if (ctx.Client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.NullArray();
            return;
        }
        ctx.Server.Blocking.Block(ctx, RedisType.List, firstKey, keyCount, deadline, ServePop, wait);
    }

    /// <summary>[key, element] for BLPOP/BRPOP, [key, [elements...]] for BLMPOP; returns how many it popped.</summary>
    private static long Pop(CommandContext ctx, RedisList list, KeyEntry entry, ReadOnlySpan<byte> key, ListWait wait)
    {
        if (wait.Count != -1)
        {
            return ListMoveCommands.PopRangeWithKey(ctx, list, entry, key, wait.FromHead, wait.Count);
        }
        ctx.Reply.ArrayHeader(2);
        ctx.Reply.Bulk(key);
        ListCommands.ReplyElement(ctx.Reply, list.PeekEnd(wait.FromHead));
        list.RemoveEnd(wait.FromHead);
        ListCommands.Removed(ctx, entry, key, list, 1, ListCommands.PopEvent(wait.FromHead));
        return 1;
    }

    /// <summary>How a pop is logged: LPOP/RPOP key for BLPOP/BRPOP, with the number popped for BLMPOP.</summary>
    private static byte[][] PopForm(ReadOnlySpan<byte> key, ListWait wait, long popped) =>
        wait.Count == -1
            ? [wait.FromHead ? PropagatedForm.LPop : PropagatedForm.RPop, key.ToArray()]
            : [wait.FromHead ? PropagatedForm.LPop : PropagatedForm.RPop, key.ToArray(), PropagatedForm.Number(popped)];

    /// <summary>serveClientBlockedOnList for BLPOP, BRPOP and BLMPOP: the list at <paramref name="key"/> has elements.</summary>
    private static bool ServePop(CommandContext ctx, BlockedClient blocked, byte[] key, KeyEntry? entry)
    {
        var wait = (ListWait)blocked.State!;
        var popped = Pop(ctx, (RedisList)entry!.Value, entry, key, wait);
        if (PropagatedForm.Active(ctx))
        {
            PropagatedForm.Also(ctx, PopForm(key, wait, popped));
        }
        if (wait.Count == -1)
        {
            // A served BLPOP/BRPOP changes no dirty count in Redis: the push counted.
            ctx.Databases.Dirty--;
        }
        return true;
    }

    /// <summary>BLMOVE source destination LEFT|RIGHT LEFT|RIGHT timeout.</summary>
    private static void BLMove(CommandContext ctx)
    {
        if (!ListMoveCommands.TryParseSide(ctx, 3, out var fromHead) || !ListMoveCommands.TryParseSide(ctx, 4, out var toHead))
        {
            return;
        }
        if (BlockTimeout.TryParse(ctx, 5, out var deadline))
        {
            BlockingMoveGeneric(ctx, new ListWait(fromHead, toHead, -1), deadline);
        }
    }

    /// <summary>BRPOPLPUSH source destination timeout.</summary>
    private static void BRPopLPush(CommandContext ctx)
    {
        if (BlockTimeout.TryParse(ctx, 3, out var deadline))
        {
            BlockingMoveGeneric(ctx, new ListWait(false, true, -1), deadline);
        }
    }

    /// <summary>blmoveGenericCommand: moves at once when the source has elements, else blocks on it.</summary>
    private static void BlockingMoveGeneric(CommandContext ctx, ListWait wait, long deadline)
    {
        if (!ListCommands.TryWrite(ctx, ctx.Arg(1), out var source, out var sourceEntry))
        {
            return;
        }
        if (source is not null)
        {
            ListMoveCommands.MoveElement(ctx, source, sourceEntry!, ctx.Arg(1), ctx.Arg(2), wait.FromHead, wait.ToHead);
            // Logged as the non-blocking move, with the sides as they were written.
            if (PropagatedForm.Active(ctx))
            {
                PropagatedForm.Rewrite(ctx, ctx.ArgCount == 6
                    ? [PropagatedForm.LMove, ctx.Args.ToArray(1), ctx.Args.ToArray(2), ctx.Args.ToArray(3), ctx.Args.ToArray(4)]
                    : [PropagatedForm.RPopLPush, ctx.Args.ToArray(1), ctx.Args.ToArray(2)]);
            }
            return;
        }
        if (ctx.Client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.NullBulk();
            return;
        }
        ctx.Server.Blocking.Block(ctx, RedisType.List, 1, 1, deadline, ServeMove, wait);
    }

    /// <summary>
    /// serveClientBlockedOnList for BLMOVE and BRPOPLPUSH: moves the element, or answers WRONGTYPE
    /// (and unblocks) when the destination now holds another type.
    /// </summary>
    private static bool ServeMove(CommandContext ctx, BlockedClient blocked, byte[] key, KeyEntry? entry)
    {
        var wait = (ListWait)blocked.State!;
        var dirty = ctx.Databases.Dirty;
        var moved = ListMoveCommands.MoveElement(ctx, (RedisList)entry!.Value, entry, key, ctx.Arg(2), wait.FromHead, wait.ToHead);
        // Logged as the non-blocking move, with the sides spelled "left"/"right" (shared.left).
        if (moved && PropagatedForm.Active(ctx))
        {
            PropagatedForm.Also(ctx, ctx.ArgCount == 6
                ? [PropagatedForm.LMove, key, ctx.Args.ToArray(2), Side(wait.FromHead), Side(wait.ToHead)]
                : [PropagatedForm.RPopLPush, key, ctx.Args.ToArray(2)]);
        }
        // Redis's served move counts no change of its own: the push that woke it did.
        ctx.Databases.Dirty = dirty;
        return true;
    }

    private static byte[] Side(bool head) => head ? PropagatedForm.Left : PropagatedForm.Right;
}
