using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Protocol;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// The list family (Redis 7.0 t_list.c): LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LRANGE,
/// LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS here; LMOVE, RPOPLPUSH, LMPOP in
/// <see cref="ListMoveCommands"/>; the blocking forms in <see cref="BlockingListCommands"/>.
/// Helpers shared by the three live here. Dirty counts follow Redis (one per element pushed or
/// popped), so save points trigger as they do there.
/// </summary>
public static class ListCommands
{
    /// <summary>getPositiveLongFromObjectOrReply's default error.</summary>
    internal const string MustBePositive = "ERR value is out of range, must be positive";

    private const CommandFlags Write = CommandFlags.Write;
    private const CommandFlags Read = CommandFlags.ReadOnly;

    public static void Register(CommandTable table)
    {
        const CommandFlags Push = Write | CommandFlags.DenyOom | CommandFlags.Fast;
        table.Add(Spec("lpush", -3, Push, "@write @list @fast", "1.0.0", "Prepend one or multiple elements to a list",
            ctx => PushGeneric(ctx, head: true, onlyIfExists: false)));
        table.Add(Spec("rpush", -3, Push, "@write @list @fast", "1.0.0", "Append one or multiple elements to a list",
            ctx => PushGeneric(ctx, head: false, onlyIfExists: false)));
        table.Add(Spec("lpushx", -3, Push, "@write @list @fast", "2.2.0", "Prepend an element to a list, only if the list exists",
            ctx => PushGeneric(ctx, head: true, onlyIfExists: true)));
        table.Add(Spec("rpushx", -3, Push, "@write @list @fast", "2.2.0", "Append an element to a list, only if the list exists",
            ctx => PushGeneric(ctx, head: false, onlyIfExists: true)));
        table.Add(Spec("lpop", -2, Write | CommandFlags.Fast, "@write @list @fast", "1.0.0", "Remove and get the first elements in a list",
            ctx => PopGeneric(ctx, head: true)));
        table.Add(Spec("rpop", -2, Write | CommandFlags.Fast, "@write @list @fast", "1.0.0", "Remove and get the last elements in a list",
            ctx => PopGeneric(ctx, head: false)));
        table.Add(Spec("llen", 2, Read | CommandFlags.Fast, "@read @list @fast", "1.0.0", "Get the length of a list", LLen));
        table.Add(Spec("lrange", 4, Read, "@read @list @slow", "1.0.0", "Get a range of elements from a list", LRange));
        table.Add(Spec("lindex", 3, Read, "@read @list @slow", "1.0.0", "Get an element from a list by its index", LIndex));
        table.Add(Spec("lset", 4, Write | CommandFlags.DenyOom, "@write @list @slow", "1.0.0",
            "Set the value of an element in a list by its index", LSet));
        table.Add(Spec("linsert", 5, Write | CommandFlags.DenyOom, "@write @list @slow", "2.2.0",
            "Insert an element before or after another element in a list", LInsert));
        table.Add(Spec("lrem", 4, Write, "@write @list @slow", "1.0.0", "Remove elements from a list", LRem));
        table.Add(Spec("ltrim", 4, Write, "@write @list @slow", "1.0.0", "Trim a list to the specified range", LTrim));
        table.Add(Spec("lpos", -3, Read, "@read @list @slow", "6.0.6", "Return the index of matching elements on a list", LPos));
        ListMoveCommands.Register(table);
        BlockingListCommands.Register(table);
    }

    /// <summary>A list command whose only key is argument 1.</summary>
    private static CommandSpec Spec(string name, int arity, CommandFlags flags, string categories, string since, string summary,
        CommandHandler handler) =>
        new(name, arity, flags, 1, 1, 1, categories, "list", since, summary, handler);

    /// <summary>Finds a list for reading; false (after replying WRONGTYPE) when the key holds another type.</summary>
    internal static bool TryRead(CommandContext ctx, ReadOnlySpan<byte> key, out RedisList? list) => ctx.TryRead(key, out list);

    /// <summary>Finds a list for an in-place change (lookupKeyWrite); false (after replying WRONGTYPE) on a type clash.</summary>
    internal static bool TryWrite(CommandContext ctx, ReadOnlySpan<byte> key, out RedisList? list, out KeyEntry? entry) =>
        ctx.TryWrite(key, out list, out entry);

    /// <summary>A new empty list with the node size configured now (list-max-listpack-size).</summary>
    internal static RedisList NewList(CommandContext ctx) => new(ctx.Server.Config.ListMaxListpackSize);

    /// <summary>One element as a bulk string (integers stored compactly are formatted without allocating).</summary>
    internal static void ReplyElement(ReplyWriter reply, ListpackEntry element)
    {
        if (element.IsInteger)
        {
            reply.BulkInteger(element.Integer);
        }
        else
        {
            reply.Bulk(element.Bytes);
        }
    }

    /// <summary>
    /// Counts <paramref name="changes"/> element changes made in place (Redis adds one dirty per
    /// element) and invalidates WATCH (signalModifiedKey).
    /// </summary>
    internal static void Changed(CommandContext ctx, KeyEntry entry, long changes)
    {
        ctx.Db.Modified(entry);
        ctx.Databases.Dirty += changes - 1;
    }

    /// <summary>
    /// After elements were removed (listElementsRemoved): the keyspace event <paramref name="eventName"/>
    /// ("lpop", "rpop", "ltrim"), then deletes the key ("del") when the list is empty, as Redis never
    /// keeps empty lists, and counts <paramref name="removed"/> changes.
    /// </summary>
    internal static void Removed(CommandContext ctx, KeyEntry entry, ReadOnlySpan<byte> key, RedisList list, long removed, string eventName)
    {
        ctx.Notify(KeyspaceEventClasses.List, eventName, key);
        if (list.Count == 0)
        {
            ctx.Db.Delete(entry);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", key);
        }
        else
        {
            ctx.Db.Modified(entry);
        }
        ctx.Databases.Dirty += removed - 1;
    }

    /// <summary>
    /// addListRangeReply: the elements from <paramref name="start"/> to <paramref name="end"/>
    /// inclusive (negative indexes count from the tail, out-of-range ends are clipped), as an array,
    /// from end to start when <paramref name="reverse"/>.
    /// </summary>
    internal static void ReplyRange(ReplyWriter reply, RedisList list, long start, long end, bool reverse)
    {
        var length = list.Count;
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
            reply.ArrayHeader(0);
            return;
        }
        if (end >= length)
        {
            end = length - 1;
        }
        var count = end - start + 1;
        reply.ArrayHeader(count);
        var items = list;
        var cursor = items.Seek(reverse ? end : start);
        for (var i = 0L; i < count; i++)
        {
            ReplyElement(reply, items.Get(cursor));
            if (reverse)
            {
                items.MovePrevious(ref cursor);
            }
            else
            {
                items.MoveNext(ref cursor);
            }
        }
    }

    /// <summary>
    /// Replies up to <paramref name="count"/> elements from one end as an array (nearest first)
    /// and removes them; the caller accounts for the removal. Returns how many were popped.
    /// </summary>
    internal static long PopRange(ReplyWriter reply, RedisList list, bool head, long count)
    {
        var popped = Math.Min(count, list.Count);
        if (head)
        {
            ReplyRange(reply, list, 0, popped - 1, reverse: false);
            list.DeleteRange(0, popped);
        }
        else
        {
            ReplyRange(reply, list, -popped, -1, reverse: true);
            list.DeleteRange(-popped, popped);
        }
        return popped;
    }

    /// <summary>LPUSH, RPUSH, LPUSHX, RPUSHX (pushGenericCommand).</summary>
    private static void PushGeneric(CommandContext ctx, bool head, bool onlyIfExists)
    {
        if (!TryWrite(ctx, ctx.Arg(1), out var list, out var entry))
        {
            return;
        }
        if (list is null)
        {
            if (onlyIfExists)
            {
                ctx.Reply.Integer(0);
                return;
            }
            list = NewList(ctx);
            entry = ctx.Db.Add(ctx.Arg(1), list);
        }
        else
        {
            ctx.Db.Modified(entry!);
        }
        var items = list;
        items.Push(ctx.Arg(2), head);
        if (ctx.ArgCount > 3)
        {
            long rest = 0;
            for (var i = 3; i < ctx.ArgCount; i++)
            {
                rest += Listpack.EntrySizeOf(ctx.Arg(i));
            }
            items.ReserveAtEnd(head, rest);
        }
        for (var i = 3; i < ctx.ArgCount; i++)
        {
            items.Push(ctx.Arg(i), head);
        }
        ctx.Databases.Dirty += ctx.ArgCount - 3;
        ctx.Reply.Integer(list.Count);
        ctx.Notify(KeyspaceEventClasses.List, head ? "lpush" : "rpush", ctx.Arg(1));
    }

    /// <summary>The keyspace event of a pop from one end.</summary>
    internal static string PopEvent(bool head) => head ? "lpop" : "rpop";

    /// <summary>LPOP and RPOP, with the optional count (popGenericCommand).</summary>
    private static void PopGeneric(CommandContext ctx, bool head)
    {
        var hasCount = ctx.ArgCount == 3;
        long count = 0;
        if (ctx.ArgCount > 3)
        {
            ctx.Reply.Error(Errors.WrongArity(ctx.Command.FullName));
            return;
        }
        if (hasCount && !TryGetPositive(ctx, 2, out count, MustBePositive))
        {
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var list, out var entry))
        {
            return;
        }
        if (list is null)
        {
            if (hasCount)
            {
                ctx.Reply.NullArray();
            }
            else
            {
                ctx.Reply.NullBulk();
            }
            return;
        }
        if (hasCount && count == 0)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        if (!hasCount)
        {
            ReplyElement(ctx.Reply, list.PeekEnd(head));
            list.RemoveEnd(head);
            Removed(ctx, entry!, ctx.Arg(1), list, 1, PopEvent(head));
            return;
        }
        var popped = PopRange(ctx.Reply, list, head, count);
        Removed(ctx, entry!, ctx.Arg(1), list, popped, PopEvent(head));
    }

    /// <summary>
    /// getPositiveLongFromObjectOrReply: an integer of at least 0; anything else (not a number
    /// included) gets <paramref name="error"/>.
    /// </summary>
    internal static bool TryGetPositive(CommandContext ctx, int index, out long value, string error)
    {
        if (Text.RedisNumber.TryParseInt64(ctx.Arg(index), out value) && value >= 0)
        {
            return true;
        }
        ctx.Reply.Error(error);
        return false;
    }

    private static void LLen(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var list))
        {
            ctx.Reply.Integer(list?.Count ?? 0);
        }
    }

    private static void LRange(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var start) || !ctx.TryGetLong(3, out var end))
        {
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        ReplyRange(ctx.Reply, list, start, end, reverse: false);
    }

    private static void LIndex(CommandContext ctx)
    {
        // Redis looks the key up before it parses the index.
        if (!TryRead(ctx, ctx.Arg(1), out var list))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        if (!ctx.TryGetLong(2, out var index))
        {
            return;
        }
        var cursor = list.Seek(index);
        if (!cursor.IsValid)
        {
            ctx.Reply.NullBulk();
            return;
        }
        ReplyElement(ctx.Reply, list.Get(cursor));
    }

    private static void LSet(CommandContext ctx)
    {
        if (!TryWrite(ctx, ctx.Arg(1), out var list, out var entry))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.Error(Errors.NoSuchKey);
            return;
        }
        if (!ctx.TryGetLong(2, out var index))
        {
            return;
        }
        var cursor = list.Seek(index);
        if (!cursor.IsValid)
        {
            ctx.Reply.Error(Errors.OutOfRange);
            return;
        }
        list.Replace(cursor, ctx.Arg(3));
        ctx.Db.Modified(entry!);
        ctx.Reply.Ok();
        ctx.Notify(KeyspaceEventClasses.List, "lset", ctx.Arg(1));
    }

    private static void LInsert(CommandContext ctx)
    {
        bool after;
        if (ctx.Is(2, "AFTER"))
        {
            after = true;
        }
        else if (ctx.Is(2, "BEFORE"))
        {
            after = false;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var list, out var entry))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var items = list;
        var pivot = ctx.Arg(3);
        for (var cursor = items.Seek(0); cursor.IsValid; items.MoveNext(ref cursor))
        {
            if (items.Get(cursor).EqualsBytes(pivot))
            {
                items.Insert(cursor, ctx.Arg(4), after);
                ctx.Db.Modified(entry!);
                ctx.Notify(KeyspaceEventClasses.List, "linsert", ctx.Arg(1));
                ctx.Reply.Integer(list.Count);
                return;
            }
        }
        ctx.Reply.Integer(-1);
    }

    private static void LRem(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var toRemove))
        {
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var list, out var entry))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var items = list;
        var value = ctx.Arg(3);
        var forward = toRemove >= 0;
        // A negative count removes from the tail; LONG_MIN's magnitude is never reached anyway.
        var limit = forward ? toRemove : toRemove == long.MinValue ? long.MaxValue : -toRemove;
        long removed = 0;
        var cursor = items.Seek(forward ? 0 : -1);
        while (cursor.IsValid)
        {
            if (items.Get(cursor).EqualsBytes(value))
            {
                items.Delete(ref cursor, forward);
                removed++;
                if (limit != 0 && removed == limit)
                {
                    break;
                }
            }
            else if (forward)
            {
                items.MoveNext(ref cursor);
            }
            else
            {
                items.MovePrevious(ref cursor);
            }
        }
        if (removed > 0)
        {
            ctx.Notify(KeyspaceEventClasses.List, "lrem", ctx.Arg(1));
        }
        if (list.Count == 0)
        {
            ctx.Db.Delete(entry!);
            ctx.Databases.Dirty += removed - 1;
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
        }
        else if (removed > 0)
        {
            Changed(ctx, entry!, removed);
        }
        ctx.Reply.Integer(removed);
    }

    private static void LTrim(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var start) || !ctx.TryGetLong(3, out var end))
        {
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var list, out var entry))
        {
            return;
        }
        if (list is null)
        {
            ctx.Reply.Ok();
            return;
        }
        var length = list.Count;
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
        long leftTrim, rightTrim;
        if (start > end || start >= length)
        {
            leftTrim = length;
            rightTrim = 0;
        }
        else
        {
            if (end >= length)
            {
                end = length - 1;
            }
            leftTrim = start;
            rightTrim = length - end - 1;
        }
        list.DeleteRange(0, leftTrim);
        list.DeleteRange(-rightTrim, rightTrim);
        Removed(ctx, entry!, ctx.Arg(1), list, leftTrim + rightTrim, "ltrim");
        ctx.Reply.Ok();
    }

    private const string RankZero =
        "ERR RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list";

    /// <summary>LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len].</summary>
    private static void LPos(CommandContext ctx)
    {
        long rank = 1, count = -1, maxLength = 0;
        for (var j = 3; j < ctx.ArgCount; j++)
        {
            var moreArgs = ctx.ArgCount - 1 - j;
            if (ctx.Is(j, "RANK") && moreArgs > 0)
            {
                j++;
                if (!ctx.TryGetLong(j, out rank))
                {
                    return;
                }
                if (rank == 0)
                {
                    ctx.Reply.Error(RankZero);
                    return;
                }
            }
            else if (ctx.Is(j, "COUNT") && moreArgs > 0)
            {
                j++;
                if (!TryGetPositive(ctx, j, out count, "ERR COUNT can't be negative"))
                {
                    return;
                }
            }
            else if (ctx.Is(j, "MAXLEN") && moreArgs > 0)
            {
                j++;
                if (!TryGetPositive(ctx, j, out maxLength, "ERR MAXLEN can't be negative"))
                {
                    return;
                }
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        // A negative rank searches from the tail; LONG_MIN negates to itself in C and matches nothing.
        var forward = rank > 0;
        if (!forward)
        {
            rank = rank == long.MinValue ? long.MinValue : -rank;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var list))
        {
            return;
        }
        if (list is null)
        {
            if (count != -1)
            {
                ctx.Reply.ArrayHeader(0);
            }
            else
            {
                ctx.Reply.NullBulk();
            }
            return;
        }
        var deferred = count != -1 ? ctx.Reply.BeginDeferredLength() : -1;
        var items = list;
        var length = list.Count;
        var value = ctx.Arg(2);
        long index = 0, matches = 0, matchIndex = -1, found = 0;
        var cursor = items.Seek(forward ? 0 : -1);
        while (cursor.IsValid && (maxLength == 0 || index < maxLength))
        {
            if (items.Get(cursor).EqualsBytes(value))
            {
                matches++;
                matchIndex = forward ? index : length - index - 1;
                if (matches >= rank)
                {
                    if (deferred < 0)
                    {
                        break;
                    }
                    found++;
                    ctx.Reply.Integer(matchIndex);
                    if (count != 0 && matches - rank + 1 >= count)
                    {
                        break;
                    }
                }
            }
            index++;
            // Remembers whether the loop ends without a match.
            matchIndex = -1;
            if (forward)
            {
                items.MoveNext(ref cursor);
            }
            else
            {
                items.MovePrevious(ref cursor);
            }
        }
        if (deferred >= 0)
        {
            ctx.Reply.EndDeferredArray(deferred, found);
        }
        else if (matchIndex != -1)
        {
            ctx.Reply.Integer(matchIndex);
        }
        else
        {
            ctx.Reply.NullBulk();
        }
    }
}
