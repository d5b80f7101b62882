using Basalt.Config.Parameters;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// Ranges of a sorted set by rank, score or member (t_zset.c's zrangeGenericCommand and
/// zremrangeGenericCommand): ZRANGE (BYSCORE, BYLEX, REV, LIMIT, WITHSCORES), ZRANGESTORE,
/// ZREVRANGE, ZRANGEBYSCORE, ZREVRANGEBYSCORE, ZRANGEBYLEX, ZREVRANGEBYLEX,
/// ZREMRANGEBYRANK, ZREMRANGEBYSCORE, ZREMRANGEBYLEX.
/// </summary>
public static class SortedSetRangeCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly;

    private enum RangeKind
    {
        /// <summary>Not given yet: ZRANGE decides from BYSCORE / BYLEX, rank otherwise.</summary>
        Auto,
        Rank,
        Score,
        Lex,
    }

    private enum Direction
    {
        Auto,
        Forward,
        Reverse,
    }

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("zrange", -4, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "1.2.0",
            "Return a range of members in a sorted set", ctx => Range(ctx, 1, store: false, RangeKind.Auto, Direction.Auto)));
        table.Add(new CommandSpec("zrangestore", -5, CommandFlags.Write | CommandFlags.DenyOom, 1, 2, 1, "@write @sortedset @slow", "sorted-set", "6.2.0",
            "Store a range of members from sorted set into another key", ctx => Range(ctx, 2, store: true, RangeKind.Auto, Direction.Auto)));
        table.Add(new CommandSpec("zrangebyscore", -4, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "1.0.5",
            "Return a range of members in a sorted set, by score", ctx => Range(ctx, 1, store: false, RangeKind.Score, Direction.Forward)));
        table.Add(new CommandSpec("zrevrangebyscore", -4, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "2.2.0",
            "Return a range of members in a sorted set, by score, with scores ordered from high to low",
            ctx => Range(ctx, 1, store: false, RangeKind.Score, Direction.Reverse)));
        table.Add(new CommandSpec("zrangebylex", -4, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "2.8.9",
            "Return a range of members in a sorted set, by lexicographical range", ctx => Range(ctx, 1, store: false, RangeKind.Lex, Direction.Forward)));
        table.Add(new CommandSpec("zrevrangebylex", -4, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "2.8.9",
            "Return a range of members in a sorted set, by lexicographical range, ordered from higher to lower strings.",
            ctx => Range(ctx, 1, store: false, RangeKind.Lex, Direction.Reverse)));
        table.Add(new CommandSpec("zrevrange", -4, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "1.2.0",
            "Return a range of members in a sorted set, by index, with scores ordered from high to low",
            ctx => Range(ctx, 1, store: false, RangeKind.Rank, Direction.Reverse)));
        table.Add(new CommandSpec("zremrangebyrank", 4, CommandFlags.Write, 1, 1, 1, "@write @sortedset @slow", "sorted-set", "2.0.0",
            "Remove all members in a sorted set within the given indexes", ctx => RemoveRange(ctx, RangeKind.Rank)));
        table.Add(new CommandSpec("zremrangebyscore", 4, CommandFlags.Write, 1, 1, 1, "@write @sortedset @slow", "sorted-set", "1.2.0",
            "Remove all members in a sorted set within the given scores", ctx => RemoveRange(ctx, RangeKind.Score)));
        table.Add(new CommandSpec("zremrangebylex", 4, CommandFlags.Write, 1, 1, 1, "@write @sortedset @slow", "sorted-set", "2.8.9",
            "Remove all members in a sorted set between the given lexicographical range", ctx => RemoveRange(ctx, RangeKind.Lex)));
    }

    /// <summary>
    /// zrangeGenericCommand: &lt;src&gt; &lt;min&gt; &lt;max&gt; [BYSCORE | BYLEX] [REV] [WITHSCORES] [LIMIT offset count],
    /// where the older commands fix the kind and the direction.
    /// </summary>
    private static void Range(CommandContext ctx, int keyIndex, bool store, RangeKind kind, Direction direction)
    {
        var withScores = false;
        long offset = 0;
        long limit = -1;
        for (var i = keyIndex + 3; i < ctx.ArgCount; i++)
        {
            var left = ctx.ArgCount - i - 1;
            if (!store && ctx.Is(i, "withscores"))
            {
                withScores = true;
            }
            else if (ctx.Is(i, "limit") && left >= 2)
            {
                if (!ctx.TryGetLong(i + 1, out offset) || !ctx.TryGetLong(i + 2, out limit))
                {
                    return;
                }
                i += 2;
            }
            else if (direction == Direction.Auto && ctx.Is(i, "rev"))
            {
                direction = Direction.Reverse;
            }
            else if (kind == RangeKind.Auto && ctx.Is(i, "bylex"))
            {
                kind = RangeKind.Lex;
            }
            else if (kind == RangeKind.Auto && ctx.Is(i, "byscore"))
            {
                kind = RangeKind.Score;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (direction == Direction.Auto)
        {
            direction = Direction.Forward;
        }
        if (kind == RangeKind.Auto)
        {
            kind = RangeKind.Rank;
        }
        if (limit != -1 && kind == RangeKind.Rank)
        {
            ctx.Reply.Error("ERR syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX");
            return;
        }
        if (withScores && kind == RangeKind.Lex)
        {
            ctx.Reply.Error("ERR syntax error, WITHSCORES not supported in combination with BYLEX");
            return;
        }
        var reverse = direction == Direction.Reverse;
        var minIndex = keyIndex + 1;
        var maxIndex = keyIndex + 2;
        if (reverse && kind != RangeKind.Rank)
        {
            // Score and member ranges are given as max, min when reversed.
            (minIndex, maxIndex) = (maxIndex, minIndex);
        }
        long start = 0;
        long end = 0;
        ScoreRange scores = default;
        LexRange members = default;
        switch (kind)
        {
            case RangeKind.Rank:
                if (!ctx.TryGetLong(minIndex, out start) || !ctx.TryGetLong(maxIndex, out end))
                {
                    return;
                }
                break;
            case RangeKind.Score:
                if (!ScoreRange.TryParse(ctx.Arg(minIndex), ctx.Arg(maxIndex), out scores))
                {
                    ctx.Reply.Error("ERR min or max is not a float");
                    return;
                }
                break;
            default:
                if (!LexRange.TryParse(ctx.Arg(minIndex), ctx.Arg(maxIndex), out members))
                {
                    ctx.Reply.Error("ERR min or max not valid string range item");
                    return;
                }
                break;
        }
        var output = store ? SortedSetRangeOutput.ToStore(ctx, 1, "zrangestore") : SortedSetRangeOutput.ToClient(ctx, withScores);
        var entry = ctx.Db.LookupRead(ctx.Arg(keyIndex));
        if (entry is null)
        {
            if (store)
            {
                output.Begin(-1);
                output.Finish(0);
            }
            else
            {
                ctx.Reply.ArrayHeader(0);
            }
            return;
        }
        if (entry.Value is not RedisSortedSet set)
        {
            ctx.WrongType();
            return;
        }
        switch (kind)
        {
            case RangeKind.Rank:
                RangeByRank(ref output, set, start, end, reverse);
                break;
            case RangeKind.Score:
                RangeByScore(ref output, set, scores, offset, limit, reverse);
                break;
            default:
                RangeByLex(ref output, set, members, offset, limit, reverse);
                break;
        }
    }

    /// <summary>Clamps a rank range the way every rank command does; false when it is empty.</summary>
    private static bool TryNormalizeRanks(long length, ref long start, ref long end)
    {
        if (start < 0)
        {
            start += length;
        }
        if (end < 0)
        {
            end += length;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (start > end || start >= length)
        {
            return false;
        }
        if (end >= length)
        {
            end = length - 1;
        }
        return true;
    }

    private static void RangeByRank(ref SortedSetRangeOutput output, RedisSortedSet set, long start, long end, bool reverse)
    {
        if (!TryNormalizeRanks(set.Count, ref start, ref end))
        {
            output.Begin(0);
            output.Finish(0);
            return;
        }
        var length = end - start + 1;
        output.Begin(length);
        var cursor = set.AtRank(start, reverse);
        for (var i = 0; i < length; i++)
        {
            output.Emit(cursor);
            cursor.Move(reverse);
        }
        output.Finish(length);
    }

    /// <summary>
    /// genericZrangebyscoreCommand: from the first (or last) member in range, skip
    /// <paramref name="offset"/> members, then take up to <paramref name="limit"/> (negative:
    /// no limit) while in range. As in Redis, a negative offset skips everything.
    /// </summary>
    private static void RangeByScore(ref SortedSetRangeOutput output, RedisSortedSet set, in ScoreRange range, long offset, long limit, bool reverse)
    {
        output.Begin(-1);
        if (offset > 0 && offset >= set.Count)
        {
            output.Finish(0);
            return;
        }
        var cursor = reverse ? set.LastInRange(range) : set.FirstInRange(range);
        while (cursor.IsValid && offset-- != 0)
        {
            cursor.Move(reverse);
        }
        long count = 0;
        while (cursor.IsValid && limit-- != 0)
        {
            var score = cursor.Score;
            if (reverse ? !range.AboveMin(score) : !range.BelowMax(score))
            {
                break;
            }
            output.Emit(cursor);
            count++;
            cursor.Move(reverse);
        }
        output.Finish(count);
    }

    /// <summary>genericZrangebylexCommand: as <see cref="RangeByScore"/> over members.</summary>
    private static void RangeByLex(ref SortedSetRangeOutput output, RedisSortedSet set, in LexRange range, long offset, long limit, bool reverse)
    {
        output.Begin(-1);
        var cursor = reverse ? set.LastInRange(range) : set.FirstInRange(range);
        while (cursor.IsValid && offset-- != 0)
        {
            cursor.Move(reverse);
        }
        long count = 0;
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        while (cursor.IsValid && limit-- != 0)
        {
            var member = cursor.MemberBytes(scratch);
            if (reverse ? !range.AboveMin(member) : !range.BelowMax(member))
            {
                break;
            }
            output.Emit(cursor);
            count++;
            cursor.Move(reverse);
        }
        output.Finish(count);
    }

    /// <summary>zremrangeGenericCommand: the range is parsed before the key is looked up.</summary>
    private static void RemoveRange(CommandContext ctx, RangeKind kind)
    {
        long start = 0;
        long end = 0;
        ScoreRange scores = default;
        LexRange members = default;
        switch (kind)
        {
            case RangeKind.Rank:
                if (!ctx.TryGetLong(2, out start) || !ctx.TryGetLong(3, out end))
                {
                    return;
                }
                break;
            case RangeKind.Score:
                if (!ScoreRange.TryParse(ctx.Arg(2), ctx.Arg(3), out scores))
                {
                    ctx.Reply.Error("ERR min or max is not a float");
                    return;
                }
                break;
            default:
                if (!LexRange.TryParse(ctx.Arg(2), ctx.Arg(3), out members))
                {
                    ctx.Reply.Error("ERR min or max not valid string range item");
                    return;
                }
                break;
        }
        if (!SortedSetCommands.TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        long deleted;
        if (kind == RangeKind.Rank)
        {
            if (!TryNormalizeRanks(set.Count, ref start, ref end))
            {
                ctx.Reply.Integer(0);
                return;
            }
            deleted = set.RemoveRangeByRank(start, end);
        }
        else
        {
            deleted = kind == RangeKind.Score ? set.RemoveRange(scores) : set.RemoveRange(members);
        }
        var dirtyBefore = ctx.Databases.Dirty;
        if (deleted > 0)
        {
            SortedSetCommands.AfterRemoval(ctx, set, entry!, ctx.Arg(1), kind switch
            {
                RangeKind.Rank => "zremrangebyrank",
                RangeKind.Score => "zremrangebyscore",
                _ => "zremrangebylex",
            });
        }
        SetCommands.SetDirty(ctx, dirtyBefore, deleted);
        ctx.Reply.Integer(deleted);
    }
}
