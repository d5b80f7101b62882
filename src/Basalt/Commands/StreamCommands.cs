using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Protocol;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// The stream commands that add, read by range, delete and trim entries: XADD, XLEN, XRANGE,
/// XREVRANGE, XDEL, XTRIM and XSETID (Redis 7.0 t_stream.c). XREAD lives in
/// <see cref="StreamReadCommands"/>. Streams stay in the keyspace when they become empty, as in Redis.
/// </summary>
public static class StreamCommands
{
    public const string InvalidId = "ERR Invalid stream ID specified as stream command argument";

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("xadd", -5, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast, 1, 1, 1,
            "@write @stream @fast", "stream", "5.0.0", "Appends a new entry to a stream", XAdd));
        table.Add(new CommandSpec("xlen", 2, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1,
            "@read @stream @fast", "stream", "5.0.0", "Return the number of entries in a stream", XLen));
        table.Add(new CommandSpec("xrange", -4, CommandFlags.ReadOnly, 1, 1, 1, "@read @stream @slow", "stream", "5.0.0",
            "Return a range of elements in a stream, with IDs matching the specified IDs interval", ctx => XRange(ctx, false)));
        table.Add(new CommandSpec("xrevrange", -4, CommandFlags.ReadOnly, 1, 1, 1, "@read @stream @slow", "stream", "5.0.0",
            "Return a range of elements in a stream, with IDs matching the specified IDs interval, in reverse order (from greater to smaller IDs) compared to XRANGE",
            ctx => XRange(ctx, true)));
        table.Add(new CommandSpec("xdel", -3, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @stream @fast", "stream", "5.0.0",
            "Removes the specified entries from the stream. Returns the number of items actually deleted, that may be different from the number of IDs passed in case certain IDs do not exist.",
            XDel));
        table.Add(new CommandSpec("xtrim", -4, CommandFlags.Write, 1, 1, 1, "@write @stream @slow", "stream", "5.0.0",
            "Trims the stream to (approximately if '~' is passed) a certain size", XTrim));
        table.Add(new CommandSpec("xsetid", -3, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast, 1, 1, 1,
            "@write @stream @fast", "stream", "5.0.0", "An internal command for replicating stream values", XSetId));
        StreamReadCommands.Register(table);
        StreamGroupCommands.Register(table);
        StreamClaimCommands.Register(table);
        StreamInfoCommand.Register(table);
    }

    /// <summary>Parses a stream ID argument, replying the invalid-ID error when it is not one.</summary>
    internal static bool TryParseId(CommandContext ctx, int index, out StreamId id, ulong missingSeq = 0, bool strict = false)
    {
        if (StreamId.TryParse(ctx.Arg(index), out id, missingSeq, strict))
        {
            return true;
        }
        ctx.Reply.Error(InvalidId);
        return false;
    }

    /// <summary>Finds a key for reading; false (after replying WRONGTYPE) when it holds another type.</summary>
    internal static bool TryRead(CommandContext ctx, ReadOnlySpan<byte> key, out RedisStream? stream) => ctx.TryRead(key, out stream);

    /// <summary>Finds a key for an in-place change; false (after replying WRONGTYPE) when it holds another type.</summary>
    internal static bool TryWrite(CommandContext ctx, ReadOnlySpan<byte> key, out RedisStream? stream, out KeyEntry? entry) =>
        ctx.TryWrite(key, out stream, out entry);

    /// <summary>XADD key [NOMKSTREAM] [MAXLEN|MINID [=|~] threshold [LIMIT count]] *|id field value [field value ...]</summary>
    private static void XAdd(CommandContext ctx)
    {
        var idPos = StreamTrimOptions.Parse(ctx, xadd: true, out var options);
        if (idPos < 0)
        {
            return;
        }
        var fieldPos = idPos + 1;
        var rest = ctx.ArgCount - fieldPos;
        if (rest < 2 || rest % 2 == 1)
        {
            ctx.Reply.Error(Errors.WrongArity("xadd"));
            return;
        }
        if (options.IdGiven && options.SeqGiven && options.Id.IsZero)
        {
            ctx.Reply.Error("ERR The ID specified in XADD must be greater than 0-0");
            return;
        }
        var key = ctx.Arg(1);
        if (!TryWrite(ctx, key, out var stream, out var entry))
        {
            return;
        }
        // One change, whether or not the stream is new (adding the key counts one already).
        var dirty = ctx.Databases.Dirty;
        if (stream is null)
        {
            if (options.NoMakeStream)
            {
                ctx.Reply.NullBulk();
                return;
            }
            stream = new RedisStream();
            entry = ctx.Db.Add(key, stream);
        }
        if (stream.LastId == StreamId.Max)
        {
            ctx.Reply.Error("ERR The stream has exhausted the last possible ID, unable to add more items");
            return;
        }
        var fields = new StreamArgFields(ctx.Args, fieldPos, rest / 2);
        if (ChooseId(stream, options, out var id) is { } idError)
        {
            ctx.Reply.Error(idError);
            return;
        }
        long totalBytes = 0;
        for (var i = fieldPos; i < ctx.ArgCount; i++)
        {
            totalBytes += ctx.Arg(i).Length;
        }
        if (totalBytes > RedisStream.ListpackMaxSize)
        {
            ctx.Reply.Error("ERR Elements are too large to be stored");
            return;
        }
        var config = ctx.Server.Config;
        stream.Append(id, fields, config.StreamNodeMaxBytes, config.StreamNodeMaxEntries);
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        ctx.Reply.Bulk(text[..id.Format(text)]);
        ctx.Notify(KeyspaceEventClasses.Stream, "xadd", key);
        if (options.Apply(stream) > 0)
        {
            ctx.Notify(KeyspaceEventClasses.Stream, "xtrim", key);
        }
        ctx.Db.Modified(entry!);
        ctx.Databases.Dirty = dirty + 1;
        // Logged with the ID it got (for "*" or "ms-*") and with an approximate trim made exact.
        if ((options.Approximate || !options.IdGiven || !options.SeqGiven) && PropagatedForm.Active(ctx))
        {
            var args = ctx.Args.ToArrays();
            if (options.Approximate)
            {
                options.RewriteApproximate(args, stream);
            }
            if (!options.IdGiven || !options.SeqGiven)
            {
                args[idPos] = text[..id.Format(text)].ToArray();
            }
            PropagatedForm.Rewrite(ctx, args);
        }
        ctx.Db.SignalKeyAsReady(entry!.Key, RedisType.Stream);
    }

    /// <summary>The ID a new entry gets (streamAppendItem's choice); null, or the error XADD replies.</summary>
    private static string? ChooseId(RedisStream stream, in StreamTrimOptions options, out StreamId id)
    {
        const string NotGreater = "ERR The ID specified in XADD is equal or smaller than the target stream top item";
        var last = stream.LastId;
        if (!options.IdGiven)
        {
            // streamNextID: the wall clock, or one past the last ID when the clock is behind it.
            var now = (ulong)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            if (now > last.Ms)
            {
                id = new StreamId(now, 0);
                return null;
            }
            return last.TryIncrement(out id) ? null : NotGreater;
        }
        id = options.Id;
        if (!options.SeqGiven && last.Ms == id.Ms)
        {
            if (last.Seq == ulong.MaxValue)
            {
                // "ms-*" with that millisecond's sequence used up: Redis 7.0 fails without setting
                // errno, so XADD reports the other error it knows.
                return "ERR Elements are too large to be stored";
            }
            id = new StreamId(last.Ms, last.Seq + 1);
        }
        return id > last ? null : NotGreater;
    }

    /// <summary>XLEN key</summary>
    private static void XLen(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var stream))
        {
            ctx.Reply.Integer(stream?.Length ?? 0);
        }
    }

    /// <summary>XRANGE key start end [COUNT count] and XREVRANGE key end start [COUNT count].</summary>
    private static void XRange(CommandContext ctx, bool reverse)
    {
        var startArg = reverse ? 3 : 2;
        var endArg = reverse ? 2 : 3;
        if (!TryParseInterval(ctx, startArg, 0, out var start, out var startExclusive))
        {
            return;
        }
        if (startExclusive && !start.TryIncrement(out start))
        {
            ctx.Reply.Error("ERR invalid start ID for the interval");
            return;
        }
        if (!TryParseInterval(ctx, endArg, ulong.MaxValue, out var end, out var endExclusive))
        {
            return;
        }
        if (endExclusive && !end.TryDecrement(out end))
        {
            ctx.Reply.Error("ERR invalid end ID for the interval");
            return;
        }
        long count = -1;
        for (var j = 4; j < ctx.ArgCount; j++)
        {
            if (ctx.Is(j, "COUNT") && ctx.ArgCount - j - 1 >= 1)
            {
                if (!ctx.TryGetLong(j + 1, out count))
                {
                    return;
                }
                count = Math.Max(count, 0);
                j++;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (!TryRead(ctx, ctx.Arg(1), out var stream))
        {
            return;
        }
        if (stream is null)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        if (count == 0)
        {
            ctx.Reply.NullArray();
            return;
        }
        ReplyRange(ctx.Reply, stream, start, end, count == -1 ? 0 : count, reverse);
    }

    /// <summary>streamParseIntervalIDOrReply: an ID, "-"/"+", or "(" and a strict ID for an open end.</summary>
    internal static bool TryParseInterval(CommandContext ctx, int index, ulong missingSeq, out StreamId id, out bool exclusive)
    {
        var text = ctx.Arg(index);
        exclusive = text.Length > 1 && text[0] == '(';
        var ok = exclusive
            ? StreamId.TryParse(text[1..], out id, missingSeq, strict: true)
            : StreamId.TryParse(text, out id, missingSeq);
        if (!ok)
        {
            ctx.Reply.Error(InvalidId);
        }
        return ok;
    }

    /// <summary>streamReplyWithRange without a group: [[id, [field, value, ...]], ...], at most <paramref name="count"/> (0: all).</summary>
    internal static void ReplyRange(ReplyWriter reply, RedisStream stream, StreamId start, StreamId end, long count, bool reverse)
    {
        var handle = reply.BeginDeferredLength();
        long emitted = 0;
        var iterator = stream.Range(start, end, reverse);
        while ((count == 0 || emitted < count) && iterator.MoveNext())
        {
            ReplyEntry(reply, iterator.Id, iterator.Node, iterator.Position);
            emitted++;
        }
        reply.EndDeferredArray(handle, emitted);
    }

    /// <summary>One entry: [id, [field, value, ...]].</summary>
    internal static void ReplyEntry(ReplyWriter reply, StreamId id, StreamNode node, int position)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        reply.ArrayHeader(2);
        reply.Bulk(text[..id.Format(text)]);
        var fields = node.Fields(position);
        reply.ArrayHeader(fields.Count * 2L);
        while (fields.MoveNext(out var field, out var value))
        {
            reply.Bulk(field.AsSpan(scratch));
            reply.Bulk(value.AsSpan(scratch));
        }
    }

    /// <summary>XDEL key id [id ...]</summary>
    private static void XDel(CommandContext ctx)
    {
        if (!TryWrite(ctx, ctx.Arg(1), out var stream, out var entry))
        {
            return;
        }
        if (stream is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        // Every ID is checked before any entry goes, so a bad one leaves the stream as it was.
        for (var j = 2; j < ctx.ArgCount; j++)
        {
            if (!TryParseId(ctx, j, out _, strict: true))
            {
                return;
            }
        }
        long deleted = 0;
        var firstDeleted = false;
        for (var j = 2; j < ctx.ArgCount; j++)
        {
            StreamId.TryParse(ctx.Arg(j), out var id, strict: true);
            if (!stream.Delete(id))
            {
                continue;
            }
            firstDeleted |= id == stream.FirstId;
            if (id > stream.MaxDeletedId)
            {
                stream.MaxDeletedId = id;
            }
            deleted++;
        }
        if (deleted > 0)
        {
            if (stream.Length == 0)
            {
                stream.FirstId = StreamId.Min;
            }
            else if (firstDeleted)
            {
                stream.RefreshFirstId();
            }
            var dirty = ctx.Databases.Dirty;
            ctx.Db.Modified(entry!);
            ctx.Databases.Dirty = dirty + deleted;
            ctx.Notify(KeyspaceEventClasses.Stream, "xdel", ctx.Arg(1));
        }
        ctx.Reply.Integer(deleted);
    }

    /// <summary>XTRIM key MAXLEN|MINID [=|~] threshold [LIMIT count]</summary>
    private static void XTrim(CommandContext ctx)
    {
        if (StreamTrimOptions.Parse(ctx, xadd: false, out var options) < 0)
        {
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var stream, out var entry))
        {
            return;
        }
        if (stream is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var deleted = options.Apply(stream);
        if (deleted > 0)
        {
            var dirty = ctx.Databases.Dirty;
            ctx.Db.Modified(entry!);
            ctx.Databases.Dirty = dirty + deleted;
            ctx.Notify(KeyspaceEventClasses.Stream, "xtrim", ctx.Arg(1));
            // Logged with the approximate trim made exact.
            if (options.Approximate && PropagatedForm.Active(ctx))
            {
                var args = ctx.Args.ToArrays();
                options.RewriteApproximate(args, stream);
                PropagatedForm.Rewrite(ctx, args);
            }
        }
        ctx.Reply.Integer(deleted);
    }

    /// <summary>XSETID key last-id [ENTRIESADDED entries-added] [MAXDELETEDID max-deleted-id]</summary>
    private static void XSetId(CommandContext ctx)
    {
        if (!TryParseId(ctx, 2, out var id, strict: true))
        {
            return;
        }
        long entriesAdded = -1;
        var maxDeleted = StreamId.Min;
        for (var i = 3; i < ctx.ArgCount; i += 2)
        {
            var moreArgs = ctx.ArgCount - 1 - i;
            if (ctx.Is(i, "ENTRIESADDED") && moreArgs > 0)
            {
                if (!ctx.TryGetLong(i + 1, out entriesAdded))
                {
                    return;
                }
                if (entriesAdded < 0)
                {
                    ctx.Reply.Error("ERR entries_added must be positive");
                    return;
                }
            }
            else if (ctx.Is(i, "MAXDELETEDID") && moreArgs > 0)
            {
                if (!TryParseId(ctx, i + 1, out maxDeleted, strict: true))
                {
                    return;
                }
                if (id < maxDeleted)
                {
                    ctx.Reply.Error("ERR The ID specified in XSETID is smaller than the provided max_deleted_entry_id");
                    return;
                }
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var stream, out var entry))
        {
            return;
        }
        if (stream is null)
        {
            ctx.Reply.Error(Errors.NoSuchKey);
            return;
        }
        if (stream.Length > 0)
        {
            if (id < stream.LastValidId)
            {
                ctx.Reply.Error("ERR The ID specified in XSETID is smaller than the target stream top item");
                return;
            }
            if (entriesAdded != -1 && stream.Length > entriesAdded)
            {
                ctx.Reply.Error("ERR The entries_added specified in XSETID is smaller than the target stream length");
                return;
            }
        }
        stream.LastId = id;
        if (entriesAdded != -1)
        {
            stream.EntriesAdded = entriesAdded;
        }
        if (!maxDeleted.IsZero)
        {
            stream.MaxDeletedId = maxDeleted;
        }
        ctx.Db.Modified(entry!);
        ctx.Reply.Ok();
        ctx.Notify(KeyspaceEventClasses.Stream, "xsetid", ctx.Arg(1));
    }
}
