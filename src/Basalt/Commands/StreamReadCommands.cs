using Basalt.Keyspace;
using Basalt.Server;
using Basalt.Server.Blocking;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// XREAD [COUNT count] [BLOCK milliseconds] STREAMS key [key ...] id [id ...]: the entries after
/// each given ID, or, with BLOCK, a wait until an XADD brings some; and XREADGROUP GROUP group
/// consumer [COUNT count] [BLOCK milliseconds] [NOACK] STREAMS ...: the same through a consumer
/// group, where "&gt;" asks for never delivered entries and an ID for the consumer's pending
/// history (Redis 7.0 xreadCommand and serveClientsBlockedOnStreamKey).
/// </summary>
public static class StreamReadCommands
{
    /// <summary>XREAD_BLOCKED_DEFAULT_COUNT: a blocked XREAD without COUNT gets at most this many entries per stream.</summary>
    private const long BlockedDefaultCount = 1000;

    /// <summary>What a blocked XREAD needs when served: where its keys start, the ID after which each wants entries, its count.</summary>
    private sealed record ReadWait(int StreamsArg, StreamId[] After, long Count, byte[]? Group, byte[]? Consumer, bool NoAck);

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("xread", -4, CommandFlags.ReadOnly | CommandFlags.Blocking | CommandFlags.MovableKeys, 0, 0, 0,
            "@read @stream @slow @blocking", "stream", "5.0.0",
            "Return never seen elements in multiple streams, with IDs greater than the ones reported by the caller for each stream. Can block.",
            ctx => XRead(ctx, false)));
        table.Add(new CommandSpec("xreadgroup", -7, CommandFlags.Write | CommandFlags.Blocking | CommandFlags.MovableKeys, 0, 0, 0,
            "@write @stream @slow @blocking", "stream", "5.0.0",
            "Return new entries from a stream using a consumer group, or access the history of the pending entries for a given consumer. Can block.",
            ctx => XRead(ctx, true)));
    }

    private static void XRead(CommandContext ctx, bool withGroup)
    {
        // What a group read changes is logged as XCLAIMs and XGROUPs while it happens, never as XREADGROUP.
        PropagatedForm.Suppress(ctx);
        var groupArg = -1;
        var noAck = false;
        long timeout = -1;
        long count = 0;
        var streamsArg = 0;
        var streamsCount = 0;
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            var moreArgs = ctx.ArgCount - i - 1;
            if (ctx.Is(i, "BLOCK") && moreArgs > 0)
            {
                i++;
                if (!RedisNumber.TryParseInt64(ctx.Arg(i), out timeout))
                {
                    ctx.Reply.Error("ERR timeout is not an integer or out of range");
                    return;
                }
                if (timeout < 0)
                {
                    ctx.Reply.Error("ERR timeout is negative");
                    return;
                }
            }
            else if (ctx.Is(i, "COUNT") && moreArgs > 0)
            {
                i++;
                if (!ctx.TryGetLong(i, out count))
                {
                    return;
                }
                count = Math.Max(count, 0);
            }
            else if (ctx.Is(i, "STREAMS") && moreArgs > 0)
            {
                streamsArg = i + 1;
                streamsCount = ctx.ArgCount - streamsArg;
                if (streamsCount % 2 != 0)
                {
                    ctx.Reply.Error("ERR Unbalanced XREAD list of streams: for each stream key an ID or '$' must be specified.");
                    return;
                }
                streamsCount /= 2;
                break;
            }
            else if (ctx.Is(i, "GROUP") && moreArgs >= 2)
            {
                if (!withGroup)
                {
                    ctx.Reply.Error("ERR The GROUP option is only supported by XREADGROUP. You called XREAD instead.");
                    return;
                }
                groupArg = i + 1;
                i += 2;
            }
            else if (ctx.Is(i, "NOACK"))
            {
                if (!withGroup)
                {
                    ctx.Reply.Error("ERR The NOACK option is only supported by XREADGROUP. You called XREAD instead.");
                    return;
                }
                noAck = true;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (streamsArg == 0)
        {
            ctx.SyntaxError();
            return;
        }
        if (withGroup && groupArg < 0)
        {
            ctx.Reply.Error("ERR Missing GROUP option for XREADGROUP");
            return;
        }
        var after = new StreamId[streamsCount];
        for (var i = 0; i < streamsCount; i++)
        {
            var idArg = streamsArg + streamsCount + i;
            var key = ctx.Arg(streamsArg + i);
            if (!StreamCommands.TryRead(ctx, key, out var stream))
            {
                return;
            }
            if (groupArg >= 0 && stream?.FindGroup(ctx.Arg(groupArg)) is null)
            {
                ctx.Reply.Error(StreamGroupCommands.NoGroupError(key, ctx.Arg(groupArg)) + " in XREADGROUP with GROUP option");
                return;
            }
            var text = ctx.Arg(idArg);
            if (text.Length == 1 && text[0] == '$')
            {
                if (withGroup)
                {
                    ctx.Reply.Error("ERR The $ ID is meaningless in the context of XREADGROUP: you want to read the history of this consumer by specifying a proper ID, or use the > ID to get new messages. The $ ID would just return an empty result set.");
                    return;
                }
                after[i] = stream?.LastId ?? StreamId.Min;
                continue;
            }
            if (text.Length == 1 && text[0] == '>')
            {
                if (!withGroup)
                {
                    ctx.Reply.Error("ERR The > ID can be specified only when calling XREADGROUP using the GROUP <group> <consumer> option.");
                    return;
                }
                after[i] = StreamId.Max;
                continue;
            }
            if (!StreamCommands.TryParseId(ctx, idArg, out after[i], strict: true))
            {
                return;
            }
        }
        var group = groupArg >= 0 ? ctx.Args.ToArray(groupArg) : null;
        var consumer = groupArg >= 0 ? ctx.Args.ToArray(groupArg + 1) : null;
        if (ReplyAvailable(ctx, streamsArg, after, count, group, consumer, noAck))
        {
            return;
        }
        if (timeout == -1)
        {
            ctx.Reply.NullArray();
            return;
        }
        if (ctx.Client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.NullArray();
            return;
        }
        var deadline = timeout > 0 ? ctx.Databases.NowMs + timeout : 0;
        ctx.Server.Blocking.Block(ctx, RedisType.Stream, streamsArg, streamsCount, deadline, ServeRead,
            new ReadWait(streamsArg, after, count != 0 ? count : BlockedDefaultCount, group, consumer, noAck));
    }

    /// <summary>
    /// Replies with every stream that has entries to give ([[key, entries], ...], a map in RESP3);
    /// false without replying when none has. Through a group, a history ID always answers.
    /// </summary>
    private static bool ReplyAvailable(CommandContext ctx, int streamsArg, StreamId[] after, long count,
        byte[]? groupName, byte[]? consumerName, bool noAck)
    {
        var reply = ctx.Reply;
        var handle = -1;
        var served = 0;
        for (var i = 0; i < after.Length; i++)
        {
            var key = ctx.Arg(streamsArg + i);
            var entry = ctx.Db.LookupRead(key);
            if (entry?.Value is not RedisStream stream)
            {
                continue;
            }
            var group = groupName is null ? null : stream.FindGroup(groupName);
            var gt = after[i];
            var history = false;
            if (group is not null)
            {
                if (gt != StreamId.Max)
                {
                    history = true;
                }
                else if (stream.Length > 0 && stream.LastValidId > group.LastId)
                {
                    gt = group.LastId;
                }
                else
                {
                    continue;
                }
            }
            else if (stream.Length == 0 || stream.LastValidId <= gt)
            {
                continue;
            }
            if (served++ == 0)
            {
                handle = reply.BeginDeferredLength();
            }
            if (reply.Protocol == 2)
            {
                reply.ArrayHeader(2);
            }
            reply.Bulk(key);
            gt.TryIncrement(out var start);
            if (group is null)
            {
                StreamCommands.ReplyRange(reply, stream, start, StreamId.Max, count, reverse: false);
                continue;
            }
            ctx.Db.PrepareInPlaceWrite(entry);
            var consumer = FindOrCreateConsumer(ctx, key, groupName!, group, consumerName!, noAck);
            consumer.SeenTimeMs = StreamGroupDelivery.NowMs;
            if (history)
            {
                StreamGroupDelivery.ReplyHistory(reply, stream, start, count, consumer);
            }
            else
            {
                StreamGroupDelivery.DeliverNew(ctx, key, groupName!, stream, start, count, group, consumer, noAck);
            }
            ctx.Db.Modified(entry);
        }
        if (served == 0)
        {
            return false;
        }
        if (reply.Protocol == 2)
        {
            reply.EndDeferredArray(handle, served);
        }
        else
        {
            reply.EndDeferredMap(handle, served);
        }
        return true;
    }

    /// <summary>
    /// serveClientsBlockedOnStreamKey: serves when the stream's last ID passed the client's (for a
    /// group, the group's last delivered ID); a group that went away answers NOGROUP.
    /// </summary>
    private static bool ServeRead(CommandContext ctx, BlockedClient blocked, byte[] key, KeyEntry? entry)
    {
        var wait = (ReadWait)blocked.State!;
        var stream = (RedisStream)entry!.Value;
        var after = StreamId.Max;
        for (var i = 0; i < wait.After.Length; i++)
        {
            if (ctx.Arg(wait.StreamsArg + i).SequenceEqual(key))
            {
                after = wait.After[i];
                break;
            }
        }
        StreamConsumerGroup? group = null;
        if (wait.Group is not null)
        {
            group = stream.FindGroup(wait.Group);
            if (group is null)
            {
                ctx.Reply.Error("NOGROUP the consumer group this client was blocked on no longer exists");
                return true;
            }
            after = group.LastId;
        }
        if (stream.LastId <= after)
        {
            return false;
        }
        var reply = ctx.Reply;
        if (reply.Protocol == 2)
        {
            reply.ArrayHeader(1);
            reply.ArrayHeader(2);
        }
        else
        {
            reply.MapHeader(1);
        }
        reply.Bulk(key);
        after.TryIncrement(out var start);
        if (group is null)
        {
            StreamCommands.ReplyRange(reply, stream, start, StreamId.Max, wait.Count, reverse: false);
            return true;
        }
        ctx.Db.PrepareInPlaceWrite(entry);
        var consumer = FindOrCreateConsumer(ctx, key, wait.Group!, group, wait.Consumer!, wait.NoAck);
        consumer.SeenTimeMs = StreamGroupDelivery.NowMs;
        StreamGroupDelivery.DeliverNew(ctx, key, wait.Group!, stream, start, wait.Count, group, consumer, wait.NoAck);
        ctx.Db.Modified(entry);
        return true;
    }

    /// <summary>
    /// The reading consumer, created if new. Without NOACK the XCLAIMs of what it reads create it
    /// where the log is replayed; with NOACK nothing would, so its creation is logged.
    /// </summary>
    private static StreamConsumer FindOrCreateConsumer(CommandContext ctx, ReadOnlySpan<byte> key, byte[] groupName,
        StreamConsumerGroup group, byte[] consumerName, bool noAck)
    {
        if (group.FindConsumer(consumerName) is { } consumer)
        {
            return consumer;
        }
        consumer = StreamGroupCommands.CreateConsumer(ctx, key, group, consumerName)!;
        if (noAck)
        {
            StreamPropagation.ConsumerCreation(ctx, key, groupName, consumer.Name);
        }
        return consumer;
    }
}
