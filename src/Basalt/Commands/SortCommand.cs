using Basalt.Config.Parameters;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// SORT and SORT_RO (sort.c's sortCommandGeneric): the elements of a list, set or sorted set,
/// sorted as numbers or strings (ALPHA), by themselves or by weights in other keys (BY), cut with
/// LIMIT, and replaced by values from other keys (GET), replied or stored as a list (STORE).
/// Redis's quirks are kept because they are visible: BY without '*' means no sorting at all (and
/// sticks even if another BY follows), a set that would go unsorted into STORE is sorted ALPHA so
/// that the stored list is deterministic, a sorted set in a listpack is converted to a skip list
/// for good, and ties keep the order of Redis's sort routines.
/// </summary>
public static class SortCommand
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("sort", -2, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.MovableKeys, 1, 1, 1,
            "@write @set @sortedset @list @slow @dangerous", "generic", "1.0.0",
            "Sort the elements in a list, set or sorted set", static ctx => Sort(ctx, readOnly: false)));
        table.Add(new CommandSpec("sort_ro", -2, CommandFlags.ReadOnly | CommandFlags.MovableKeys, 1, 1, 1,
            "@read @set @sortedset @list @slow @dangerous", "generic", "7.0.0",
            "Sort the elements in a list, set or sorted set. Read-only variant of SORT.", static ctx => Sort(ctx, readOnly: true)));
    }

    /// <summary>The options of one SORT command line.</summary>
    private sealed class SortRequest
    {
        public bool Descending;
        public bool Alpha;

        /// <summary>A BY pattern without '*' was given: the elements keep the collection's order.</summary>
        public bool DontSort;

        public long LimitStart;
        public long LimitCount = -1;
        public SortPattern? By;
        public int StoreIndex = -1;
        public List<SortPattern>? Gets;

        public int GetCount => Gets?.Count ?? 0;
    }

    private static void Sort(CommandContext ctx, bool readOnly)
    {
        if (!TryParse(ctx, readOnly, out var request))
        {
            return;
        }
        var entry = ctx.Db.LookupRead(ctx.Arg(1));
        var collection = entry?.Value;
        if (collection is not null and not (RedisList or RedisSet or RedisSortedSet))
        {
            ctx.WrongType();
            return;
        }
        var storing = request.StoreIndex > 0;
        if (request.DontSort && collection is RedisSet && storing)
        {
            // The set's own order is not something to store (or to replicate): sort the elements.
            request.DontSort = false;
            request.Alpha = true;
            request.By = null;
        }
        if (collection is RedisSortedSet { IsListpack: true } listpackSet)
        {
            // Redis converts a sorted set to its skip list form before sorting, and leaves it so.
            // Not a change of contents: no dirty count and no WATCH invalidation (Modified), as in Redis.
            ctx.Db.PrepareInPlaceWrite(entry!);
            listpackSet.ConvertToSkiplist();
        }

        var length = collection switch
        {
            RedisList list => (int)list.Count,
            RedisSet set => set.Count,
            RedisSortedSet sortedSet => (int)sortedSet.Count,
            _ => 0,
        };
        // LIMIT clamped to the collection, exactly as Redis computes it.
        long start = Math.Min(Math.Max(request.LimitStart, 0), length);
        var count = Math.Min(Math.Max(request.LimitCount, -1), length);
        long end = count < 0 ? length - 1 : start + count - 1;
        if (start >= length)
        {
            start = length - 1;
            end = length - 2;
        }
        if (end >= length)
        {
            end = length - 1;
        }

        SortElement[] elements;
        if (request.DontSort && collection is RedisList or RedisSortedSet)
        {
            // Only the range wanted is read, in the collection's order (reversed for DESC).
            elements = LoadRange(collection, (int)start, (int)(end - start + 1), request.Descending);
            end -= start;
            start = 0;
        }
        else
        {
            elements = LoadAll(collection, length);
        }

        var conversionError = false;
        if (!request.DontSort)
        {
            conversionError = Weigh(ctx, request, elements);
            if (!conversionError)
            {
                var comparer = new SortElementComparer(request.Alpha, request.By is not null, storing, request.Descending);
                if (request.By is not null && (start != 0 || end != elements.Length - 1))
                {
                    PartialQuicksort.Sort(elements.AsSpan(), (int)start, (int)end, comparer);
                }
                else
                {
                    elements.AsSpan().Sort(new StableSortElementComparer(comparer));
                }
            }
        }

        var selected = end - start + 1;
        var outputLength = request.GetCount > 0 ? request.GetCount * selected : selected;
        if (conversionError)
        {
            ctx.Reply.Error("ERR One or more scores can't be converted into double");
        }
        else if (!storing)
        {
            Reply(ctx, request, elements, (int)start, (int)end, outputLength);
        }
        else
        {
            Store(ctx, request, elements, (int)start, (int)end, outputLength);
        }
    }

    /// <summary>Parses the options after the key; false after replying the error.</summary>
    private static bool TryParse(CommandContext ctx, bool readOnly, out SortRequest request)
    {
        request = new SortRequest();
        for (var j = 2; j < ctx.ArgCount; j++)
        {
            var left = ctx.ArgCount - j - 1;
            if (ctx.Is(j, "asc"))
            {
                request.Descending = false;
            }
            else if (ctx.Is(j, "desc"))
            {
                request.Descending = true;
            }
            else if (ctx.Is(j, "alpha"))
            {
                request.Alpha = true;
            }
            else if (ctx.Is(j, "limit") && left >= 2)
            {
                if (!ctx.TryGetLong(j + 1, out request.LimitStart) || !ctx.TryGetLong(j + 2, out request.LimitCount))
                {
                    return false;
                }
                j += 2;
            }
            else if (!readOnly && ctx.Is(j, "store") && left >= 1)
            {
                request.StoreIndex = j + 1;
                j++;
            }
            else if (ctx.Is(j, "by") && left >= 1)
            {
                var pattern = ctx.Arg(j + 1);
                request.By = new SortPattern(pattern.ToArray());
                if (!SortPattern.HasStar(pattern))
                {
                    request.DontSort = true;
                }
                j++;
            }
            else if (ctx.Is(j, "get") && left >= 1)
            {
                (request.Gets ??= []).Add(new SortPattern(ctx.Arg(j + 1).ToArray()));
                j++;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        return true;
    }

    /// <summary>Every element, in the collection's order (a sorted set's in score order).</summary>
    private static SortElement[] LoadAll(RedisObject? collection, int length)
    {
        var elements = new SortElement[length];
        switch (collection)
        {
            case RedisList list:
                {
                    var i = 0;
                    for (var cursor = list.Seek(0); cursor.IsValid; list.MoveNext(ref cursor))
                    {
                        elements[i] = new SortElement(list.Get(cursor).ToArray(), i);
                        i++;
                    }
                    break;
                }
            case RedisSet set:
                for (var i = 0; i < length; i++)
                {
                    elements[i] = new SortElement(set[i].ToArray(), i);
                }
                break;
            case RedisSortedSet sortedSet:
                {
                    var i = 0;
                    for (var cursor = sortedSet.First; cursor.IsValid; cursor.MoveNext())
                    {
                        elements[i] = new SortElement(cursor.MemberArray(), i);
                        i++;
                    }
                    break;
                }
        }
        return elements;
    }

    /// <summary><paramref name="count"/> elements of a list or sorted set from position <paramref name="start"/>, counted from the tail for DESC.</summary>
    private static SortElement[] LoadRange(RedisObject? collection, int start, int count, bool descending)
    {
        if (count <= 0)
        {
            return [];
        }
        var elements = new SortElement[count];
        if (collection is RedisList list)
        {
            var cursor = list.Seek(descending ? list.Count - start - 1 : start);
            for (var i = 0; i < count && cursor.IsValid; i++)
            {
                elements[i] = new SortElement(list.Get(cursor).ToArray(), i);
                if (descending)
                {
                    list.MovePrevious(ref cursor);
                }
                else
                {
                    list.MoveNext(ref cursor);
                }
            }
        }
        else if (collection is RedisSortedSet sortedSet)
        {
            var cursor = sortedSet.AtRank(start, descending);
            for (var i = 0; i < count; i++)
            {
                elements[i] = new SortElement(cursor.MemberArray(), i);
                cursor.Move(descending);
            }
        }
        return elements;
    }

    /// <summary>
    /// Fills in what each element is sorted by: its BY weight or itself, as a number, or for ALPHA
    /// with BY the weight's string. Returns true when some value is not a number; every weight is
    /// still looked up, as Redis does (the lookups count as keyspace hits and misses).
    /// </summary>
    private static bool Weigh(CommandContext ctx, SortRequest request, SortElement[] elements)
    {
        if (request.Alpha && request.By is null)
        {
            return false;
        }
        Span<byte> scratch = stackalloc byte[SortPattern.ScratchLength];
        var error = false;
        for (var i = 0; i < elements.Length; i++)
        {
            scoped ReadOnlySpan<byte> weight = elements[i].Value;
            if (request.By is not null && !request.By.TryLookup(ctx.Db, elements[i].Value, scratch, out weight))
            {
                continue;
            }
            if (request.Alpha)
            {
                elements[i].Weight = weight.ToArray();
            }
            else if (!SortScore.TryParse(weight, out elements[i].Score))
            {
                error = true;
            }
        }
        return error;
    }

    private static void Reply(CommandContext ctx, SortRequest request, SortElement[] elements, int start, int end, long outputLength)
    {
        var reply = ctx.Reply;
        reply.ArrayHeader(outputLength);
        Span<byte> scratch = stackalloc byte[SortPattern.ScratchLength];
        for (var j = start; j <= end; j++)
        {
            if (request.Gets is null)
            {
                reply.Bulk(elements[j].Value);
                continue;
            }
            foreach (var get in request.Gets)
            {
                if (get.TryLookup(ctx.Db, elements[j].Value, scratch, out var value))
                {
                    reply.Bulk(value);
                }
                else
                {
                    reply.NullBulk();
                }
            }
        }
    }

    /// <summary>
    /// STORE: the result becomes a list at the destination (its TTL cleared), or the destination is
    /// deleted when the result is empty. Redis counts one change per stored element.
    /// </summary>
    private static void Store(CommandContext ctx, SortRequest request, SortElement[] elements, int start, int end, long outputLength)
    {
        var list = ListCommands.NewList(ctx);
        Span<byte> scratch = stackalloc byte[SortPattern.ScratchLength];
        for (var j = start; j <= end; j++)
        {
            if (request.Gets is null)
            {
                list.PushTail(elements[j].Value);
                continue;
            }
            foreach (var get in request.Gets)
            {
                // A missing value is stored as an empty string.
                list.PushTail(get.TryLookup(ctx.Db, elements[j].Value, scratch, out var value) ? value : default);
            }
        }
        var destination = ctx.Arg(request.StoreIndex);
        if (outputLength > 0)
        {
            ctx.Db.Set(destination, list);
            ctx.Notify(KeyspaceEventClasses.List, "sortstore", destination);
            ctx.Databases.Dirty += outputLength - 1;
        }
        else if (ctx.Db.Delete(destination))
        {
            ctx.Notify(KeyspaceEventClasses.Generic, "del", destination);
        }
        ctx.Reply.Integer(outputLength);
    }
}
