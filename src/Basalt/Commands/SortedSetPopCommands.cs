using Basalt.Config.Parameters;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// Popping the lowest or highest members (t_zset.c's genericZpopCommand): ZPOPMIN, ZPOPMAX and
/// ZMPOP, with their four reply shapes (flat or nested pairs, with or without the key name).
/// </summary>
public static class SortedSetPopCommands
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("zpopmin", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @sortedset @fast", "sorted-set", "5.0.0",
            "Remove and return members with the lowest scores in a sorted set", ctx => PopMinMax(ctx, max: false)));
        table.Add(new CommandSpec("zpopmax", -2, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @sortedset @fast", "sorted-set", "5.0.0",
            "Remove and return members with the highest scores in a sorted set", ctx => PopMinMax(ctx, max: true)));
        table.Add(new CommandSpec("zmpop", -4, CommandFlags.Write | CommandFlags.MovableKeys, 0, 0, 0, "@write @sortedset @slow", "sorted-set", "7.0.0",
            "Remove and return members with scores in a sorted set", MPop));
    }

    /// <summary>ZPOPMIN / ZPOPMAX key [count].</summary>
    private static void PopMinMax(CommandContext ctx, bool max)
    {
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        long count = -1;
        if (ctx.ArgCount == 3 && !RangedLongArgs.TryGetPositive(ctx, 2, out count))
        {
            return;
        }
        // RESP3 nests the pairs only when a count was given.
        var nested = ctx.Reply.Protocol == 3 && count != -1;
        Pop(ctx, 1, 1, max, emitKey: false, count, nested, nullWhenEmpty: false);
    }

    /// <summary>ZMPOP numkeys key [key ...] MIN|MAX [COUNT count].</summary>
    private static void MPop(CommandContext ctx)
    {
        if (!TryParseMPop(ctx, 1, out var numKeys, out var max, out var count))
        {
            return;
        }
        var (keyIndex, popped) = Pop(ctx, 2, numKeys, max, emitKey: true, count, nested: true, nullWhenEmpty: true);
        // Logged as ZPOPMIN/ZPOPMAX of what it took from that key.
        if (popped > 0 && PropagatedForm.Active(ctx))
        {
            PropagatedForm.Rewrite(ctx, PopForm(max, ctx.Arg(keyIndex), count, popped));
        }
    }

    /// <summary>
    /// How a pop from a blocking or multi-key form is logged: ZPOPMIN/ZPOPMAX key, with the number
    /// popped when a count was given (<paramref name="count"/> -1 is the plain single pop).
    /// </summary>
    internal static byte[][] PopForm(bool max, ReadOnlySpan<byte> key, long count, long popped) =>
        count == -1
            ? [max ? PropagatedForm.ZPopMax : PropagatedForm.ZPopMin, key.ToArray()]
            : [max ? PropagatedForm.ZPopMax : PropagatedForm.ZPopMin, key.ToArray(), PropagatedForm.Number(popped)];

    /// <summary>
    /// The arguments of ZMPOP and BZMPOP from the numkeys at <paramref name="numKeysIndex"/>:
    /// false after replying the error.
    /// </summary>
    internal static bool TryParseMPop(CommandContext ctx, int numKeysIndex, out int numKeys, out bool max, out long count)
    {
        numKeys = 0;
        max = false;
        count = -1;
        if (!RangedLongArgs.TryGet(ctx, numKeysIndex, 1, long.MaxValue, out var keys, "ERR numkeys should be greater than 0"))
        {
            return false;
        }
        // MIN|MAX comes after the keys; Redis's index sum cannot overflow into range either.
        if (keys >= ctx.ArgCount - numKeysIndex - 1)
        {
            ctx.SyntaxError();
            return false;
        }
        var whereIndex = numKeysIndex + (int)keys + 1;
        if (ctx.Is(whereIndex, "min"))
        {
            max = false;
        }
        else if (ctx.Is(whereIndex, "max"))
        {
            max = true;
        }
        else
        {
            ctx.SyntaxError();
            return false;
        }
        for (var i = whereIndex + 1; i < ctx.ArgCount; i++)
        {
            if (count == -1 && ctx.Is(i, "count") && i + 1 < ctx.ArgCount)
            {
                i++;
                if (!RangedLongArgs.TryGet(ctx, i, 1, long.MaxValue, out count, "ERR count should be greater than 0"))
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
        numKeys = (int)keys;
        return true;
    }

    /// <summary>
    /// genericZpopCommand: pops from the first of the keys that exists (type errors stop at the
    /// first key of another type). <paramref name="count"/> -1 is the plain single pop. Returns the
    /// index of the key it popped from and how many it popped (0 when none).
    /// </summary>
    internal static (int KeyIndex, long Popped) Pop(CommandContext ctx, int firstKey, int keyCount, bool max, bool emitKey, long count, bool nested, bool nullWhenEmpty)
    {
        RedisSortedSet? set = null;
        Keyspace.KeyEntry? entry = null;
        var keyIndex = firstKey;
        for (var i = 0; i < keyCount; i++)
        {
            keyIndex = firstKey + i;
            if (!SortedSetCommands.TryWrite(ctx, ctx.Arg(keyIndex), out set, out entry))
            {
                return (keyIndex, 0);
            }
            if (set is not null)
            {
                break;
            }
        }
        if (set is null)
        {
            if (nullWhenEmpty)
            {
                ctx.Reply.NullArray();
            }
            else
            {
                ctx.Reply.ArrayHeader(0);
            }
            return (keyIndex, 0);
        }
        return (keyIndex, PopFrom(ctx, set, entry!, ctx.Arg(keyIndex), max, emitKey, count, nested));
    }

    /// <summary>Pops from a set known to exist and replies in the shape the caller asks for; returns how many it popped.</summary>
    internal static long PopFrom(CommandContext ctx, RedisSortedSet set, Keyspace.KeyEntry entry, ReadOnlySpan<byte> key,
        bool max, bool emitKey, long count, bool nested)
    {
        if (count == 0)
        {
            ctx.Reply.ArrayHeader(0);
            return 0;
        }
        if (count == -1)
        {
            count = 1;
        }
        var popped = Math.Min(count, set.Count);
        var reply = ctx.Reply;
        if (!nested && !emitKey)
        {
            reply.ArrayHeader(popped * 2);
        }
        else if (nested && !emitKey)
        {
            reply.ArrayHeader(popped);
        }
        else if (!nested)
        {
            reply.ArrayHeader(popped * 2 + 1);
            reply.Bulk(key);
        }
        else
        {
            reply.ArrayHeader(2);
            reply.Bulk(key);
            reply.ArrayHeader(popped);
        }
        var dirtyBefore = ctx.Databases.Dirty;
        Span<byte> scratch = stackalloc byte[Types.Encodings.ListpackEntry.MaxIntegerChars];
        for (var i = 0; i < popped; i++)
        {
            var cursor = max ? set.Last : set.First;
            if (nested)
            {
                reply.ArrayHeader(2);
            }
            cursor.WriteMember(reply);
            reply.Double(cursor.Score);
            set.Remove(cursor.MemberBytes(scratch));
        }
        SortedSetCommands.AfterRemoval(ctx, set, entry, key, max ? "zpopmax" : "zpopmin");
        SetCommands.SetDirty(ctx, dirtyBefore, popped);
        return popped;
    }
}
