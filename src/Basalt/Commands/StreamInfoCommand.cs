using Basalt.Protocol;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>XINFO STREAM [FULL [COUNT count]], XINFO GROUPS, XINFO CONSUMERS and XINFO HELP (Redis 7.0 xinfoCommand).</summary>
public static class StreamInfoCommand
{
    private static readonly string[] Help =
    [
        "CONSUMERS <key> <groupname>",
        "    Show consumers of <groupname>.",
        "GROUPS <key>",
        "    Show the stream consumer groups.",
        "STREAM <key> [FULL [COUNT <count>]",
        "    Show information about the stream.",
    ];

    public static void Register(CommandTable table)
    {
        const string Categories = "@read @stream @slow";
        var xinfo = new CommandSpec("xinfo", -2, CommandFlags.None, 0, 0, 0, "@slow", "stream", "5.0.0", "A container for stream introspection commands", null);
        xinfo.AddSubcommand(new CommandSpec("consumers", 4, CommandFlags.ReadOnly, 2, 2, 1, Categories, "stream", "5.0.0",
            "List the consumers in a consumer group", Consumers));
        xinfo.AddSubcommand(new CommandSpec("groups", 3, CommandFlags.ReadOnly, 2, 2, 1, Categories, "stream", "5.0.0",
            "List the consumer groups of a stream", Groups));
        xinfo.AddSubcommand(new CommandSpec("stream", -3, CommandFlags.ReadOnly, 2, 2, 1, Categories, "stream", "5.0.0",
            "Get information about a stream", StreamInfo));
        xinfo.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@stream @slow", "stream", "5.0.0",
            "Show helpful text about the different subcommands", ctx => HelpReply.Write(ctx, Help)));
        table.Add(xinfo);
    }

    private static RedisStream? Lookup(CommandContext ctx)
    {
        if (!StreamCommands.TryRead(ctx, ctx.Arg(2), out var stream))
        {
            return null;
        }
        if (stream is null)
        {
            ctx.Reply.Error(Errors.NoSuchKey);
        }
        return stream;
    }

    private static void Id(ReplyWriter reply, StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        reply.Bulk(text[..id.Format(text)]);
    }

    private static void Consumers(CommandContext ctx)
    {
        if (Lookup(ctx) is not { } stream)
        {
            return;
        }
        if (stream.FindGroup(ctx.Arg(3)) is not { } group)
        {
            ctx.Reply.Error($"NOGROUP No such consumer group '{ctx.Args.ToStringAt(3)}' for key name '{ctx.Args.ToStringAt(2)}'");
            return;
        }
        var reply = ctx.Reply;
        var now = StreamGroupDelivery.NowMs;
        reply.ArrayHeader(group.Consumers.Count);
        foreach (var consumer in group.Consumers.Values)
        {
            reply.MapHeader(3);
            reply.Bulk("name"u8);
            reply.Bulk(consumer.Name);
            reply.Bulk("pending"u8);
            reply.Integer(consumer.Pending.Count);
            reply.Bulk("idle"u8);
            reply.Integer(Math.Max(0, now - consumer.SeenTimeMs));
        }
    }

    private static void Groups(CommandContext ctx)
    {
        if (Lookup(ctx) is not { } stream)
        {
            return;
        }
        var reply = ctx.Reply;
        if (stream.Groups is null)
        {
            reply.ArrayHeader(0);
            return;
        }
        reply.ArrayHeader(stream.Groups.Count);
        foreach (var group in stream.Groups.Values)
        {
            reply.MapHeader(6);
            reply.Bulk("name"u8);
            reply.Bulk(group.Name);
            reply.Bulk("consumers"u8);
            reply.Integer(group.Consumers.Count);
            reply.Bulk("pending"u8);
            reply.Integer(group.Pending.Count);
            reply.Bulk("last-delivered-id"u8);
            Id(reply, group.LastId);
            ReplyEntriesReadAndLag(reply, stream, group);
        }
    }

    private static void ReplyEntriesReadAndLag(ReplyWriter reply, RedisStream stream, StreamConsumerGroup group)
    {
        reply.Bulk("entries-read"u8);
        if (group.EntriesRead != -1)
        {
            reply.Integer(group.EntriesRead);
        }
        else
        {
            reply.NullBulk();
        }
        reply.Bulk("lag"u8);
        // streamReplyWithCGLag: known without tombstones after the group's position, else estimated.
        long? lag = null;
        if (stream.EntriesAdded == 0)
        {
            lag = 0;
        }
        else if (group.EntriesRead != -1 && !stream.RangeHasTombstones(group.LastId, StreamId.Max))
        {
            lag = stream.EntriesAdded - group.EntriesRead;
        }
        else if (stream.EstimateDistanceFromFirstEverEntry(group.LastId) is var read && read != -1)
        {
            lag = stream.EntriesAdded - read;
        }
        if (lag is { } value)
        {
            reply.Integer(value);
        }
        else
        {
            reply.NullBulk();
        }
    }

    private static void StreamInfo(CommandContext ctx)
    {
        if (Lookup(ctx) is not { } stream)
        {
            return;
        }
        var full = ctx.ArgCount > 3;
        long count = 10;
        if (full)
        {
            var options = ctx.ArgCount - 3;
            if ((options != 1 && options != 3) || !ctx.Is(3, "FULL") || (options == 3 && !ctx.Is(4, "COUNT")))
            {
                HelpReply.SubcommandSyntaxError(ctx);
                return;
            }
            if (options == 3)
            {
                if (!ctx.TryGetLong(5, out count))
                {
                    return;
                }
                if (count < 0)
                {
                    count = 10;
                }
            }
        }
        var reply = ctx.Reply;
        reply.MapHeader(full ? 9 : 10);
        reply.Bulk("length"u8);
        reply.Integer(stream.Length);
        reply.Bulk("radix-tree-keys"u8);
        reply.Integer(stream.Nodes.Count);
        reply.Bulk("radix-tree-nodes"u8);
        reply.Integer(StreamRaxShape.CountNodes(stream.Nodes));
        reply.Bulk("last-generated-id"u8);
        Id(reply, stream.LastId);
        reply.Bulk("max-deleted-entry-id"u8);
        Id(reply, stream.MaxDeletedId);
        reply.Bulk("entries-added"u8);
        reply.Integer(stream.EntriesAdded);
        reply.Bulk("recorded-first-entry-id"u8);
        Id(reply, stream.FirstId);
        if (!full)
        {
            reply.Bulk("groups"u8);
            reply.Integer(stream.Groups?.Count ?? 0);
            reply.Bulk("first-entry"u8);
            ReplyEdgeEntry(reply, stream, reverse: false);
            reply.Bulk("last-entry"u8);
            ReplyEdgeEntry(reply, stream, reverse: true);
            return;
        }
        reply.Bulk("entries"u8);
        StreamCommands.ReplyRange(reply, stream, StreamId.Min, StreamId.Max, count, reverse: false);
        reply.Bulk("groups"u8);
        if (stream.Groups is null)
        {
            reply.ArrayHeader(0);
            return;
        }
        reply.ArrayHeader(stream.Groups.Count);
        foreach (var group in stream.Groups.Values)
        {
            reply.MapHeader(7);
            reply.Bulk("name"u8);
            reply.Bulk(group.Name);
            reply.Bulk("last-delivered-id"u8);
            Id(reply, group.LastId);
            ReplyEntriesReadAndLag(reply, stream, group);
            reply.Bulk("pel-count"u8);
            reply.Integer(group.Pending.Count);
            reply.Bulk("pending"u8);
            var shown = group.Pending.Count;
            if (count != 0)
            {
                shown = (int)Math.Min(shown, count);
            }
            reply.ArrayHeader(shown);
            foreach (var (id, pending) in group.Pending.Take(shown))
            {
                reply.ArrayHeader(4);
                Id(reply, id);
                reply.Bulk(pending.Consumer.Name);
                reply.Integer(pending.DeliveryTimeMs);
                reply.Integer((long)pending.DeliveryCount);
            }
            reply.Bulk("consumers"u8);
            reply.ArrayHeader(group.Consumers.Count);
            foreach (var consumer in group.Consumers.Values)
            {
                reply.MapHeader(4);
                reply.Bulk("name"u8);
                reply.Bulk(consumer.Name);
                reply.Bulk("seen-time"u8);
                reply.Integer(consumer.SeenTimeMs);
                reply.Bulk("pel-count"u8);
                reply.Integer(consumer.Pending.Count);
                reply.Bulk("pending"u8);
                var mine = consumer.Pending.Count;
                if (count != 0)
                {
                    mine = (int)Math.Min(mine, count);
                }
                reply.ArrayHeader(mine);
                foreach (var (id, pending) in consumer.Pending.Take(mine))
                {
                    reply.ArrayHeader(3);
                    Id(reply, id);
                    reply.Integer(pending.DeliveryTimeMs);
                    reply.Integer((long)pending.DeliveryCount);
                }
            }
        }
    }

    private static void ReplyEdgeEntry(ReplyWriter reply, RedisStream stream, bool reverse)
    {
        var iterator = stream.Range(StreamId.Min, StreamId.Max, reverse);
        if (iterator.MoveNext())
        {
            StreamCommands.ReplyEntry(reply, iterator.Id, iterator.Node, iterator.Position);
        }
        else
        {
            reply.NullBulk();
        }
    }
}
