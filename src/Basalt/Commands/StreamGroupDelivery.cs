using Basalt.Protocol;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// streamReplyWithRange for consumer groups: delivering new entries to a consumer (advancing the
/// group's last ID and read counter, and adding them to the PELs unless NOACK), and replaying a
/// consumer's own pending history (streamReplyWithRangeFromConsumerPEL).
/// </summary>
internal static class StreamGroupDelivery
{
    public static long NowMs => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>
    /// Delivers entries from <paramref name="start"/> on, at most <paramref name="count"/> (0: all), to
    /// <paramref name="ctx"/>'s client, reading the stream at <paramref name="key"/> through the group
    /// named <paramref name="groupName"/>. Each new pending entry is logged as an XCLAIM; with NOACK, the
    /// group's new position as an XGROUP SETID.
    /// </summary>
    public static void DeliverNew(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> groupName, RedisStream stream,
        StreamId start, long count, StreamConsumerGroup group, StreamConsumer consumer, bool noAck)
    {
        var reply = ctx.Reply;
        var movedLastId = false;
        var handle = reply.BeginDeferredLength();
        long emitted = 0;
        var iterator = stream.Range(start, StreamId.Max);
        var now = NowMs;
        while ((count == 0 || emitted < count) && iterator.MoveNext())
        {
            var id = iterator.Id;
            if (id > group.LastId)
            {
                if (group.EntriesRead != -1 && !stream.RangeHasTombstones(id, StreamId.Max))
                {
                    group.EntriesRead++;
                }
                else if (stream.EntriesAdded != 0)
                {
                    group.EntriesRead = stream.EstimateDistanceFromFirstEverEntry(id);
                }
                group.LastId = id;
                movedLastId = true;
            }
            StreamCommands.ReplyEntry(reply, id, iterator.Node, iterator.Position);
            if (!noAck)
            {
                var pending = AddPending(group, consumer, id, now);
                if (PropagatedForm.Active(ctx))
                {
                    StreamPropagation.Claim(ctx, key, groupName, group, StreamPropagation.Id(id), pending);
                }
            }
            emitted++;
        }
        // Without NOACK the XCLAIMs carry the group's last ID (LASTID).
        if (noAck && movedLastId)
        {
            StreamPropagation.GroupId(ctx, key, groupName, group);
        }
        reply.EndDeferredArray(handle, emitted);
    }

    /// <summary>Puts <paramref name="id"/> in the group's and the consumer's PEL, taking it from a previous owner; returns the entry.</summary>
    public static StreamPendingEntry AddPending(StreamConsumerGroup group, StreamConsumer consumer, StreamId id, long now)
    {
        if (group.Pending.TryGetValue(id, out var pending))
        {
            pending.Consumer.Pending.Remove(id);
            pending.Consumer = consumer;
            pending.DeliveryTimeMs = now;
            pending.DeliveryCount = 1;
        }
        else
        {
            pending = new StreamPendingEntry(consumer, now, 1);
            group.Pending.Add(id, pending);
        }
        consumer.Pending[id] = pending;
        return pending;
    }

    /// <summary>
    /// The consumer's pending entries from <paramref name="start"/> on: each existing one counts
    /// another delivery; one deleted from the stream is given as [id, nil].
    /// </summary>
    public static void ReplyHistory(ReplyWriter reply, RedisStream stream, StreamId start, long count, StreamConsumer consumer)
    {
        var handle = reply.BeginDeferredLength();
        long emitted = 0;
        var now = NowMs;
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        foreach (var (id, pending) in consumer.Pending)
        {
            if (id < start)
            {
                continue;
            }
            if (count != 0 && emitted >= count)
            {
                break;
            }
            var iterator = stream.Range(id, id);
            if (iterator.MoveNext())
            {
                StreamCommands.ReplyEntry(reply, id, iterator.Node, iterator.Position);
                pending.DeliveryTimeMs = now;
                pending.DeliveryCount++;
            }
            else
            {
                reply.ArrayHeader(2);
                reply.Bulk(text[..id.Format(text)]);
                reply.NullArray();
            }
            emitted++;
        }
        reply.EndDeferredArray(handle, emitted);
    }
}
