using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// Pub/sub side by side with redis-server: confirmations, the RESP2 subscribed context, message
/// delivery and its order, RESP3 pushes, shard channels, PUBSUB introspection, CLIENT LIST and INFO.
/// </summary>
public sealed class PubSubCommandsTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private static readonly TimeSpan Quiet = TimeSpan.FromMilliseconds(300);

    /// <summary>Sends a command to both and compares the <paramref name="replies"/> replies it produces, in order.</summary>
    private static async Task SameRepliesAsync(Conversation c, int replies, params object[] args)
    {
        await c.Redis.SendAsync(args);
        await c.Basalt.SendAsync(args);
        for (var i = 0; i < replies; i++)
        {
            var redis = await c.Redis.ReadReplyAsync();
            var basalt = await c.Basalt.ReadReplyAsync();
            if (redis.RawText != basalt.RawText)
            {
                c.Mismatch($"{string.Join(' ', args)} (reply {i + 1})\n    redis:  {redis.RawText}\n    basalt: {basalt.RawText}");
            }
        }
    }

    /// <summary>Reads what each connection received until it is quiet and compares the bytes.</summary>
    private static async Task SameStreamAsync(Conversation c, string what)
    {
        var redis = await c.Redis.ReadUntilQuietAsync(Quiet);
        var basalt = await c.Basalt.ReadUntilQuietAsync(Quiet);
        if (redis.ToString() != basalt.ToString())
        {
            c.Mismatch($"{what}\n    redis:  {redis}\n    basalt: {basalt}");
        }
    }

    private static string Channel(string name) => $"{name}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Subscribe_confirmations_and_the_resp2_subscribed_context_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("SUBSCRIBE");
        await c.SameAsync("UNSUBSCRIBE");
        await c.SameAsync("PUNSUBSCRIBE");
        await c.SameAsync("SUNSUBSCRIBE");
        await c.SameAsync("PING");
        await SameRepliesAsync(c, 3, "SUBSCRIBE", "a", "b", "a");
        await SameRepliesAsync(c, 2, "PSUBSCRIBE", "x*", "y?");
        await c.SameAsync("PING");
        await c.SameAsync("PING", "hello");
        await c.SameAsync("PING", "a", "b");
        await c.SameAsync("GET", "k");
        await c.SameAsync("SET", "k", "v");
        await c.SameAsync("MULTI");
        await c.SameAsync("CLIENT", "ID");
        await c.SameAsync("HELLO", "2");
        await c.SameAsync("NOSUCHCOMMAND");
        await SameRepliesAsync(c, 2, "UNSUBSCRIBE", "b", "zzz");
        await SameRepliesAsync(c, 2, "PUNSUBSCRIBE");
        await c.SameAsync("PUNSUBSCRIBE");
        await c.SameAsync("PING");
        await c.SameAsync("UNSUBSCRIBE");
        // Leaving the last channel leaves the context: every command runs again.
        await c.SameAsync("PING");
        await c.SameAsync("GET", "k");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Unsubscribe_without_arguments_leaves_every_channel_counting_down()
    {
        // Redis leaves them in its hash table's order (random seed): compare the channels as a set, the counts in order.
        foreach (var server in new[] { servers.Redis, servers.Basalt })
        {
            await using var client = await server.ConnectAsync();
            for (var i = 0; i < 3; i++)
            {
                await client.SendAsync("SUBSCRIBE", "c1", "c2", "c3");
            }
            for (var i = 0; i < 9; i++)
            {
                await client.ReadReplyAsync();
            }
            await client.SendAsync("PSUBSCRIBE", "p");
            await client.ReadReplyAsync();
            await client.SendAsync("UNSUBSCRIBE");
            var left = new List<string>();
            for (var expected = 3; expected >= 1; expected--)
            {
                var reply = (await client.ReadReplyAsync()).Value;
                Assert.Equal("unsubscribe", reply[0].Text);
                left.Add(reply[1].Text!);
                Assert.Equal(expected, reply[2].Integer);
            }
            Assert.Equal(["c1", "c2", "c3"], left.Order());
            Assert.Equal("PONG", (await client.ExecuteAsync("PING")).Value[0].Text?.ToUpperInvariant());
        }
    }

    [Fact]
    public async Task Published_messages_reach_channel_and_pattern_subscribers_in_order()
    {
        var news = Channel("news");
        await using var sub = await servers.ConnectAsync();
        await using var pub = await servers.ConnectAsync();
        await SameRepliesAsync(sub, 1, "SUBSCRIBE", news);
        await SameRepliesAsync(sub, 1, "PSUBSCRIBE", "news-*");
        await pub.SameAsync("PUBLISH", news, "first");
        await pub.SameAsync("PUBLISH", "news-other", "second");
        await pub.SameAsync("PUBLISH", "elsewhere", "unheard");
        await pub.SameAsync("PUBLISH", news, "");
        await pub.SameAsync("PUBLISH", news, new string('x', 100_000));
        await SameStreamAsync(sub, "messages");

        // A pipeline of publications arrives whole and in order, with the subscriber's own replies where they ran.
        var pipeline = new List<byte>();
        for (var i = 0; i < 200; i++)
        {
            pipeline.AddRange(RespFormat.EncodeCommand(["PUBLISH", news, $"m{i}"]));
        }
        await pub.Redis.SendRawAsync(pipeline.ToArray());
        await pub.Basalt.SendRawAsync(pipeline.ToArray());
        await SameStreamAsync(pub, "publisher's replies");
        await SameRepliesAsync(sub, 1, "PING", "after");
        await SameStreamAsync(sub, "pipelined messages");
        sub.AssertNoMismatches();
        pub.AssertNoMismatches();
    }

    [Fact]
    public async Task Resp3_subscribers_get_pushes_and_may_run_any_command()
    {
        var channel = Channel("r3");
        await using var sub = await servers.ConnectAsync();
        await using var pub = await servers.ConnectAsync();
        await sub.SameHelloAsync("HELLO", "3");
        await SameRepliesAsync(sub, 2, "SUBSCRIBE", channel, channel + "-2");
        await SameRepliesAsync(sub, 1, "PSUBSCRIBE", channel + "*");
        await sub.SameAsync("PING");
        await sub.SameAsync("SET", channel, "v");
        await sub.SameAsync("GET", channel);
        await pub.SameAsync("PUBLISH", channel, "hi");
        await SameStreamAsync(sub, "pushes");
        // A client hears its own publication before the reply to PUBLISH.
        await SameRepliesAsync(sub, 3, "PUBLISH", channel + "-2", "self");
        await SameRepliesAsync(sub, 1, "UNSUBSCRIBE", "nothing");
        await SameRepliesAsync(sub, 1, "PUNSUBSCRIBE", "nothing");
        await SameRepliesAsync(sub, 2, "UNSUBSCRIBE", channel, channel + "-2");
        await SameRepliesAsync(sub, 1, "PUNSUBSCRIBE");
        await sub.SameAsync("UNSUBSCRIBE");
        await sub.SameAsync("DEL", channel);
        sub.AssertNoMismatches();
        pub.AssertNoMismatches();
    }

    [Fact]
    public async Task Shard_channels_are_their_own_name_space()
    {
        var channel = Channel("shard");
        await using var sub = await servers.ConnectAsync();
        await using var pub = await servers.ConnectAsync();
        await SameRepliesAsync(sub, 2, "SSUBSCRIBE", channel, channel);
        await SameRepliesAsync(sub, 1, "SUBSCRIBE", channel);
        await pub.SameAsync("SPUBLISH", channel, "to-shard");
        await pub.SameAsync("PUBLISH", channel, "to-plain");
        await pub.SameAsync("SPUBLISH", channel + "-none", "x");
        await pub.SameAsync("PUBSUB", "SHARDCHANNELS", "shard-*");
        await pub.SameAsync("PUBSUB", "SHARDNUMSUB", channel, "none");
        await SameStreamAsync(sub, "shard and plain messages");
        await SameRepliesAsync(sub, 1, "SUNSUBSCRIBE", channel);
        await sub.SameAsync("SUNSUBSCRIBE");
        await sub.SameAsync("PING");
        await SameRepliesAsync(sub, 1, "UNSUBSCRIBE");
        await pub.SameAsync("PUBSUB", "SHARDCHANNELS");
        sub.AssertNoMismatches();
        pub.AssertNoMismatches();
    }

    [Fact]
    public async Task Transactions_may_subscribe_but_not_shard_subscribe()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("MULTI");
        await c.SameAsync("SUBSCRIBE", "in-multi");
        await c.SameAsync("SSUBSCRIBE", "in-multi");
        await c.SameAsync("EXEC");
        await c.SameAsync("PING");
        await SameRepliesAsync(c, 1, "UNSUBSCRIBE");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Pubsub_introspection_matches_redis()
    {
        var prefix = $"intro-{Guid.NewGuid():N}";
        await using var a = await servers.ConnectAsync();
        await using var b = await servers.ConnectAsync();
        await using var q = await servers.ConnectAsync();
        await SameRepliesAsync(a, 2, "SUBSCRIBE", prefix + "-one", prefix + "-two");
        await SameRepliesAsync(b, 2, "SUBSCRIBE", prefix + "-one", prefix + "-three");
        await SameRepliesAsync(b, 1, "PSUBSCRIBE", prefix + "*");
        await q.SameAsync("PUBSUB", "NUMSUB", prefix + "-one", prefix + "-two", prefix + "-none");
        await q.SameAsync("PUBSUB", "NUMSUB");
        // Channels come in the hash table's order, in Redis and here.
        await q.CompareAsync(Interop.ReplyCheck.Unordered, "PUBSUB", "CHANNELS", prefix + "-t*");
        await q.SameAsync("PUBSUB", "CHANNELS", prefix + "-o*");
        await q.SameAsync("PUBSUB", "CHANNELS", "a", "b");
        await q.SameAsync("PUBSUB", "NUMPAT", "x");
        await q.SameAsync("PUBSUB");
        await q.SameAsync("PUBSUB", "NOPE");
        await q.SameAsync("PUBSUB", "HELP");
        await q.SameAsync("PUBLISH", prefix + "-one", "counted");
        await q.SameAsync("PUBLISH", "a");
        // (The container lists its subcommands in Redis's hash order: each is compared on its own.)
        await q.SameAsync("COMMAND", "INFO", "subscribe", "publish", "ssubscribe", "spublish", "sunsubscribe", "punsubscribe", "pubsub|channels", "pubsub|numsub",
            "pubsub|numpat", "pubsub|shardchannels", "pubsub|shardnumsub", "pubsub|help");
        AssertAll(a, b, q);
    }

    private static void AssertAll(params Conversation[] conversations)
    {
        foreach (var c in conversations)
        {
            c.AssertNoMismatches();
        }
    }

    [Fact]
    public async Task Client_list_info_and_kill_see_subscribers()
    {
        await using var sub = await servers.Basalt.ConnectAsync();
        await using var admin = await servers.Basalt.ConnectAsync();
        var id = (await sub.ExecuteAsync("CLIENT", "ID")).Value.Integer;
        var before = (await admin.ExecuteAsync("INFO", "stats")).Text!;
        await sub.SendAsync("SUBSCRIBE", "li-1", "li-2");
        await sub.ReadReplyAsync();
        await sub.ReadReplyAsync();
        await sub.SendAsync("PSUBSCRIBE", "li-*");
        await sub.ReadReplyAsync();
        await sub.SendAsync("SSUBSCRIBE", "li-s");
        await sub.ReadReplyAsync();
        var line = (await admin.ExecuteAsync("CLIENT", "LIST", "ID", id)).Text!;
        Assert.Contains(" flags=P ", line);
        Assert.Contains(" sub=2 psub=1 ssub=1 ", line);
        Assert.Contains($"id={id} ", (await admin.ExecuteAsync("CLIENT", "LIST", "TYPE", "pubsub")).Text!);
        Assert.DoesNotContain($"id={id} ", (await admin.ExecuteAsync("CLIENT", "LIST", "TYPE", "normal")).Text!);
        var stats = (await admin.ExecuteAsync("INFO", "stats")).Text!;
        Assert.Equal(Field(before, "pubsub_channels") + 2, Field(stats, "pubsub_channels"));
        Assert.Equal(Field(before, "pubsub_patterns") + 1, Field(stats, "pubsub_patterns"));
        Assert.Equal(Field(before, "pubsubshard_channels") + 1, Field(stats, "pubsubshard_channels"));

        Assert.Equal(1, (await admin.ExecuteAsync("CLIENT", "KILL", "ID", id.ToString(), "TYPE", "pubsub")).Value.Integer);
        Assert.True(await sub.WaitForCloseAsync(TimeSpan.FromSeconds(10)));
        // The closed client's subscriptions are gone with it.
        await Poll.UntilAsync(async () => Field((await admin.ExecuteAsync("INFO", "stats")).Text!, "pubsub_channels") == Field(before, "pubsub_channels"),
            TimeSpan.FromSeconds(10), () => "the killed subscriber's channels to be dropped");
        Assert.Equal(0, (await admin.ExecuteAsync("PUBLISH", "li-1", "x")).Value.Integer);
    }

    private static long Field(string info, string name)
    {
        var line = info.Split("\r\n").Single(l => l.StartsWith(name + ":", StringComparison.Ordinal));
        return long.Parse(line[(name.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Confirmations_are_pushes_that_client_reply_off_does_not_drop()
    {
        await using var c = await servers.ConnectAsync();
        var script = RespFormat.EncodePipeline([["CLIENT", "REPLY", "OFF"], ["SUBSCRIBE", "ro-a", "ro-b"], ["PING"], ["UNSUBSCRIBE", "ro-a"],
            ["CLIENT", "REPLY", "SKIP"], ["PSUBSCRIBE", "ro*"], ["PUNSUBSCRIBE"], ["UNSUBSCRIBE"], ["CLIENT", "REPLY", "ON"], ["PING"]]);
        await c.Redis.SendRawAsync(script);
        await c.Basalt.SendRawAsync(script);
        await SameStreamAsync(c, "replies under CLIENT REPLY OFF and SKIP");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Reset_and_quit_end_the_subscribed_context_as_in_redis()
    {
        await using var c = await servers.ConnectAsync();
        await SameRepliesAsync(c, 1, "SUBSCRIBE", "rq");
        await c.SameAsync("RESET");
        await c.SameAsync("PING");
        await c.SameAsync("PUBSUB", "NUMSUB", "rq");
        await SameRepliesAsync(c, 1, "PSUBSCRIBE", "rq*");
        await c.SameAsync("QUIT");
        Assert.True(await c.Basalt.WaitForCloseAsync(TimeSpan.FromSeconds(10)));
        Assert.True(await c.Redis.WaitForCloseAsync(TimeSpan.FromSeconds(10)));
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task A_subscriber_that_does_not_read_is_closed_at_the_pubsub_output_limit()
    {
        foreach (var server in new[] { servers.Redis, servers.Basalt })
        {
            await using var admin = await server.ConnectAsync();
            await using var sub = await server.ConnectAsync();
            // A small receive buffer, so that the kernel holds little of what the server could not send.
            sub.Socket.ReceiveBufferSize = 4096;
            var channel = Channel("limit");
            Assert.Equal("OK", (await admin.ExecuteAsync("CONFIG", "SET", "client-output-buffer-limit", "pubsub 1mb 0 0")).Text);
            try
            {
                await sub.SendAsync("SUBSCRIBE", channel);
                await sub.ReadReplyAsync();
                var message = new string('m', 256 * 1024);
                for (var i = 0; i < 200 && !sub.PeerClosed; i++)
                {
                    await admin.ExecuteAsync("PUBLISH", channel, message);
                    if ((await admin.ExecuteAsync("PUBSUB", "NUMSUB", channel)).Value[1].Integer == 0)
                    {
                        break;
                    }
                }
                Assert.Equal(0, (await admin.ExecuteAsync("PUBSUB", "NUMSUB", channel)).Value[1].Integer);
            }
            finally
            {
                await admin.ExecuteAsync("CONFIG", "SET", "client-output-buffer-limit", "pubsub 32mb 8mb 60");
            }
        }
        Assert.Contains("scheduled to be closed ASAP for overcoming of output buffer limits.", servers.Basalt.LogText);
    }

    [Fact]
    public async Task Expired_keys_are_published_as_keyspace_and_keyevent_notifications()
    {
        await using var sub = await servers.ConnectAsync();
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("CONFIG", "SET", "notify-keyspace-events", "KEx");
        try
        {
            await SameRepliesAsync(sub, 1, "PSUBSCRIBE", "__key*__:*");
            await c.SameAsync("SELECT", "3");
            await c.SameAsync("SET", "soon-gone", "v", "PX", "1");
            await c.SameAsync("SET", "stays", "v");
            await c.SameAsync("DEL", "stays");
            foreach (var server in new[] { c.Redis, c.Basalt })
            {
                await Poll.UntilAsync(async () => (await server.ExecuteAsync("EXISTS", "soon-gone")).Value.Integer == 0,
                    TimeSpan.FromSeconds(10), () => "soon-gone to expire");
            }
            await SameStreamAsync(sub, "expired events");
            // E alone: only the key-event channel.
            await c.SameAsync("CONFIG", "SET", "notify-keyspace-events", "Ex");
            await c.SameAsync("CONFIG", "GET", "notify-keyspace-events");
            await c.SameAsync("SET", "soon-gone", "v", "PX", "1");
            foreach (var server in new[] { c.Redis, c.Basalt })
            {
                await Poll.UntilAsync(async () => (await server.ExecuteAsync("EXISTS", "soon-gone")).Value.Integer == 0,
                    TimeSpan.FromSeconds(10), () => "soon-gone to expire");
            }
            await SameStreamAsync(sub, "expired events on the key-event channel");
        }
        finally
        {
            await c.BothAsync("CONFIG", "SET", "notify-keyspace-events", "");
        }
        sub.AssertNoMismatches();
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Evicted_keys_are_published_as_keyevent_notifications()
    {
        await using var sub = await servers.Basalt.ConnectAsync();
        await using var c = await servers.Basalt.ConnectAsync();
        Assert.Equal("OK", (await c.ExecuteAsync("CONFIG", "SET", "notify-keyspace-events", "Ee")).Text);
        try
        {
            await sub.SendAsync("SUBSCRIBE", "__keyevent@5__:evicted");
            await sub.ReadReplyAsync();
            await c.ExecuteAsync("SELECT", "5");
            await c.ExecuteAsync("SET", "victim", "v");
            await c.ExecuteAsync("CONFIG", "SET", "maxmemory-policy", "allkeys-random", "maxmemory", "1");
            await c.ExecuteAsync("SET", "another", "v");
            var message = (await sub.ReadReplyAsync()).Value;
            Assert.Equal("message", message[0].Text);
            Assert.Equal("__keyevent@5__:evicted", message[1].Text);
            Assert.Contains(message[2].Text, new[] { "victim", "another" });
        }
        finally
        {
            await c.ExecuteAsync("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "notify-keyspace-events", "");
            await c.ExecuteAsync("FLUSHDB");
        }
    }
}
