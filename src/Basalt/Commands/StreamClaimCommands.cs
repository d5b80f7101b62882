using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// XCLAIM and XAUTOCLAIM: moving pending entries of a consumer group to another consumer, as if
/// delivered to it (Redis 7.0 t_stream.c). Pending entries whose stream entry was deleted are
/// dropped from the PELs instead.
/// </summary>
public static class StreamClaimCommands
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("xclaim", -6, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @stream @fast", "stream", "5.0.0",
            "Changes (or acquires) ownership of a message in a consumer group, as if the message was delivered to the specified consumer.",
            XClaim));
        table.Add(new CommandSpec("xautoclaim", -6, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @stream @fast", "stream", "6.2.0",
            "Changes (or acquires) ownership of messages in a consumer group, as if the messages were delivered to the specified consumer.",
            XAutoClaim));
    }

    private static bool EntryExists(RedisStream stream, StreamId id) => stream.Range(id, id).MoveNext();

    /// <summary>Drops a pending entry whose stream entry is gone.</summary>
    private static void DropPending(StreamConsumerGroup group, StreamId id, StreamPendingEntry pending)
    {
        group.Pending.Remove(id);
        pending.Consumer.Pending.Remove(id);
    }

    /// <summary>Gives <paramref name="pending"/> to <paramref name="consumer"/>.</summary>
    private static void MoveTo(StreamPendingEntry pending, StreamId id, StreamConsumer consumer)
    {
        if (pending.Consumer != consumer)
        {
            pending.Consumer.Pending.Remove(id);
            pending.Consumer = consumer;
            consumer.Pending[id] = pending;
        }
    }

    private static void ReplyClaimed(CommandContext ctx, RedisStream stream, StreamId id, bool justId)
    {
        if (justId)
        {
            Span<byte> text = stackalloc byte[StreamId.MaxChars];
            ctx.Reply.Bulk(text[..id.Format(text)]);
            return;
        }
        var iterator = stream.Range(id, id);
        iterator.MoveNext();
        StreamCommands.ReplyEntry(ctx.Reply, id, iterator.Node, iterator.Position);
    }

    private static StreamConsumer ConsumerFor(CommandContext ctx, StreamConsumerGroup group, ref StreamConsumer? consumer)
    {
        if (consumer is null)
        {
            consumer = group.FindConsumer(ctx.Arg(3));
            if (consumer is not null)
            {
                consumer.SeenTimeMs = StreamGroupDelivery.NowMs;
            }
            else
            {
                consumer = StreamGroupCommands.CreateConsumer(ctx, ctx.Arg(1), group, ctx.Arg(3))!;
            }
        }
        return consumer;
    }

    /// <summary>XCLAIM key group consumer min-idle-time id [id ...] [IDLE ms] [TIME unix-ms] [RETRYCOUNT count] [FORCE] [JUSTID] [LASTID id]</summary>
    private static void XClaim(CommandContext ctx)
    {
        // Logged as one idempotent XCLAIM per pending entry changed (and XGROUP SETID for LASTID alone), never as called.
        PropagatedForm.Suppress(ctx);
        if (!StreamCommands.TryRead(ctx, ctx.Arg(1), out var stream))
        {
            return;
        }
        var group = stream?.FindGroup(ctx.Arg(2));
        if (group is null)
        {
            ctx.Reply.Error(StreamGroupCommands.NoGroupError(ctx.Arg(1), ctx.Arg(2)));
            return;
        }
        if (!ctx.TryGetLong(4, out var minIdle, "ERR Invalid min-idle-time argument for XCLAIM"))
        {
            return;
        }
        minIdle = Math.Max(minIdle, 0);
        var j = 5;
        while (j < ctx.ArgCount && StreamId.TryParse(ctx.Arg(j), out _, strict: true))
        {
            j++;
        }
        var lastIdArg = j - 1;
        var now = StreamGroupDelivery.NowMs;
        long retryCount = -1, deliveryTime = -1;
        bool force = false, justId = false;
        var lastId = StreamId.Min;
        for (; j < ctx.ArgCount; j++)
        {
            var moreArgs = ctx.ArgCount - 1 - j;
            if (ctx.Is(j, "FORCE"))
            {
                force = true;
            }
            else if (ctx.Is(j, "JUSTID"))
            {
                justId = true;
            }
            else if (ctx.Is(j, "IDLE") && moreArgs > 0)
            {
                if (!ctx.TryGetLong(++j, out deliveryTime, "ERR Invalid IDLE option argument for XCLAIM"))
                {
                    return;
                }
                deliveryTime = now - deliveryTime;
            }
            else if (ctx.Is(j, "TIME") && moreArgs > 0)
            {
                if (!ctx.TryGetLong(++j, out deliveryTime, "ERR Invalid TIME option argument for XCLAIM"))
                {
                    return;
                }
            }
            else if (ctx.Is(j, "RETRYCOUNT") && moreArgs > 0)
            {
                if (!ctx.TryGetLong(++j, out retryCount, "ERR Invalid RETRYCOUNT option argument for XCLAIM"))
                {
                    return;
                }
            }
            else if (ctx.Is(j, "LASTID") && moreArgs > 0)
            {
                if (!StreamCommands.TryParseId(ctx, ++j, out lastId, strict: true))
                {
                    return;
                }
            }
            else
            {
                ctx.Reply.Error($"ERR Unrecognized XCLAIM option '{ctx.Args.ToStringAt(j)}'");
                return;
            }
        }
        var changed = false;
        var propagateLastId = false;
        if (lastId > group.LastId)
        {
            group.LastId = lastId;
            changed = true;
            propagateLastId = true;
        }
        if (deliveryTime == -1 || deliveryTime < 0 || deliveryTime > now)
        {
            deliveryTime = now;
        }
        StreamConsumer? consumer = null;
        var handle = ctx.Reply.BeginDeferredLength();
        var claimed = 0;
        for (var k = 5; k <= lastIdArg; k++)
        {
            StreamId.TryParse(ctx.Arg(k), out var id, strict: true);
            group.Pending.TryGetValue(id, out var pending);
            if (!EntryExists(stream!, id))
            {
                if (pending is not null)
                {
                    if (PropagatedForm.Active(ctx))
                    {
                        StreamPropagation.Claim(ctx, ctx.Arg(1), ctx.Arg(2), group, ctx.Args.ToArray(k), pending);
                    }
                    propagateLastId = false;
                    DropPending(group, id, pending);
                    changed = true;
                }
                continue;
            }
            var fresh = false;
            if (pending is null)
            {
                if (!force)
                {
                    continue;
                }
                // A forced claim starts as a new delivery without an owner yet.
                fresh = true;
            }
            else if (minIdle != 0 && now - pending.DeliveryTimeMs < minIdle)
            {
                continue;
            }
            var owner = ConsumerFor(ctx, group, ref consumer);
            if (fresh)
            {
                pending = new StreamPendingEntry(owner, deliveryTime, 1);
                group.Pending.Add(id, pending);
                owner.Pending[id] = pending;
            }
            else
            {
                MoveTo(pending!, id, owner);
            }
            pending!.DeliveryTimeMs = deliveryTime;
            if (retryCount >= 0)
            {
                pending.DeliveryCount = (ulong)retryCount;
            }
            else if (!justId)
            {
                pending.DeliveryCount++;
            }
            ReplyClaimed(ctx, stream!, id, justId);
            claimed++;
            changed = true;
            if (PropagatedForm.Active(ctx))
            {
                StreamPropagation.Claim(ctx, ctx.Arg(1), ctx.Arg(2), group, ctx.Args.ToArray(k), pending);
            }
            propagateLastId = false;
        }
        // The XCLAIMs carry the group's last ID; without any, LASTID is logged on its own.
        if (propagateLastId)
        {
            StreamPropagation.GroupId(ctx, ctx.Arg(1), ctx.Arg(2), group);
        }
        ctx.Reply.EndDeferredArray(handle, claimed);
        if (changed && ctx.Db.LookupWrite(ctx.Arg(1)) is { } entry)
        {
            ctx.Db.Modified(entry);
        }
    }

    /// <summary>XAUTOCLAIM key group consumer min-idle-time start [COUNT count] [JUSTID]</summary>
    private static void XAutoClaim(CommandContext ctx)
    {
        const long AttemptsFactor = 10;
        // Logged as one idempotent XCLAIM per pending entry changed, never as called.
        PropagatedForm.Suppress(ctx);
        if (!ctx.TryGetLong(4, out var minIdle, "ERR Invalid min-idle-time argument for XAUTOCLAIM"))
        {
            return;
        }
        minIdle = Math.Max(minIdle, 0);
        if (!StreamCommands.TryParseInterval(ctx, 5, 0, out var start, out var startExclusive))
        {
            return;
        }
        if (startExclusive && !start.TryIncrement(out start))
        {
            ctx.Reply.Error("ERR invalid start ID for the interval");
            return;
        }
        long count = 100;
        var justId = false;
        for (var j = 6; j < ctx.ArgCount; j++)
        {
            var moreArgs = ctx.ArgCount - 1 - j;
            if (ctx.Is(j, "COUNT") && moreArgs > 0)
            {
                const long MaxCount = long.MaxValue / 16;
                if (!ctx.TryGetLong(j + 1, out count, "ERR COUNT must be > 0"))
                {
                    return;
                }
                if (count < 1 || count > MaxCount)
                {
                    ctx.Reply.Error("ERR COUNT must be > 0");
                    return;
                }
                j++;
            }
            else if (ctx.Is(j, "JUSTID"))
            {
                justId = true;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (!StreamCommands.TryRead(ctx, ctx.Arg(1), out var stream))
        {
            return;
        }
        var group = stream?.FindGroup(ctx.Arg(2));
        if (group is null)
        {
            ctx.Reply.Error(StreamGroupCommands.NoGroupError(ctx.Arg(1), ctx.Arg(2)));
            return;
        }
        var candidates = new List<KeyValuePair<StreamId, StreamPendingEntry>>();
        foreach (var pair in group.Pending)
        {
            if (pair.Key >= start)
            {
                candidates.Add(pair);
            }
        }
        var claimed = new List<StreamId>();
        var deleted = new List<StreamId>();
        var attempts = count * AttemptsFactor;
        var now = StreamGroupDelivery.NowMs;
        StreamConsumer? consumer = null;
        var index = 0;
        var changed = false;
        while (attempts-- > 0 && count > 0 && index < candidates.Count)
        {
            var (id, pending) = candidates[index++];
            if (!EntryExists(stream!, id))
            {
                if (PropagatedForm.Active(ctx))
                {
                    StreamPropagation.Claim(ctx, ctx.Arg(1), ctx.Arg(2), group, StreamPropagation.Id(id), pending);
                }
                DropPending(group, id, pending);
                deleted.Add(id);
                count--;
                changed = true;
                continue;
            }
            if (minIdle != 0 && now - pending.DeliveryTimeMs < minIdle)
            {
                continue;
            }
            var owner = ConsumerFor(ctx, group, ref consumer);
            MoveTo(pending, id, owner);
            pending.DeliveryTimeMs = now;
            if (!justId)
            {
                pending.DeliveryCount++;
            }
            claimed.Add(id);
            count--;
            changed = true;
            if (PropagatedForm.Active(ctx))
            {
                StreamPropagation.Claim(ctx, ctx.Arg(1), ctx.Arg(2), group, StreamPropagation.Id(id), pending);
            }
        }
        // [next start ID (0-0 when the scan reached the end), claimed entries, IDs dropped as deleted]
        var reply = ctx.Reply;
        reply.ArrayHeader(3);
        var end = index < candidates.Count ? candidates[index].Key : StreamId.Min;
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        reply.Bulk(text[..end.Format(text)]);
        reply.ArrayHeader(claimed.Count);
        foreach (var id in claimed)
        {
            ReplyClaimed(ctx, stream!, id, justId);
        }
        reply.ArrayHeader(deleted.Count);
        foreach (var id in deleted)
        {
            reply.Bulk(text[..id.Format(text)]);
        }
        if (changed && ctx.Db.LookupWrite(ctx.Arg(1)) is { } entry)
        {
            ctx.Db.Modified(entry);
        }
    }
}
