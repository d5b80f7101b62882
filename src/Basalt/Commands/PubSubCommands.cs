using Basalt.Server;
using Basalt.Server.PubSub;

namespace Basalt.Commands;

/// <summary>
/// Pub/sub (pubsub.c): SUBSCRIBE, UNSUBSCRIBE, PSUBSCRIBE, PUNSUBSCRIBE, PUBLISH, their shard forms
/// SSUBSCRIBE, SUNSUBSCRIBE, SPUBLISH, and PUBSUB. The confirmations are pushes in RESP3 (arrays in
/// RESP2), one per channel, each with the client's subscription count after it. Messages reach
/// subscribers through their connection's ordered output (see <see cref="PubSubHub"/>).
/// </summary>
public static class PubSubCommands
{
    private const CommandFlags SubscribeFlags = CommandFlags.PubSub | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
    private const CommandFlags PublishFlags = CommandFlags.PubSub | CommandFlags.Loading | CommandFlags.Stale | CommandFlags.Fast | CommandFlags.MayReplicate;
    private const CommandFlags IntrospectionFlags = CommandFlags.PubSub | CommandFlags.Loading | CommandFlags.Stale;

    private static readonly byte[] SubscribeKind = "subscribe"u8.ToArray();
    private static readonly byte[] UnsubscribeKind = "unsubscribe"u8.ToArray();
    private static readonly byte[] PatternSubscribeKind = "psubscribe"u8.ToArray();
    private static readonly byte[] PatternUnsubscribeKind = "punsubscribe"u8.ToArray();
    private static readonly byte[] ShardSubscribeKind = "ssubscribe"u8.ToArray();
    private static readonly byte[] ShardUnsubscribeKind = "sunsubscribe"u8.ToArray();

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("subscribe", -2, SubscribeFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.0.0",
            "Listen for messages published to the given channels", Subscribe));
        table.Add(new CommandSpec("unsubscribe", -1, SubscribeFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.0.0",
            "Stop listening for messages posted to the given channels", Unsubscribe));
        table.Add(new CommandSpec("psubscribe", -2, SubscribeFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.0.0",
            "Listen for messages published to channels matching the given patterns", PatternSubscribe));
        table.Add(new CommandSpec("punsubscribe", -1, SubscribeFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.0.0",
            "Stop listening for messages posted to channels matching the given patterns", PatternUnsubscribe));
        table.Add(new CommandSpec("publish", 3, PublishFlags, 0, 0, 0, "@pubsub @fast", "pubsub", "2.0.0",
            "Post a message to a channel", Publish));
        // The shard commands name their channels where keys go (key specs with NOT_KEY), as Redis 7.0 does.
        table.Add(new CommandSpec("ssubscribe", -2, SubscribeFlags, 1, -1, 1, "@pubsub @slow", "pubsub", "7.0.0",
            "Listen for messages published to the given shard channels", ShardSubscribe));
        table.Add(new CommandSpec("sunsubscribe", -1, SubscribeFlags, 1, -1, 1, "@pubsub @slow", "pubsub", "7.0.0",
            "Stop listening for messages posted to the given shard channels", ShardUnsubscribe));
        table.Add(new CommandSpec("spublish", 3, PublishFlags, 1, 1, 1, "@pubsub @fast", "pubsub", "7.0.0",
            "Post a message to a shard channel", ShardPublish));

        var container = new CommandSpec("pubsub", -2, CommandFlags.None, 0, 0, 0, "@slow", "pubsub", "2.8.0",
            "A container for Pub/Sub commands", null);
        container.AddSubcommand(new CommandSpec("channels", -2, IntrospectionFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.8.0",
            "List active channels", Channels));
        container.AddSubcommand(new CommandSpec("numsub", -2, IntrospectionFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.8.0",
            "Get the count of subscribers for channels", NumSub));
        container.AddSubcommand(new CommandSpec("numpat", 2, IntrospectionFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "2.8.0",
            "Get the count of unique patterns pattern subscriptions", NumPat));
        container.AddSubcommand(new CommandSpec("shardchannels", -2, IntrospectionFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "7.0.0",
            "List active shard channels", ShardChannels));
        container.AddSubcommand(new CommandSpec("shardnumsub", -2, IntrospectionFlags, 0, 0, 0, "@pubsub @slow", "pubsub", "7.0.0",
            "Get the count of subscribers for shard channels", ShardNumSub));
        container.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@slow", "pubsub", "6.2.0",
            "Show helpful text about the different subcommands", Help));
        table.Add(container);
    }

    // SUBSCRIBE and PSUBSCRIBE refuse a client that cannot block unless it is in a transaction; in
    // Basalt only EXEC makes a client unable to block, so they always run (a transaction may subscribe).
    private static void Subscribe(CommandContext ctx)
    {
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            ctx.Server.PubSub.Subscribe(ctx.Client, ctx.Arg(i), shard: false);
            Confirm(ctx, SubscribeKind, ctx.Arg(i), ChannelsAndPatterns(ctx.Client));
        }
    }

    private static void PatternSubscribe(CommandContext ctx)
    {
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            ctx.Server.PubSub.SubscribePattern(ctx.Client, ctx.Arg(i));
            Confirm(ctx, PatternSubscribeKind, ctx.Arg(i), ChannelsAndPatterns(ctx.Client));
        }
    }

    /// <summary>SSUBSCRIBE has no transaction exception: inside EXEC it is refused.</summary>
    private static void ShardSubscribe(CommandContext ctx)
    {
        if (ctx.Client.Has(ClientFlags.DenyBlocking))
        {
            ctx.Reply.Error("ERR SSUBSCRIBE isn't allowed for a DENY BLOCKING client");
            return;
        }
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            ctx.Server.PubSub.Subscribe(ctx.Client, ctx.Arg(i), shard: true);
            Confirm(ctx, ShardSubscribeKind, ctx.Arg(i), ShardChannelCount(ctx.Client));
        }
    }

    private static void Unsubscribe(CommandContext ctx) => UnsubscribeChannels(ctx, shard: false);

    private static void ShardUnsubscribe(CommandContext ctx) => UnsubscribeChannels(ctx, shard: true);

    /// <summary>
    /// UNSUBSCRIBE / SUNSUBSCRIBE: the channels named, or every channel subscribed to; with none to
    /// leave, one confirmation with a null channel.
    /// </summary>
    private static void UnsubscribeChannels(CommandContext ctx, bool shard)
    {
        var hub = ctx.Server.PubSub;
        var kind = shard ? ShardUnsubscribeKind : UnsubscribeKind;
        Func<ClientSession, int> count = shard ? ShardChannelCount : ChannelsAndPatterns;
        if (ctx.ArgCount > 1)
        {
            for (var i = 1; i < ctx.ArgCount; i++)
            {
                hub.Unsubscribe(ctx.Client, ctx.Arg(i), shard);
                Confirm(ctx, kind, ctx.Arg(i), count(ctx.Client));
            }
            return;
        }
        var subscriptions = ctx.Client.Subscriptions;
        var channels = (shard ? subscriptions?.ShardChannels : subscriptions?.Channels)?.ToArray() ?? [];
        foreach (var channel in channels)
        {
            hub.Unsubscribe(ctx.Client, channel, shard);
            Confirm(ctx, kind, channel, count(ctx.Client));
        }
        if (channels.Length == 0)
        {
            ConfirmNone(ctx, kind, count(ctx.Client));
        }
    }

    /// <summary>PUNSUBSCRIBE: the patterns named, or every pattern in the order subscribed.</summary>
    private static void PatternUnsubscribe(CommandContext ctx)
    {
        var hub = ctx.Server.PubSub;
        if (ctx.ArgCount > 1)
        {
            for (var i = 1; i < ctx.ArgCount; i++)
            {
                hub.UnsubscribePattern(ctx.Client, ctx.Arg(i));
                Confirm(ctx, PatternUnsubscribeKind, ctx.Arg(i), ChannelsAndPatterns(ctx.Client));
            }
            return;
        }
        var patterns = ctx.Client.Subscriptions?.Patterns.ToArray() ?? [];
        foreach (var pattern in patterns)
        {
            hub.UnsubscribePattern(ctx.Client, pattern);
            Confirm(ctx, PatternUnsubscribeKind, pattern, ChannelsAndPatterns(ctx.Client));
        }
        if (patterns.Length == 0)
        {
            ConfirmNone(ctx, PatternUnsubscribeKind, ChannelsAndPatterns(ctx.Client));
        }
    }

    private static void Publish(CommandContext ctx) =>
        ctx.Reply.Integer(ctx.Server.PubSub.Publish(ctx.Arg(1), ctx.Arg(2), shard: false));

    private static void ShardPublish(CommandContext ctx) =>
        ctx.Reply.Integer(ctx.Server.PubSub.Publish(ctx.Arg(1), ctx.Arg(2), shard: true));

    private static void Channels(CommandContext ctx) => ListChannels(ctx, shard: false);

    private static void ShardChannels(CommandContext ctx) => ListChannels(ctx, shard: true);

    /// <summary>PUBSUB CHANNELS / SHARDCHANNELS [pattern]: the channels that have subscribers.</summary>
    private static void ListChannels(CommandContext ctx, bool shard)
    {
        if (ctx.ArgCount > 3)
        {
            HelpReply.SubcommandSyntaxError(ctx);
            return;
        }
        var names = ctx.Server.PubSub.ChannelNames(ctx.ArgCount == 3 ? ctx.Arg(2) : default, matchAll: ctx.ArgCount == 2, shard);
        ctx.Reply.ArrayHeader(names.Count);
        foreach (var name in names)
        {
            ctx.Reply.Bulk(name);
        }
    }

    private static void NumSub(CommandContext ctx) => CountSubscribers(ctx, shard: false);

    private static void ShardNumSub(CommandContext ctx) => CountSubscribers(ctx, shard: true);

    /// <summary>PUBSUB NUMSUB / SHARDNUMSUB [channel ...]: each channel and its subscribers, as a flat array.</summary>
    private static void CountSubscribers(CommandContext ctx, bool shard)
    {
        ctx.Reply.ArrayHeader((ctx.ArgCount - 2) * 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            ctx.Reply.Bulk(ctx.Arg(i));
            ctx.Reply.Integer(ctx.Server.PubSub.SubscriberCount(ctx.Arg(i), shard));
        }
    }

    private static void NumPat(CommandContext ctx) => ctx.Reply.Integer(ctx.Server.PubSub.PatternCount);

    private static void Help(CommandContext ctx) => HelpReply.Write(ctx,
        "CHANNELS [<pattern>]",
        "    Return the currently active channels matching a <pattern> (default: '*').",
        "NUMPAT",
        "    Return number of subscriptions to patterns.",
        "NUMSUB [<channel> ...]",
        "    Return the number of subscribers for the specified channels, excluding",
        "    pattern subscriptions(default: no channels).",
        "SHARDCHANNELS [<pattern>]",
        "    Return the currently active shard level channels matching a <pattern> (default: '*').",
        "SHARDNUMSUB [<shardchannel> ...]",
        "    Return the number of subscribers for the specified shard level channel(s)");

    /// <summary>Confirmations are pushes: CLIENT REPLY OFF/SKIP leave them (the connection reads the flag).</summary>
    private static void MarkPush(CommandContext ctx)
    {
        if (ctx.Client.Has(ClientFlags.ReplyOff | ClientFlags.ReplySkip))
        {
            ctx.Client.Set(ClientFlags.Pushing);
        }
    }

    private static int ChannelsAndPatterns(ClientSession client) => client.Subscriptions?.ChannelsAndPatterns ?? 0;

    private static int ShardChannelCount(ClientSession client) => client.Subscriptions?.ShardChannels.Count ?? 0;

    private static void Confirm(CommandContext ctx, byte[] kind, ReadOnlySpan<byte> channel, int count)
    {
        MarkPush(ctx);
        ctx.Reply.PushHeader(3);
        ctx.Reply.Bulk(kind);
        ctx.Reply.Bulk(channel);
        ctx.Reply.Integer(count);
    }

    private static void ConfirmNone(CommandContext ctx, byte[] kind, int count)
    {
        MarkPush(ctx);
        ctx.Reply.PushHeader(3);
        ctx.Reply.Bulk(kind);
        ctx.Reply.NullBulk();
        ctx.Reply.Integer(count);
    }
}
