using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>CLIENT subcommands side by side with redis-server, and the effects of KILL and REPLY.</summary>
public sealed class ClientCommandTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    /// <summary>The fields of a CLIENT LIST line in Redis 7.0's order.</summary>
    private static readonly string[] RedisFields =
    [
        "id", "addr", "laddr", "fd", "name", "age", "idle", "flags", "db", "sub", "psub", "ssub", "multi", "qbuf",
        "qbuf-free", "argv-mem", "multi-mem", "rbs", "rbp", "obl", "oll", "omem", "tot-mem", "events", "cmd", "user",
        "redir", "resp",
    ];

    /// <summary>Fields whose value depends only on what the client did, not on the server or the moment.</summary>
    private static readonly string[] DeterministicFields =
        ["name", "flags", "db", "sub", "psub", "ssub", "multi", "cmd", "user", "redir", "resp"];

    [Fact]
    public async Task Client_errors_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("CLIENT");
        await c.SameAsync("CLIENT", "foo");
        await c.SameAsync("CLIENT", "ID", "x");
        await c.SameAsync("CLIENT", "INFO", "x");
        await c.SameAsync("CLIENT", "HELP", "x");
        await c.SameAsync("CLIENT", "GETNAME", "x");
        await c.SameAsync("CLIENT", "SETNAME");
        await c.SameAsync("CLIENT", "SETNAME", "a", "b");
        await c.SameAsync("CLIENT", "SETNAME", "has space");
        await c.SameAsync("CLIENT", "SETNAME", "new\nline");
        await c.SameAsync("CLIENT", "SETNAME", "caf\u00e9");
        await c.SameAsync("CLIENT", "LIST", "ID");
        await c.SameAsync("CLIENT", "LIST", "ID", "1", "x");
        await c.SameAsync("CLIENT", "LIST", "TYPE");
        await c.SameAsync("CLIENT", "LIST", "TYPE", "foo");
        await c.SameAsync("CLIENT", "LIST", "TYPE", "normal", "x");
        await c.SameAsync("CLIENT", "LIST", "foo");
        await c.SameAsync("CLIENT", "LIST", "ID", "-5", "0", "999999");
        await c.SameAsync("CLIENT", "LIST", "TYPE", "pubsub");
        await c.SameAsync("CLIENT", "LIST", "TYPE", "master");
        await c.SameAsync("CLIENT", "LIST", "TYPE", "replica");
        await c.SameAsync("CLIENT", "LIST", "TYPE", "slave");
        await c.SameAsync("CLIENT", "KILL");
        await c.SameAsync("CLIENT", "KILL", "1.2.3.4:5");
        await c.SameAsync("CLIENT", "KILL", "ID", "abc");
        await c.SameAsync("CLIENT", "KILL", "ID", "0");
        await c.SameAsync("CLIENT", "KILL", "ID", "-1");
        await c.SameAsync("CLIENT", "KILL", "ID", "999999");
        await c.SameAsync("CLIENT", "KILL", "TYPE", "foo");
        await c.SameAsync("CLIENT", "KILL", "TYPE", "master");
        await c.SameAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await c.SameAsync("CLIENT", "KILL", "USER", "nobody");
        await c.SameAsync("CLIENT", "KILL", "USER", "default", "SKIPME", "maybe");
        await c.SameAsync("CLIENT", "KILL", "ADDR", "1.2.3.4:5", "LADDR", "1.2.3.4:6");
        await c.SameAsync("CLIENT", "KILL", "ID", "999999", "SKIPME");
        await c.SameAsync("CLIENT", "KILL", "a", "b", "c");
        await c.SameAsync("CLIENT", "KILL", "ADDR");
        await c.SameAsync("CLIENT", "NO-EVICT");
        await c.SameAsync("CLIENT", "NO-EVICT", "maybe");
        await c.SameAsync("CLIENT", "NO-EVICT", "on");
        await c.SameAsync("CLIENT", "NO-EVICT", "OFF");
        await c.SameAsync("CLIENT", "REPLY");
        await c.SameAsync("CLIENT", "REPLY", "maybe");
        await c.SameAsync("CLIENT", "REPLY", "ON");
        // NO-TOUCH and SETINFO came with Redis 7.2.
        await c.SameAsync("CLIENT", "NO-TOUCH", "on");
        await c.SameAsync("CLIENT", "SETINFO", "lib-name", "x");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Setname_and_getname_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("CLIENT", "SETNAME", "worker-1");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("CLIENT", "SETNAME", "!~printable~!");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("CLIENT", "SETNAME", "bad name");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("CLIENT", "SETNAME", "");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameHelloAsync("HELLO", "3");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("CLIENT", "SETNAME", "resp3");
        await c.SameAsync("CLIENT", "GETNAME");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Client_id_is_the_connection_id_and_grows()
    {
        await using var first = await servers.Basalt.ConnectAsync();
        await using var second = await servers.Basalt.ConnectAsync();
        var a = (await first.ExecuteAsync("CLIENT", "ID")).Value;
        var b = (await second.ExecuteAsync("CLIENT", "ID")).Value;
        Assert.Equal(RespType.Integer, a.Type);
        Assert.True(b.Integer > a.Integer, $"ids {a.Integer} then {b.Integer}");
        Assert.Equal(a.Integer, (await first.ExecuteAsync("CLIENT", "ID")).Value.Integer);
    }

    [Fact]
    public async Task Client_info_and_list_show_redis_fields_in_order()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("CLIENT", "SETNAME", "lister");
        await c.SameAsync("SELECT", "3");
        var (redisInfo, basaltInfo) = await c.BothAsync("CLIENT", "INFO");
        CompareLines(c, "CLIENT INFO", redisInfo, basaltInfo);

        var basaltId = (await c.Basalt.ExecuteAsync("CLIENT", "ID")).Value.Integer;
        var redisId = (await c.Redis.ExecuteAsync("CLIENT", "ID")).Value.Integer;
        var redisList = await c.Redis.ExecuteAsync("CLIENT", "LIST", "ID", redisId, "999999");
        var basaltList = await c.Basalt.ExecuteAsync("CLIENT", "LIST", "ID", basaltId, "999999");
        CompareLines(c, "CLIENT LIST ID", redisList, basaltList);

        // In a transaction: flags x and the queue length, then the last command's name.
        await c.SameAsync("MULTI");
        await c.SameAsync("SET", "k", "v");
        await c.SameAsync("GET", "k");
        var (redisQueued, basaltQueued) = await c.BothAsync("CLIENT", "INFO");
        await c.SameAsync("DISCARD");
        await c.SameAsync("SELECT", "0");
        c.AssertNoMismatches();
        // CLIENT INFO inside MULTI is queued; its reply is QUEUED in both.
        Assert.Equal(redisQueued.RawText, basaltQueued.RawText);

        await c.SameHelloAsync("HELLO", "3");
        var (redis3, basalt3) = await c.BothAsync("CLIENT", "INFO");
        Assert.Equal(RespType.VerbatimString, basalt3.Value.Type);
        Assert.StartsWith("txt:id=", basalt3.Text);
        CompareLines(c, "CLIENT INFO (RESP3)", redis3, basalt3);

        var all = Lines(await c.Basalt.ExecuteAsync("CLIENT", "LIST"));
        Assert.Contains(all, line => Fields(line)["id"] == basaltId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.All(all, line => Assert.Equal(RedisFields, Fields(line).Keys));
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Client_list_shows_flags_of_other_clients()
    {
        await using var watcher = await servers.Basalt.ConnectAsync();
        await using var lister = await servers.Basalt.ConnectAsync();
        var watcherId = (await watcher.ExecuteAsync("CLIENT", "ID")).Value.Integer;
        await watcher.ExecuteAsync("WATCH", "flagged");
        await lister.ExecuteAsync("SET", "flagged", "1");
        await watcher.ExecuteAsync("CLIENT", "NO-EVICT", "on");
        await watcher.ExecuteAsync("MULTI");
        var line = Fields(Lines(await lister.ExecuteAsync("CLIENT", "LIST", "ID", watcherId)).Single());
        Assert.Equal("xde", line["flags"]);
        Assert.Equal("0", line["multi"]);
        Assert.Equal("multi", line["cmd"]);
        Assert.Equal("0", line["argv-mem"]);
        await watcher.ExecuteAsync("DISCARD");
        await watcher.ExecuteAsync("CLIENT", "NO-EVICT", "off");
        line = Fields(Lines(await lister.ExecuteAsync("CLIENT", "LIST", "ID", watcherId)).Single());
        Assert.Equal("N", line["flags"]);
        Assert.Equal("-1", line["multi"]);
        await lister.ExecuteAsync("DEL", "flagged");
    }

    [Fact]
    public async Task Kill_by_id_disconnects_the_client_at_once()
    {
        foreach (var server in new[] { servers.Redis, servers.Basalt })
        {
            await using var killer = await server.ConnectAsync();
            await using var victim = await server.ConnectAsync();
            var victimId = (await victim.ExecuteAsync("CLIENT", "ID")).Value.Integer;
            Assert.Equal(1, (await killer.ExecuteAsync("CLIENT", "KILL", "ID", victimId)).Value.Integer);
            // Gone from the list with the very next command, and its connection is closed.
            Assert.Equal("", Lines(await killer.ExecuteAsync("CLIENT", "LIST", "ID", victimId)).SingleOrDefault() ?? "");
            Assert.True(await victim.WaitForCloseAsync(TimeSpan.FromSeconds(5)), $"{server}: the killed client stayed connected");
            Assert.Equal(0, (await killer.ExecuteAsync("CLIENT", "KILL", "ID", victimId)).Value.Integer);
        }
    }

    [Fact]
    public async Task Kill_by_address_and_skipme_match_redis()
    {
        foreach (var server in new[] { servers.Redis, servers.Basalt })
        {
            await using var killer = await server.ConnectAsync();
            await using var victim = await server.ConnectAsync();
            var victimLine = Fields(Lines(await victim.ExecuteAsync("CLIENT", "INFO")).Single());
            var killerLine = Fields(Lines(await killer.ExecuteAsync("CLIENT", "INFO")).Single());

            // The old form answers OK and may kill the caller itself.
            Assert.Equal("OK", (await killer.ExecuteAsync("CLIENT", "KILL", victimLine["addr"])).Text);
            Assert.True(await victim.WaitForCloseAsync(TimeSpan.FromSeconds(5)), $"{server}: old-form KILL left the client connected");
            Assert.Equal("ERR No such client", (await killer.ExecuteAsync("CLIENT", "KILL", victimLine["addr"])).Text);

            // The new form spares the caller unless SKIPME no; a killed caller still gets its reply.
            Assert.Equal(0, (await killer.ExecuteAsync("CLIENT", "KILL", "ADDR", killerLine["addr"])).Value.Integer);
            Assert.Equal(0, (await killer.ExecuteAsync("CLIENT", "KILL", "LADDR", killerLine["laddr"], "ID", killerLine["id"])).Value.Integer);
            Assert.Equal(1, (await killer.ExecuteAsync("CLIENT", "KILL", "LADDR", killerLine["laddr"], "ID", killerLine["id"], "USER", "default", "TYPE", "normal", "SKIPME", "no")).Value.Integer);
            Assert.True(await killer.WaitForCloseAsync(TimeSpan.FromSeconds(5)), $"{server}: SKIPME no left the caller connected");
        }
    }

    [Fact]
    public async Task Reply_off_and_skip_suppress_replies_like_redis()
    {
        await using var c = await servers.ConnectAsync();
        var pipeline = RespFormat.EncodePipeline([
            ["CLIENT", "REPLY", "OFF"],
            ["SET", "reply-test", "1"],
            ["GET", "reply-test"],
            ["NOSUCHCOMMAND"],
            ["CLIENT", "REPLY", "SKIP"],
            ["GET", "reply-test"],
            ["CLIENT", "REPLY", "ON"],
            ["GET", "reply-test"],
            ["CLIENT", "REPLY", "SKIP"],
            ["ECHO", "skipped"],
            ["ECHO", "shown"],
            ["CLIENT", "REPLY", "SKIP"],
            ["CLIENT", "REPLY", "SKIP"],
            ["ECHO", "skipped too"],
            ["DEL", "reply-test"],
            ["ECHO", "end"],
        ]);
        var redis = await ReadUntilEndAsync(c.Redis, pipeline);
        var basalt = await ReadUntilEndAsync(c.Basalt, pipeline);
        Assert.Equal(redis, basalt);
        Assert.Equal(["+OK", "$1\\r\\n1", "$5\\r\\nshown", ":1", "$3\\r\\nend"], basalt);
    }

    [Fact]
    public async Task Help_lists_the_supported_subcommands()
    {
        await using var connection = await servers.Basalt.ConnectAsync();
        var help = (await connection.ExecuteAsync("client", "help")).Value;
        Assert.Equal("CLIENT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:", help[0].Text);
        var entries = help.Items.Select(i => i.Text!).Where(t => !t.StartsWith(' ')).Skip(1).Select(t => t.Split(' ')[0]).ToList();
        Assert.Equal(["GETNAME", "ID", "INFO", "KILL", "KILL", "LIST", "REPLY", "SETNAME", "NO-EVICT", "HELP"], entries);
        foreach (var entry in entries.Distinct().Where(e => e != "HELP"))
        {
            var reply = await connection.ExecuteAsync("CLIENT", entry);
            Assert.DoesNotContain("unknown subcommand", reply.Text ?? "");
        }
    }

    /// <summary>Sends a pipeline and reads replies until the one to ECHO end, as escaped texts without the final CRLF.</summary>
    private static async Task<List<string>> ReadUntilEndAsync(RespConnection connection, byte[] pipeline)
    {
        await connection.SendRawAsync(pipeline);
        var replies = new List<string>();
        do
        {
            replies.Add((await connection.ReadReplyAsync()).RawText[..^4]);
        }
        while (replies[^1] != "$3\\r\\nend");
        return replies;
    }

    /// <summary>Compares two CLIENT INFO/LIST replies: the same field names in the same order, the same deterministic values.</summary>
    private static void CompareLines(Conversation c, string what, RespReply redis, RespReply basalt)
    {
        var redisLines = Lines(redis);
        var basaltLines = Lines(basalt);
        if (redis.Value.Type != basalt.Value.Type || redisLines.Count != basaltLines.Count)
        {
            c.Mismatch($"{what}: redis {redis.RawText} / basalt {basalt.RawText}");
            return;
        }
        for (var i = 0; i < redisLines.Count; i++)
        {
            var r = Fields(redisLines[i]);
            var b = Fields(basaltLines[i]);
            if (!r.Keys.SequenceEqual(b.Keys) || !r.Keys.SequenceEqual(RedisFields))
            {
                c.Mismatch($"{what}: fields differ\n    redis:  {redisLines[i]}\n    basalt: {basaltLines[i]}");
                continue;
            }
            foreach (var field in DeterministicFields)
            {
                if (r[field] != b[field])
                {
                    c.Mismatch($"{what}: {field}={r[field]} in redis, {field}={b[field]} in basalt");
                }
            }
        }
    }

    /// <summary>The lines of a CLIENT LIST/INFO reply (RESP2 bulk or RESP3 verbatim).</summary>
    private static List<string> Lines(RespReply reply)
    {
        Assert.False(reply.IsError, reply.RawText);
        var text = reply.Text ?? "";
        if (reply.Value.Type == RespType.VerbatimString)
        {
            text = text[4..];
        }
        Assert.True(text.Length == 0 || text.EndsWith('\n'), $"no final newline: {reply.RawText}");
        return text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static OrderedDictionary<string, string> Fields(string line)
    {
        var fields = new OrderedDictionary<string, string>();
        foreach (var pair in line.Split(' '))
        {
            var eq = pair.IndexOf('=');
            fields.Add(pair[..eq], pair[(eq + 1)..]);
        }
        return fields;
    }
}
