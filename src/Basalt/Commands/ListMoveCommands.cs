using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// The list commands that take from one list and give to a client or another list: LMOVE,
/// RPOPLPUSH and LMPOP, whose cores the blocking forms (<see cref="BlockingListCommands"/>) reuse.
/// </summary>
public static class ListMoveCommands
{
    /// <summary>Elements up to this size are copied on the stack while they move between lists.</summary>
    private const int StackCopyLimit = 256;

    public static void Register(CommandTable table)
    {
        const CommandFlags Move = CommandFlags.Write | CommandFlags.DenyOom;
        table.Add(new CommandSpec("lmove", 5, Move, 1, 2, 1, "@write @list @slow", "list", "6.2.0",
            "Pop an element from a list, push it to another list and return it", LMove));
        table.Add(new CommandSpec("rpoplpush", 3, Move, 1, 2, 1, "@write @list @slow", "list", "1.2.0",
            "Remove the last element in a list, prepend it to another list and return it",
            ctx => MoveGeneric(ctx, fromHead: false, toHead: true)));
        table.Add(new CommandSpec("lmpop", -4, CommandFlags.Write | CommandFlags.MovableKeys, 0, 0, 0, "@write @list @slow", "list",
            "7.0.0", "Pop elements from a list", LMPop));
    }

    /// <summary>LEFT or RIGHT (getListPositionFromObjectOrReply); true for LEFT, the head.</summary>
    internal static bool TryParseSide(CommandContext ctx, int index, out bool head)
    {
        if (ctx.Is(index, "RIGHT"))
        {
            head = false;
            return true;
        }
        if (ctx.Is(index, "LEFT"))
        {
            head = true;
            return true;
        }
        head = false;
        ctx.SyntaxError();
        return false;
    }

    private static void LMove(CommandContext ctx)
    {
        if (TryParseSide(ctx, 3, out var fromHead) && TryParseSide(ctx, 4, out var toHead))
        {
            MoveGeneric(ctx, fromHead, toHead);
        }
    }

    /// <summary>lmoveGenericCommand: the source is argument 1, the destination argument 2.</summary>
    internal static void MoveGeneric(CommandContext ctx, bool fromHead, bool toHead)
    {
        if (!ListCommands.TryWrite(ctx, ctx.Arg(1), out var source, out var sourceEntry))
        {
            return;
        }
        if (source is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        MoveElement(ctx, source, sourceEntry!, ctx.Arg(1), ctx.Arg(2), fromHead, toHead);
    }

    /// <summary>
    /// Pops one element of <paramref name="source"/> (which is not empty) and pushes it onto the
    /// list at <paramref name="destinationKey"/>, created if missing; replies the element, or
    /// WRONGTYPE (changing nothing, returning false) when the destination holds another type. One
    /// change, as in Redis.
    /// </summary>
    internal static bool MoveElement(CommandContext ctx, RedisList source, KeyEntry sourceEntry, ReadOnlySpan<byte> sourceKey, ReadOnlySpan<byte> destinationKey,
        bool fromHead, bool toHead)
    {
        if (!ListCommands.TryWrite(ctx, destinationKey, out var destination, out var destinationEntry))
        {
            return false;
        }
        // The element's bytes live in the source's node, which the pop changes: copy them first.
        Span<byte> scratch = stackalloc byte[StackCopyLimit];
        var element = source.PeekEnd(fromHead);
        ReadOnlySpan<byte> value = element.Length <= StackCopyLimit ? scratch[..element.CopyTo(scratch)] : element.ToArray();
        source.RemoveEnd(fromHead);

        if (destination is null)
        {
            destination = ListCommands.NewList(ctx);
            ctx.Db.Add(destinationKey, destination);
        }
        else
        {
            ctx.Db.Modified(destinationEntry!);
        }
        destination.Push(value, toHead);
        ctx.Notify(KeyspaceEventClasses.List, toHead ? "lpush" : "rpush", destinationKey);
        ctx.Reply.Bulk(value);

        // Checked after the push: with the same key as source and destination the list never empties.
        ctx.Notify(KeyspaceEventClasses.List, ListCommands.PopEvent(fromHead), sourceKey);
        if (source.Count == 0)
        {
            ctx.Db.Delete(sourceEntry);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", sourceKey);
        }
        else
        {
            ctx.Db.Modified(sourceEntry);
        }
        // Redis counts the whole move as one change.
        ctx.Databases.Dirty--;
        return true;
    }

    private static void LMPop(CommandContext ctx)
    {
        if (!TryParseMultiPop(ctx, 1, out var keyCount, out var head, out var count))
        {
            return;
        }
        for (var i = 0; i < keyCount; i++)
        {
            var key = ctx.Arg(2 + i);
            if (!ListCommands.TryWrite(ctx, key, out var list, out var entry))
            {
                return;
            }
            if (list is not null)
            {
                var popped = PopRangeWithKey(ctx, list, entry!, key, head, count);
                // Logged as the plain pop of what it took from that key.
                if (PropagatedForm.Active(ctx))
                {
                    PropagatedForm.Rewrite(ctx, head ? PropagatedForm.LPop : PropagatedForm.RPop, key.ToArray(), PropagatedForm.Number(popped));
                }
                return;
            }
        }
        ctx.Reply.NullArray();
    }

    /// <summary>
    /// The arguments of LMPOP and BLMPOP after the command name (lmpopGenericCommand):
    /// numkeys at <paramref name="numKeysIndex"/>, the keys, LEFT|RIGHT, then [COUNT count].
    /// Replies the error and returns false when they are not valid.
    /// </summary>
    internal static bool TryParseMultiPop(CommandContext ctx, int numKeysIndex, out int keyCount, out bool head, out long count)
    {
        keyCount = 0;
        head = false;
        count = -1;
        if (!TryGetAtLeastOne(ctx, numKeysIndex, out var numKeys, "ERR numkeys should be greater than 0"))
        {
            return false;
        }
        // where_idx = numkeys_idx + numkeys + 1 must be an argument.
        if (numKeys >= ctx.ArgCount - numKeysIndex - 1)
        {
            ctx.SyntaxError();
            return false;
        }
        keyCount = (int)numKeys;
        var whereIndex = numKeysIndex + keyCount + 1;
        if (!TryParseSide(ctx, whereIndex, out head))
        {
            return false;
        }
        for (var j = whereIndex + 1; j < ctx.ArgCount; j++)
        {
            var moreArgs = ctx.ArgCount - 1 - j;
            if (count == -1 && ctx.Is(j, "COUNT") && moreArgs > 0)
            {
                j++;
                if (!TryGetAtLeastOne(ctx, j, out count, "ERR count should be greater than 0"))
                {
                    return false;
                }
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        if (count == -1)
        {
            count = 1;
        }
        return true;
    }

    /// <summary>getRangeLongFromObjectOrReply(1, LONG_MAX) with a message: the message for any bad value.</summary>
    private static bool TryGetAtLeastOne(CommandContext ctx, int index, out long value, string error)
    {
        if (Text.RedisNumber.TryParseInt64(ctx.Arg(index), out value) && value >= 1)
        {
            return true;
        }
        ctx.Reply.Error(error);
        return false;
    }

    /// <summary>
    /// listPopRangeAndReplyWithKey: replies [key, [elements...]] with up to <paramref name="count"/>
    /// elements from one end, removes them, and deletes the key if the list empties. Returns how many it popped.
    /// </summary>
    internal static long PopRangeWithKey(CommandContext ctx, RedisList list, KeyEntry entry, ReadOnlySpan<byte> key, bool head, long count)
    {
        ctx.Reply.ArrayHeader(2);
        ctx.Reply.Bulk(key);
        var popped = ListCommands.PopRange(ctx.Reply, list, head, count);
        ListCommands.Removed(ctx, entry, key, list, popped, ListCommands.PopEvent(head));
        return popped;
    }
}
