using Basalt.Config.Parameters;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// Sorted set algebra (t_zset.c's zunionInterDiffGenericCommand): ZUNION, ZINTER, ZDIFF, their
/// STORE forms, and ZINTERCARD. Inputs may be sorted sets or plain sets (whose members score 1).
/// The result is built as a skiplist and, when stored, turned into a listpack if small, as Redis does.
/// </summary>
public static class SortedSetAlgebraCommands
{
    private enum Operation
    {
        Union,
        Intersection,
        Difference,
    }

    private enum Aggregate
    {
        Sum,
        Min,
        Max,
    }

    /// <summary>One input: a sorted set, a set, or nothing (a missing key), with its weight.</summary>
    private sealed class Source
    {
        public RedisSortedSet? SortedSet;
        public RedisSet? Set;
        public double Weight = 1.0;

        public long Count => SortedSet?.Count ?? Set?.Count ?? 0;

        public object? Value => (object?)SortedSet ?? Set;

        /// <summary>zuiFind: the member's score in this input (1 for a set member).</summary>
        public bool TryFind(ReadOnlySpan<byte> member, out double score)
        {
            score = 1.0;
            if (SortedSet is not null)
            {
                return SortedSet.TryGetScore(member, out score);
            }
            return Set is not null && Set.Contains(member);
        }
    }

    /// <summary>One element of an input: its member and its (unweighted) score.</summary>
    private readonly record struct Element(byte[] Member, double Score);

    public static void Register(CommandTable table)
    {
        const CommandFlags Read = CommandFlags.ReadOnly | CommandFlags.MovableKeys;
        const CommandFlags Store = CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.MovableKeys;
        table.Add(new CommandSpec("zunion", -3, Read, 0, 0, 0, "@read @sortedset @slow", "sorted-set", "6.2.0",
            "Add multiple sorted sets", ctx => Combine(ctx, -1, 1, Operation.Union, cardinalityOnly: false)));
        table.Add(new CommandSpec("zinter", -3, Read, 0, 0, 0, "@read @sortedset @slow", "sorted-set", "6.2.0",
            "Intersect multiple sorted sets", ctx => Combine(ctx, -1, 1, Operation.Intersection, cardinalityOnly: false)));
        table.Add(new CommandSpec("zdiff", -3, Read, 0, 0, 0, "@read @sortedset @slow", "sorted-set", "6.2.0",
            "Subtract multiple sorted sets", ctx => Combine(ctx, -1, 1, Operation.Difference, cardinalityOnly: false)));
        table.Add(new CommandSpec("zunionstore", -4, Store, 1, 1, 1, "@write @sortedset @slow", "sorted-set", "2.0.0",
            "Add multiple sorted sets and store the resulting sorted set in a new key",
            ctx => Combine(ctx, 1, 2, Operation.Union, cardinalityOnly: false)));
        table.Add(new CommandSpec("zinterstore", -4, Store, 1, 1, 1, "@write @sortedset @slow", "sorted-set", "2.0.0",
            "Intersect multiple sorted sets and store the resulting sorted set in a new key",
            ctx => Combine(ctx, 1, 2, Operation.Intersection, cardinalityOnly: false)));
        table.Add(new CommandSpec("zdiffstore", -4, Store, 1, 1, 1, "@write @sortedset @slow", "sorted-set", "6.2.0",
            "Subtract multiple sorted sets and store the resulting sorted set in a new key",
            ctx => Combine(ctx, 1, 2, Operation.Difference, cardinalityOnly: false)));
        table.Add(new CommandSpec("zintercard", -3, Read, 0, 0, 0, "@read @sortedset @slow", "sorted-set", "7.0.0",
            "Intersect multiple sorted sets and return the cardinality of the result",
            ctx => Combine(ctx, -1, 1, Operation.Intersection, cardinalityOnly: true)));
    }

    private static void Combine(CommandContext ctx, int destinationIndex, int numKeysIndex, Operation operation, bool cardinalityOnly)
    {
        if (!ctx.TryGetLong(numKeysIndex, out var setCount))
        {
            return;
        }
        if (setCount < 1)
        {
            ctx.Reply.Error($"ERR at least 1 input key is needed for '{ctx.Command.FullName}' command");
            return;
        }
        if (setCount > ctx.ArgCount - (numKeysIndex + 1))
        {
            ctx.SyntaxError();
            return;
        }
        var sources = new Source[setCount];
        for (var i = 0; i < sources.Length; i++)
        {
            var source = sources[i] = new Source();
            var entry = ctx.Db.LookupRead(ctx.Arg(numKeysIndex + 1 + i));
            if (entry is null)
            {
                continue;
            }
            source.SortedSet = entry.Value as RedisSortedSet;
            source.Set = entry.Value as RedisSet;
            if (source.Value is null)
            {
                ctx.WrongType();
                return;
            }
        }
        if (!TryParseOptions(ctx, numKeysIndex + 1 + (int)setCount, sources, destinationIndex > 0, operation, cardinalityOnly,
                out var aggregate, out var withScores, out var limit))
        {
            return;
        }
        if (operation != Operation.Difference)
        {
            // Smallest first: the intersection walks the smallest input. A stable sort, as the qsort
            // Redis is built with: inputs of one size keep their order, so scores add up in Redis's
            // order (floating-point sums depend on it: 0.1 + 1e16 - 1e16 is not 1e16 - 1e16 + 0.1).
            sources = [.. sources.OrderBy(static source => source.Count)];
        }
        var result = RedisSortedSet.CreateSkiplist();
        long cardinality = 0;
        switch (operation)
        {
            case Operation.Intersection:
                cardinality = Intersect(sources, aggregate, cardinalityOnly ? null : result, limit);
                break;
            case Operation.Union:
                Union(sources, aggregate, result);
                break;
            default:
                Subtract(sources, result);
                break;
        }
        if (destinationIndex > 0)
        {
            var key = ctx.Arg(destinationIndex);
            if (result.Count > 0)
            {
                result.ConvertToListpackIfSmall(SortedSetCommands.Limits(ctx));
                ctx.Db.Set(key, result);
                ctx.Reply.Integer(result.Count);
                ctx.Notify(KeyspaceEventClasses.ZSet, operation switch
                {
                    Operation.Union => "zunionstore",
                    Operation.Intersection => "zinterstore",
                    _ => "zdiffstore",
                }, key);
            }
            else
            {
                if (ctx.Db.Delete(key))
                {
                    ctx.Notify(KeyspaceEventClasses.Generic, "del", key);
                }
                ctx.Reply.Integer(0);
            }
        }
        else if (cardinalityOnly)
        {
            ctx.Reply.Integer(cardinality);
        }
        else
        {
            SortedSetCommands.WriteElementsHeader(ctx, result.Count, withScores);
            for (var cursor = result.First; cursor.IsValid; cursor.MoveNext())
            {
                SortedSetCommands.WriteElement(ctx, cursor, withScores);
            }
        }
    }

    /// <summary>WEIGHTS, AGGREGATE, WITHSCORES and LIMIT, each where its command allows it.</summary>
    private static bool TryParseOptions(CommandContext ctx, int first, Source[] sources, bool store, Operation operation, bool cardinalityOnly,
        out Aggregate aggregate, out bool withScores, out long limit)
    {
        aggregate = Aggregate.Sum;
        withScores = false;
        limit = 0;
        var algebra = operation != Operation.Difference && !cardinalityOnly;
        for (var j = first; j < ctx.ArgCount;)
        {
            var remaining = ctx.ArgCount - j;
            if (algebra && remaining >= sources.Length + 1 && ctx.Is(j, "weights"))
            {
                j++;
                foreach (var source in sources)
                {
                    if (!ctx.TryGetDouble(j++, out source.Weight, "ERR weight value is not a float"))
                    {
                        return false;
                    }
                }
            }
            else if (algebra && remaining >= 2 && ctx.Is(j, "aggregate"))
            {
                j++;
                if (ctx.Is(j, "sum"))
                {
                    aggregate = Aggregate.Sum;
                }
                else if (ctx.Is(j, "min"))
                {
                    aggregate = Aggregate.Min;
                }
                else if (ctx.Is(j, "max"))
                {
                    aggregate = Aggregate.Max;
                }
                else
                {
                    ctx.SyntaxError();
                    return false;
                }
                j++;
            }
            else if (remaining >= 1 && !store && !cardinalityOnly && ctx.Is(j, "withscores"))
            {
                j++;
                withScores = true;
            }
            else if (cardinalityOnly && remaining >= 2 && ctx.Is(j, "limit"))
            {
                if (!RangedLongArgs.TryGetPositive(ctx, j + 1, out limit, "ERR LIMIT can't be negative"))
                {
                    return false;
                }
                j += 2;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        return true;
    }

    /// <summary>zunionInterAggregate; a sum of +inf and -inf is 0 rather than NaN.</summary>
    private static double Combine(double target, double value, Aggregate aggregate)
    {
        switch (aggregate)
        {
            case Aggregate.Sum:
                var sum = target + value;
                return double.IsNaN(sum) ? 0.0 : sum;
            case Aggregate.Min:
                return value < target ? value : target;
            default:
                return value > target ? value : target;
        }
    }

    /// <summary>A weighted score; NaN (0 × inf) counts as 0.</summary>
    private static double Weighted(double weight, double score)
    {
        var weighted = weight * score;
        return double.IsNaN(weighted) ? 0.0 : weighted;
    }

    /// <summary>The elements of an input, from the highest score down for sorted sets (zuiNext).</summary>
    private static List<Element> ElementsOf(Source source)
    {
        var elements = new List<Element>((int)Math.Min(source.Count, 1 << 20));
        if (source.SortedSet is { } sortedSet)
        {
            for (var cursor = sortedSet.Last; cursor.IsValid; cursor.MovePrevious())
            {
                elements.Add(new Element(cursor.MemberArray(), cursor.Score));
            }
        }
        else if (source.Set is { } set)
        {
            for (var i = 0; i < set.Count; i++)
            {
                elements.Add(new Element(set[i].ToArray(), 1.0));
            }
        }
        return elements;
    }

    /// <summary>Members of the smallest input that every input holds; the count, or (into the result) the members.</summary>
    private static long Intersect(Source[] sources, Aggregate aggregate, RedisSortedSet? result, long limit)
    {
        long cardinality = 0;
        if (sources[0].Count == 0)
        {
            return 0;
        }
        foreach (var element in ElementsOf(sources[0]))
        {
            var score = Weighted(sources[0].Weight, element.Score);
            var inAll = true;
            for (var j = 1; j < sources.Length && inAll; j++)
            {
                if (ReferenceEquals(sources[j].Value, sources[0].Value))
                {
                    score = Combine(score, element.Score * sources[j].Weight, aggregate);
                }
                else if (sources[j].TryFind(element.Member, out var value))
                {
                    score = Combine(score, value * sources[j].Weight, aggregate);
                }
                else
                {
                    inAll = false;
                }
            }
            if (!inAll)
            {
                continue;
            }
            cardinality++;
            if (result is null)
            {
                if (limit > 0 && cardinality >= limit)
                {
                    break;
                }
            }
            else
            {
                result.AddNew(score, element.Member);
            }
        }
        return cardinality;
    }

    /// <summary>A member of a union being built, with its score so far.</summary>
    private sealed class Accumulated(byte[] member, double score)
    {
        public byte[] Member { get; } = member;

        public double Score { get; set; } = score;

        public readonly struct Key : IMemberKey<Accumulated>
        {
            public static ReadOnlySpan<byte> KeyOf(Accumulated item) => item.Member;

            public static long SizeOf(Accumulated item) => 32;
        }
    }

    private static void Union(Source[] sources, Aggregate aggregate, RedisSortedSet result)
    {
        // Presized for the largest input (the last one, after sorting by size).
        var accumulator = new MemberTable<Accumulated, Accumulated.Key>((int)Math.Min(sources[^1].Count, 1 << 20));
        foreach (var source in sources)
        {
            if (source.Count == 0)
            {
                continue;
            }
            foreach (var element in ElementsOf(source))
            {
                var score = Weighted(source.Weight, element.Score);
                if (accumulator.Find(element.Member) is { } existing)
                {
                    existing.Score = Combine(existing.Score, score, aggregate);
                }
                else
                {
                    accumulator.AddNew(new Accumulated(element.Member, score));
                }
            }
        }
        for (var i = 0; i < accumulator.Count; i++)
        {
            result.AddNew(accumulator[i].Score, accumulator[i].Member);
        }
    }

    /// <summary>Members of the first input that no other input holds (nothing when another input is the first itself).</summary>
    private static void Subtract(Source[] sources, RedisSortedSet result)
    {
        if (sources[0].Count == 0)
        {
            return;
        }
        for (var j = 1; j < sources.Length; j++)
        {
            if (ReferenceEquals(sources[j].Value, sources[0].Value))
            {
                return;
            }
        }
        foreach (var element in ElementsOf(sources[0]))
        {
            var elsewhere = false;
            for (var j = 1; j < sources.Length && !elsewhere; j++)
            {
                elsewhere = sources[j].TryFind(element.Member, out _);
            }
            if (!elsewhere)
            {
                result.AddNew(element.Score, element.Member);
            }
        }
    }
}
