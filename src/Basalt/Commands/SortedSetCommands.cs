using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// The sorted set family's member commands (t_zset.c): ZADD, ZINCRBY, ZREM, ZCARD, ZSCORE,
/// ZMSCORE, ZRANK, ZREVRANK, ZCOUNT, ZLEXCOUNT, ZRANDMEMBER, ZSCAN. Ranges, pops and the
/// multi-key algebra have their own files.
/// </summary>
public static class SortedSetCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly;
    private const CommandFlags Fast = CommandFlags.Fast;

    /// <summary>ZRANDMEMBER's "copy and remove" strategy when the count is near the size (ZRANDMEMBER_SUB_STRATEGY_MUL).</summary>
    private const long RandMemberSubStrategyMultiplier = 3;

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("zadd", -4, CommandFlags.Write | CommandFlags.DenyOom | Fast, 1, 1, 1, "@write @sortedset @fast", "sorted-set", "1.2.0",
            "Add one or more members to a sorted set, or update its score if it already exists", ctx => ZAdd(ctx, ZAddOptions.None)));
        table.Add(new CommandSpec("zincrby", 4, CommandFlags.Write | CommandFlags.DenyOom | Fast, 1, 1, 1, "@write @sortedset @fast", "sorted-set", "1.2.0",
            "Increment the score of a member in a sorted set", ctx => ZAdd(ctx, ZAddOptions.Increment)));
        table.Add(new CommandSpec("zrem", -3, CommandFlags.Write | Fast, 1, 1, 1, "@write @sortedset @fast", "sorted-set", "1.2.0",
            "Remove one or more members from a sorted set", ZRem));
        table.Add(new CommandSpec("zcard", 2, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "1.2.0",
            "Get the number of members in a sorted set", ZCard));
        table.Add(new CommandSpec("zcount", 4, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "2.0.0",
            "Count the members in a sorted set with scores within the given values", ZCount));
        table.Add(new CommandSpec("zlexcount", 4, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "2.8.9",
            "Count the number of members in a sorted set between a given lexicographical range", ZLexCount));
        table.Add(new CommandSpec("zscore", 3, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "1.2.0",
            "Get the score associated with the given member in a sorted set", ZScore));
        table.Add(new CommandSpec("zmscore", -3, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "6.2.0",
            "Get the score associated with the given members in a sorted set", ZMScore));
        table.Add(new CommandSpec("zrank", 3, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "2.0.0",
            "Determine the index of a member in a sorted set", ctx => ZRank(ctx, reverse: false)));
        table.Add(new CommandSpec("zrevrank", 3, Read | Fast, 1, 1, 1, "@read @sortedset @fast", "sorted-set", "2.0.0",
            "Determine the index of a member in a sorted set, with scores ordered from high to low", ctx => ZRank(ctx, reverse: true)));
        table.Add(new CommandSpec("zrandmember", -2, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "6.2.0",
            "Get one or multiple random elements from a sorted set", ZRandMember));
        table.Add(new CommandSpec("zscan", -3, Read, 1, 1, 1, "@read @sortedset @slow", "sorted-set", "2.8.0",
            "Incrementally iterate sorted sets elements and associated scores", ZScan));
        SortedSetRangeCommands.Register(table);
        SortedSetPopCommands.Register(table);
        SortedSetAlgebraCommands.Register(table);
        SortedSetBlockingCommands.Register(table);
    }

    /// <summary>Finds a key for reading; false (after replying WRONGTYPE) when it holds no sorted set.</summary>
    internal static bool TryRead(CommandContext ctx, ReadOnlySpan<byte> key, out RedisSortedSet? set) => ctx.TryRead(key, out set);

    /// <summary>Finds a key for an in-place change; false (after replying WRONGTYPE) when it holds no sorted set.</summary>
    internal static bool TryWrite(CommandContext ctx, ReadOnlySpan<byte> key, out RedisSortedSet? set, out KeyEntry? entry) =>
        ctx.TryWrite(key, out set, out entry);

    internal static SortedSetLimits Limits(CommandContext ctx) =>
        new(ctx.Server.Config.ZsetMaxListpackEntries, ctx.Server.Config.ZsetMaxListpackValue);

    /// <summary>
    /// After members were removed: the keyspace event <paramref name="eventName"/>, then deletes the
    /// key ("del") when the set is empty, else marks it changed.
    /// </summary>
    internal static void AfterRemoval(CommandContext ctx, RedisSortedSet set, KeyEntry entry, ReadOnlySpan<byte> key, string eventName)
    {
        ctx.Notify(KeyspaceEventClasses.ZSet, eventName, key);
        if (set.Count == 0)
        {
            ctx.Db.Delete(entry);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", key);
        }
        else
        {
            ctx.Db.Modified(entry);
        }
    }

    /// <summary>
    /// ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...], and ZINCRBY as ZADD
    /// with INCR (zaddGenericCommand): options, then every score, are checked before anything changes.
    /// </summary>
    internal static void ZAdd(CommandContext ctx, ZAddOptions options)
    {
        var changedCount = false;
        var first = 2;
        for (; first < ctx.ArgCount; first++)
        {
            if (ctx.Is(first, "nx"))
            {
                options |= ZAddOptions.OnlyNew;
            }
            else if (ctx.Is(first, "xx"))
            {
                options |= ZAddOptions.OnlyExisting;
            }
            else if (ctx.Is(first, "ch"))
            {
                changedCount = true;
            }
            else if (ctx.Is(first, "incr"))
            {
                options |= ZAddOptions.Increment;
            }
            else if (ctx.Is(first, "gt"))
            {
                options |= ZAddOptions.GreaterThan;
            }
            else if (ctx.Is(first, "lt"))
            {
                options |= ZAddOptions.LessThan;
            }
            else
            {
                break;
            }
        }
        var nx = (options & ZAddOptions.OnlyNew) != 0;
        var gt = (options & ZAddOptions.GreaterThan) != 0;
        var lt = (options & ZAddOptions.LessThan) != 0;
        var increment = (options & ZAddOptions.Increment) != 0;
        var elements = ctx.ArgCount - first;
        if (elements % 2 != 0 || elements == 0)
        {
            ctx.SyntaxError();
            return;
        }
        elements /= 2;
        if (nx && (options & ZAddOptions.OnlyExisting) != 0)
        {
            ctx.Reply.Error("ERR XX and NX options at the same time are not compatible");
            return;
        }
        if ((gt && nx) || (lt && nx) || (gt && lt))
        {
            ctx.Reply.Error("ERR GT, LT, and/or NX options at the same time are not compatible");
            return;
        }
        if (increment && elements > 1)
        {
            ctx.Reply.Error("ERR INCR option supports a single increment-element pair");
            return;
        }
        Span<double> scores = elements <= 64 ? stackalloc double[elements] : new double[elements];
        for (var i = 0; i < elements; i++)
        {
            if (!ctx.TryGetDouble(first + 2 * i, out scores[i]))
            {
                return;
            }
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        long added = 0;
        long updated = 0;
        long processed = 0;
        double score = 0;
        var dirtyBefore = ctx.Databases.Dirty;
        var created = false;
        var sizeLimits = Limits(ctx);
        long listpackBytes = 0;
        for (var i = 0; (set is null || set.IsListpack) && i < elements; i++)
        {
            listpackBytes += Listpack.EntrySizeOf(ctx.Arg(first + 2 * i + 1)) + RedisSortedSet.ScoreEntrySize(scores[i]);
        }
        if (set is null)
        {
            if ((options & ZAddOptions.OnlyExisting) != 0)
            {
                ReplyZAdd(ctx, increment, changedCount, 0, 0, 0, 0);
                return;
            }
            set = sizeLimits.MaxEntries == 0 || sizeLimits.MaxValue < ctx.Args.Length(first + 1)
                ? RedisSortedSet.CreateSkiplist()
                : RedisSortedSet.CreateListpack(elements <= sizeLimits.MaxEntries ? listpackBytes : 0);
            entry = ctx.Db.Add(ctx.Arg(1), set);
            created = true;
        }
        set.Reserve(elements, listpackBytes, sizeLimits);
        for (var i = 0; i < elements; i++)
        {
            var outcome = set.Add(scores[i], ctx.Arg(first + 2 * i + 1), options, sizeLimits, out var newScore);
            if (outcome == ZAddOutcome.NotANumber)
            {
                FinishZAdd(ctx, entry!, created, dirtyBefore, added + updated, increment);
                ctx.Reply.Error("ERR resulting score is not a number (NaN)");
                return;
            }
            if ((outcome & ZAddOutcome.Added) != 0)
            {
                added++;
            }
            if ((outcome & ZAddOutcome.Updated) != 0)
            {
                updated++;
            }
            if ((outcome & ZAddOutcome.Skipped) == 0)
            {
                processed++;
            }
            score = newScore;
        }
        FinishZAdd(ctx, entry!, created, dirtyBefore, added + updated, increment);
        ReplyZAdd(ctx, increment, changedCount, added, updated, processed, score);
    }

    private static void FinishZAdd(CommandContext ctx, KeyEntry entry, bool created, long dirtyBefore, long changes, bool increment)
    {
        if (changes > 0 && !created)
        {
            ctx.Db.Modified(entry);
        }
        if (changes > 0)
        {
            ctx.Notify(KeyspaceEventClasses.ZSet, increment ? "zincr" : "zadd", ctx.Arg(1));
        }
        SetCommands.SetDirty(ctx, dirtyBefore, changes);
    }

    private static void ReplyZAdd(CommandContext ctx, bool increment, bool changedCount, long added, long updated, long processed, double score)
    {
        if (increment)
        {
            if (processed > 0)
            {
                ctx.Reply.Double(score);
            }
            else
            {
                ctx.Reply.NullBulk();
            }
        }
        else
        {
            ctx.Reply.Integer(changedCount ? added + updated : added);
        }
    }

    private static void ZRem(CommandContext ctx)
    {
        if (!TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var dirtyBefore = ctx.Databases.Dirty;
        long deleted = 0;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (set.Remove(ctx.Arg(i)))
            {
                deleted++;
            }
            if (set.Count == 0)
            {
                break;
            }
        }
        if (deleted > 0)
        {
            AfterRemoval(ctx, set, entry!, ctx.Arg(1), "zrem");
            SetCommands.SetDirty(ctx, dirtyBefore, deleted);
        }
        ctx.Reply.Integer(deleted);
    }

    private static void ZCard(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var set))
        {
            ctx.Reply.Integer(set?.Count ?? 0);
        }
    }

    private static void ZScore(CommandContext ctx)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is not null && set.TryGetScore(ctx.Arg(2), out var score))
        {
            ctx.Reply.Double(score);
        }
        else
        {
            ctx.Reply.NullBulk();
        }
    }

    private static void ZMScore(CommandContext ctx)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (set is not null && set.TryGetScore(ctx.Arg(i), out var score))
            {
                ctx.Reply.Double(score);
            }
            else
            {
                ctx.Reply.NullBulk();
            }
        }
    }

    private static void ZRank(CommandContext ctx, bool reverse)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        var rank = set?.RankOf(ctx.Arg(2), reverse) ?? -1;
        if (rank >= 0)
        {
            ctx.Reply.Integer(rank);
        }
        else
        {
            ctx.Reply.NullBulk();
        }
    }

    private static void ZCount(CommandContext ctx)
    {
        if (!ScoreRange.TryParse(ctx.Arg(2), ctx.Arg(3), out var range))
        {
            ctx.Reply.Error("ERR min or max is not a float");
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        long count = 0;
        if (set is not null)
        {
            for (var cursor = set.FirstInRange(range); cursor.IsValid && range.BelowMax(cursor.Score); cursor.MoveNext())
            {
                count++;
            }
        }
        ctx.Reply.Integer(count);
    }

    private static void ZLexCount(CommandContext ctx)
    {
        if (!LexRange.TryParse(ctx.Arg(2), ctx.Arg(3), out var range))
        {
            ctx.Reply.Error("ERR min or max not valid string range item");
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        long count = 0;
        if (set is not null)
        {
            Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
            for (var cursor = set.FirstInRange(range); cursor.IsValid && range.BelowMax(cursor.MemberBytes(scratch)); cursor.MoveNext())
            {
                count++;
            }
        }
        ctx.Reply.Integer(count);
    }

    /// <summary>
    /// Writes one member (and its score) of a reply that lists members: in RESP3 each pair is a
    /// nested two-element array, in RESP2 the pairs are flattened.
    /// </summary>
    internal static void WriteElement(CommandContext ctx, in SortedSetCursor cursor, bool withScores)
    {
        if (withScores && ctx.Reply.Protocol == 3)
        {
            ctx.Reply.ArrayHeader(2);
        }
        cursor.WriteMember(ctx.Reply);
        if (withScores)
        {
            ctx.Reply.Double(cursor.Score);
        }
    }

    /// <summary>The header of a reply of <paramref name="count"/> members, doubled for flat pairs in RESP2.</summary>
    internal static void WriteElementsHeader(CommandContext ctx, long count, bool withScores) =>
        ctx.Reply.ArrayHeader(withScores && ctx.Reply.Protocol == 2 ? count * 2 : count);

    /// <summary>ZRANDMEMBER key [count [WITHSCORES]].</summary>
    private static void ZRandMember(CommandContext ctx)
    {
        if (ctx.ArgCount >= 3)
        {
            if (!RangedLongArgs.TryGet(ctx, 2, -long.MaxValue, long.MaxValue, out var requested))
            {
                return;
            }
            var withScores = false;
            if (ctx.ArgCount > 4 || (ctx.ArgCount == 4 && !ctx.Is(3, "withscores")))
            {
                ctx.SyntaxError();
                return;
            }
            if (ctx.ArgCount == 4)
            {
                withScores = true;
                if (requested < -long.MaxValue / 2 || requested > long.MaxValue / 2)
                {
                    ctx.Reply.Error("ERR value is out of range");
                    return;
                }
            }
            ZRandMemberWithCount(ctx, requested, withScores);
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        set.RandomMember(Random.Shared).WriteMember(ctx.Reply);
    }

    private static void ZRandMemberWithCount(CommandContext ctx, long requested, bool withScores)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        var unique = requested >= 0;
        var count = Math.Abs(requested);
        if (set is null || count == 0)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        var random = Random.Shared;
        var size = set.Count;
        if (!unique || count == 1)
        {
            WriteElementsHeader(ctx, count, withScores);
            for (var i = 0; i < count; i++)
            {
                WriteElement(ctx, set.RandomMember(random), withScores);
            }
            return;
        }
        WriteElementsHeader(ctx, Math.Min(count, size), withScores);
        if (count >= size)
        {
            // The whole set, from the highest score down (Redis's zuiNext walks backwards).
            for (var cursor = set.Last; cursor.IsValid; cursor.MovePrevious())
            {
                WriteElement(ctx, cursor, withScores);
            }
            return;
        }
        if (count * RandMemberSubStrategyMultiplier > size)
        {
            // Near the whole set: choose which ranks to leave out.
            var ranks = new long[size];
            for (var i = 0; i < ranks.Length; i++)
            {
                ranks[i] = i;
            }
            random.Shuffle(ranks);
            for (var i = 0; i < count; i++)
            {
                WriteElement(ctx, set.AtRank(ranks[i], reverse: false), withScores);
            }
            return;
        }
        // Far from the whole set: draw until enough distinct members came up.
        var chosen = new HashSet<int>();
        while (chosen.Count < count)
        {
            var slot = random.Next((int)size);
            if (chosen.Add(slot))
            {
                WriteElement(ctx, set.MemberAt(slot), withScores);
            }
        }
    }

    private static void ZScan(CommandContext ctx)
    {
        if (!RedisNumber.TryParseScanCursor(ctx.Arg(2), out var cursor))
        {
            ctx.Reply.Error(Errors.InvalidCursor);
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is null)
        {
            MemberScanOptions.ReplyEmpty(ctx);
            return;
        }
        if (!MemberScanOptions.TryParse(ctx, out var options))
        {
            return;
        }
        if (set.ListpackEncoding is { } listpack)
        {
            // Small sets come whole, with the scores as the listpack stores them.
            MemberScanOptions.ReplyCursor(ctx, 0);
            var handle = ctx.Reply.BeginDeferredLength();
            long kept = 0;
            Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
            for (var position = listpack.First; position >= 0; position = listpack.Next(listpack.Next(position)))
            {
                var member = listpack.Get(position);
                if (!options.Matches(ctx, member.AsSpan(scratch)))
                {
                    continue;
                }
                WriteEntry(ctx, member);
                WriteEntry(ctx, listpack.Get(listpack.Next(position)));
                kept += 2;
            }
            ctx.Reply.EndDeferredArray(handle, kept);
            return;
        }
        var found = new List<SkipListNode>();
        cursor = set.Scan(cursor, options.Count, found);
        MemberScanOptions.ReplyCursor(ctx, cursor);
        var start = ctx.Reply.BeginDeferredLength();
        long written = 0;
        Span<byte> digits = stackalloc byte[RedisNumber.MaxDoubleChars];
        foreach (var node in found)
        {
            if (options.Matches(ctx, node.Member))
            {
                ctx.Reply.Bulk(node.Member);
                // Always a bulk string, even in RESP3 (createStringObjectFromLongDouble).
                ctx.Reply.Bulk(digits[..RedisNumber.FormatDouble(node.Score, digits)]);
                written += 2;
            }
        }
        ctx.Reply.EndDeferredArray(start, written);
    }

    private static void WriteEntry(CommandContext ctx, ListpackEntry entry)
    {
        if (entry.IsInteger)
        {
            ctx.Reply.BulkInteger(entry.Integer);
        }
        else
        {
            ctx.Reply.Bulk(entry.Bytes);
        }
    }
}
