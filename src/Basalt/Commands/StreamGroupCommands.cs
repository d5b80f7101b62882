using Basalt.Config.Parameters;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// Consumer group management and acknowledgement: XGROUP (CREATE, SETID, DESTROY, CREATECONSUMER,
/// DELCONSUMER, HELP), XACK and XPENDING (Redis 7.0 t_stream.c).
/// </summary>
public static class StreamGroupCommands
{
    private static readonly string[] XGroupHelp =
    [
        "CREATE <key> <groupname> <id|$> [option]",
        "    Create a new consumer group. Options are:",
        "    * MKSTREAM",
        "      Create the empty stream if it does not exist.",
        "    * ENTRIESREAD entries_read",
        "      Set the group's entries_read counter (internal use).",
        "CREATECONSUMER <key> <groupname> <consumer>",
        "    Create a new consumer in the specified group.",
        "DELCONSUMER <key> <groupname> <consumer>",
        "    Remove the specified consumer.",
        "DESTROY <key> <groupname>",
        "    Remove the specified group.",
        "SETID <key> <groupname> <id|$> [ENTRIESREAD entries_read]",
        "    Set the current group ID and entries_read counter.",
    ];

    public static void Register(CommandTable table)
    {
        const string Categories = "@write @stream @slow";
        var xgroup = new CommandSpec("xgroup", -2, CommandFlags.None, 0, 0, 0, "@slow", "stream", "5.0.0", "A container for consumer groups commands", null);
        xgroup.AddSubcommand(new CommandSpec("create", -5, CommandFlags.Write | CommandFlags.DenyOom, 2, 2, 1, Categories, "stream", "5.0.0",
            "Create a consumer group.", XGroup));
        xgroup.AddSubcommand(new CommandSpec("setid", -5, CommandFlags.Write, 2, 2, 1, Categories, "stream", "5.0.0",
            "Set a consumer group to an arbitrary last delivered ID value.", XGroup));
        xgroup.AddSubcommand(new CommandSpec("destroy", 4, CommandFlags.Write, 2, 2, 1, Categories, "stream", "5.0.0",
            "Destroy a consumer group.", XGroup));
        xgroup.AddSubcommand(new CommandSpec("createconsumer", 5, CommandFlags.Write | CommandFlags.DenyOom, 2, 2, 1, Categories, "stream", "6.2.0",
            "Create a consumer in a consumer group.", XGroup));
        xgroup.AddSubcommand(new CommandSpec("delconsumer", 5, CommandFlags.Write, 2, 2, 1, Categories, "stream", "5.0.0",
            "Delete a consumer from a consumer group.", XGroup));
        xgroup.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@stream @slow", "stream", "5.0.0",
            "Show helpful text about the different subcommands", ctx => HelpReply.Write(ctx, XGroupHelp)));
        table.Add(xgroup);
        table.Add(new CommandSpec("xack", -4, CommandFlags.Write | CommandFlags.Fast, 1, 1, 1, "@write @stream @fast", "stream", "5.0.0",
            "Marks a pending message as correctly processed, effectively removing it from the pending entries list of the consumer group. Return value of the command is the number of messages successfully acknowledged, that is, the IDs we were actually able to resolve in the PEL.",
            XAck));
        table.Add(new CommandSpec("xpending", -3, CommandFlags.ReadOnly, 1, 1, 1, "@read @stream @slow", "stream", "5.0.0",
            "Return information and entries from a stream consumer group pending entries list, that are messages fetched but never acknowledged.",
            XPending));
    }

    internal static string NoGroupError(ReadOnlySpan<byte> key, ReadOnlySpan<byte> group) =>
        $"NOGROUP No such key '{System.Text.Encoding.UTF8.GetString(key)}' or consumer group '{System.Text.Encoding.UTF8.GetString(group)}'";

    /// <summary>xgroupCommand: the subcommands share their checks of the key and group.</summary>
    private static void XGroup(CommandContext ctx)
    {
        var create = ctx.Is(1, "CREATE");
        var setId = ctx.Is(1, "SETID");
        var makeStream = false;
        long entriesRead = -1;
        for (var i = 5; i < ctx.ArgCount;)
        {
            if (create && ctx.Is(i, "MKSTREAM"))
            {
                makeStream = true;
                i++;
            }
            else if ((create || setId) && ctx.Is(i, "ENTRIESREAD") && i + 1 < ctx.ArgCount)
            {
                if (!ctx.TryGetLong(i + 1, out entriesRead))
                {
                    return;
                }
                if (entriesRead < 0 && entriesRead != -1)
                {
                    ctx.Reply.Error("ERR value for ENTRIESREAD must be positive or -1");
                    return;
                }
                i += 2;
            }
            else
            {
                HelpReply.SubcommandSyntaxError(ctx);
                return;
            }
        }
        var key = ctx.Arg(2);
        if (!StreamCommands.TryWrite(ctx, key, out var stream, out var entry))
        {
            return;
        }
        var groupName = ctx.Arg(3);
        var group = stream?.FindGroup(groupName);
        if (!makeStream)
        {
            if (stream is null)
            {
                ctx.Reply.Error("ERR The XGROUP subcommand requires the key to exist. Note that for CREATE you may want to use the MKSTREAM option to create an empty stream automatically.");
                return;
            }
            if (group is null && !create && !ctx.Is(1, "DESTROY"))
            {
                ctx.Reply.Error($"NOGROUP No such consumer group '{ctx.Args.ToStringAt(3)}' for key name '{ctx.Args.ToStringAt(2)}'");
                return;
            }
        }
        if (create && ctx.ArgCount <= 8)
        {
            StreamId id;
            if (ctx.Arg(4).SequenceEqual("$"u8))
            {
                id = stream?.LastId ?? StreamId.Min;
            }
            else if (!StreamCommands.TryParseId(ctx, 4, out id, strict: true))
            {
                return;
            }
            if (stream is null)
            {
                stream = new RedisStream();
                entry = ctx.Db.Add(key, stream);
            }
            stream.Groups ??= new SortedDictionary<byte[], StreamConsumerGroup>(StreamConsumerGroup.ByteOrder.Instance);
            if (stream.FindGroup(groupName) is not null)
            {
                ctx.Reply.Error("BUSYGROUP Consumer Group name already exists");
                return;
            }
            var name = groupName.ToArray();
            stream.Groups.Add(name, new StreamConsumerGroup(name, id, entriesRead));
            ctx.Db.Modified(entry!);
            ctx.Reply.Ok();
            ctx.Notify(KeyspaceEventClasses.Stream, "xgroup-create", ctx.Arg(2));
        }
        else if (setId && (ctx.ArgCount == 5 || ctx.ArgCount == 7))
        {
            StreamId id;
            if (ctx.Arg(4).SequenceEqual("$"u8))
            {
                id = stream!.LastId;
            }
            else if (!StreamCommands.TryParseId(ctx, 4, out id))
            {
                return;
            }
            group!.LastId = id;
            group.EntriesRead = entriesRead;
            ctx.Db.Modified(entry!);
            ctx.Reply.Ok();
            ctx.Notify(KeyspaceEventClasses.Stream, "xgroup-setid", ctx.Arg(2));
        }
        else if (ctx.Is(1, "DESTROY") && ctx.ArgCount == 4)
        {
            if (group is null)
            {
                ctx.Reply.Integer(0);
                return;
            }
            stream!.Groups!.Remove(group.Name);
            ctx.Db.Modified(entry!);
            ctx.Reply.Integer(1);
            ctx.Notify(KeyspaceEventClasses.Stream, "xgroup-destroy", ctx.Arg(2));
            // Clients blocked in XREADGROUP on this group learn it is gone.
            ctx.Db.SignalKeyAsReady(entry!.Key, RedisType.Stream);
        }
        else if (ctx.Is(1, "CREATECONSUMER") && ctx.ArgCount == 5)
        {
            var created = CreateConsumer(ctx, ctx.Arg(2), group!, ctx.Arg(4)) is not null;
            ctx.Reply.Integer(created ? 1 : 0);
        }
        else if (ctx.Is(1, "DELCONSUMER") && ctx.ArgCount == 5)
        {
            long pending = 0;
            if (group!.FindConsumer(ctx.Arg(4)) is { } consumer)
            {
                pending = consumer.Pending.Count;
                foreach (var id in consumer.Pending.Keys)
                {
                    group.Pending.Remove(id);
                }
                group.Consumers.Remove(consumer.Name);
                ctx.Db.Modified(entry!);
                ctx.Notify(KeyspaceEventClasses.Stream, "xgroup-delconsumer", ctx.Arg(2));
            }
            ctx.Reply.Integer(pending);
        }
        else
        {
            HelpReply.SubcommandSyntaxError(ctx);
        }
    }

    /// <summary>
    /// streamCreateConsumer: a new consumer of the group of the stream at <paramref name="key"/>
    /// (counted as a change, an "xgroup-createconsumer" event), null when the name exists.
    /// </summary>
    internal static StreamConsumer? CreateConsumer(CommandContext ctx, ReadOnlySpan<byte> key, StreamConsumerGroup group, ReadOnlySpan<byte> name)
    {
        if (group.FindConsumer(name) is not null)
        {
            return null;
        }
        var consumer = new StreamConsumer(name.ToArray(), StreamGroupDelivery.NowMs);
        group.Consumers.Add(consumer.Name, consumer);
        ctx.Databases.Dirty++;
        ctx.Notify(KeyspaceEventClasses.Stream, "xgroup-createconsumer", key);
        return consumer;
    }

    /// <summary>XACK key group id [id ...]</summary>
    private static void XAck(CommandContext ctx)
    {
        if (!StreamCommands.TryRead(ctx, ctx.Arg(1), out var stream))
        {
            return;
        }
        var group = stream?.FindGroup(ctx.Arg(2));
        if (group is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        for (var j = 3; j < ctx.ArgCount; j++)
        {
            if (!StreamCommands.TryParseId(ctx, j, out _, strict: true))
            {
                return;
            }
        }
        long acknowledged = 0;
        for (var j = 3; j < ctx.ArgCount; j++)
        {
            StreamId.TryParse(ctx.Arg(j), out var id, strict: true);
            if (group.Pending.Remove(id, out var pending))
            {
                pending.Consumer.Pending.Remove(id);
                acknowledged++;
                ctx.Databases.Dirty++;
            }
        }
        ctx.Reply.Integer(acknowledged);
    }

    /// <summary>XPENDING key group [[IDLE min-idle-time] start end count [consumer]]</summary>
    private static void XPending(CommandContext ctx)
    {
        var summary = ctx.ArgCount == 3;
        if (!summary && (ctx.ArgCount < 6 || ctx.ArgCount > 9))
        {
            ctx.SyntaxError();
            return;
        }
        long count = 0, minIdle = 0;
        StreamId start = default, end = default;
        var consumerArg = -1;
        if (!summary)
        {
            var startIndex = 3;
            if (ctx.Is(3, "IDLE"))
            {
                if (!ctx.TryGetLong(4, out minIdle))
                {
                    return;
                }
                if (ctx.ArgCount < 8)
                {
                    ctx.SyntaxError();
                    return;
                }
                startIndex += 2;
            }
            if (!ctx.TryGetLong(startIndex + 2, out count))
            {
                return;
            }
            count = Math.Max(count, 0);
            if (!StreamCommands.TryParseInterval(ctx, startIndex, 0, out start, out var startExclusive))
            {
                return;
            }
            if (startExclusive && !start.TryIncrement(out start))
            {
                ctx.Reply.Error("ERR invalid start ID for the interval");
                return;
            }
            if (!StreamCommands.TryParseInterval(ctx, startIndex + 1, ulong.MaxValue, out end, out var endExclusive))
            {
                return;
            }
            if (endExclusive && !end.TryDecrement(out end))
            {
                ctx.Reply.Error("ERR invalid end ID for the interval");
                return;
            }
            if (startIndex + 3 < ctx.ArgCount)
            {
                consumerArg = startIndex + 3;
            }
        }
        if (!StreamCommands.TryRead(ctx, ctx.Arg(1), out var stream))
        {
            return;
        }
        var group = stream?.FindGroup(ctx.Arg(2));
        if (group is null)
        {
            ctx.Reply.Error(NoGroupError(ctx.Arg(1), ctx.Arg(2)));
            return;
        }
        var reply = ctx.Reply;
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        if (summary)
        {
            reply.ArrayHeader(4);
            reply.Integer(group.Pending.Count);
            if (group.Pending.Count == 0)
            {
                reply.NullBulk();
                reply.NullBulk();
                reply.NullArray();
                return;
            }
            var first = group.Pending.Keys.First();
            reply.Bulk(text[..first.Format(text)]);
            var last = group.Pending.Keys.Last();
            reply.Bulk(text[..last.Format(text)]);
            var handle = reply.BeginDeferredLength();
            var consumers = 0;
            foreach (var consumer in group.Consumers.Values)
            {
                if (consumer.Pending.Count == 0)
                {
                    continue;
                }
                reply.ArrayHeader(2);
                reply.Bulk(consumer.Name);
                reply.BulkInteger(consumer.Pending.Count);
                consumers++;
            }
            reply.EndDeferredArray(handle, consumers);
            return;
        }
        SortedDictionary<StreamId, StreamPendingEntry> pel = group.Pending;
        if (consumerArg >= 0)
        {
            if (group.FindConsumer(ctx.Arg(consumerArg)) is not { } owner)
            {
                reply.ArrayHeader(0);
                return;
            }
            pel = owner.Pending;
        }
        var now = StreamGroupDelivery.NowMs;
        var listHandle = reply.BeginDeferredLength();
        var emitted = 0;
        foreach (var (id, pending) in pel)
        {
            if (count == 0 || id > end)
            {
                break;
            }
            if (id < start)
            {
                continue;
            }
            if (minIdle != 0 && now - pending.DeliveryTimeMs < minIdle)
            {
                continue;
            }
            emitted++;
            count--;
            reply.ArrayHeader(4);
            reply.Bulk(text[..id.Format(text)]);
            reply.Bulk(pending.Consumer.Name);
            reply.Integer(Math.Max(0, now - pending.DeliveryTimeMs));
            reply.Integer((long)pending.DeliveryCount);
        }
        reply.EndDeferredArray(listHandle, emitted);
    }
}
