using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// basalt-server starting on a dump.rdb that real Redis 7.0.15 wrote (the fixtures) serves what Redis served,
/// with Redis's log lines; a damaged file stops the start with Redis's lines and exit code 1; clients that
/// connect during a long load get -LOADING.
/// </summary>
public sealed class RdbLoadOnStartTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static TheoryData<string> IntactFixtures => new()
    {
        "rdb-all-types", "rdb-nocompression", "rdb-nochecksum", "rdb-list-compressed", "rdb-expired-key",
    };

    public static TheoryData<string> CorruptFixtures => new()
    {
        "corrupt/rdb-truncated", "corrupt/rdb-crc-mismatch", "corrupt/rdb-future-version",
    };

    [Theory]
    [MemberData(nameof(IntactFixtures))]
    public async Task Serves_what_redis_serves_from_the_same_file(string fixture)
    {
        using var redisDir = new ScratchDirectory("load-redis");
        using var basaltDir = new ScratchDirectory("load-basalt");
        var source = Path.Combine(RdbFixtureFiles.Root, fixture, "dump.rdb");
        File.Copy(source, redisDir.DumpFile);
        File.Copy(source, basaltDir.DumpFile);
        var redisStart = ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions { Dir = redisDir.Path });
        var basaltStart = ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = basaltDir.Path });
        await using var redis = await redisStart;
        await using var basalt = await basaltStart;
        await using var r = await redis.ConnectAsync();
        await using var b = await basalt.ConnectAsync();

        await basalt.WaitForLogLineAsync(@"\* DB loaded from disk: \d+\.\d{3} seconds$", Timeout);
        Assert.Equal(LoadLines(redis), LoadLines(basalt));
        foreach (var field in new[] { "rdb_last_load_keys_loaded", "rdb_last_load_keys_expired", "loading", "rdb_changes_since_last_save" })
        {
            Assert.Equal($"{field}:{await ServerInfo.FieldAsync(r, field)}", $"{field}:{await ServerInfo.FieldAsync(b, field)}");
        }
        if (fixture == "rdb-expired-key")
        {
            Assert.Equal(1, await ServerInfo.IntegerFieldAsync(b, "rdb_last_load_keys_expired"));
            Assert.Equal(0, (await b.ExecuteAsync("EXISTS", "dead")).Value.Integer);
        }
        Assert.Equal((await r.ExecuteAsync("DEBUG", "DIGEST")).Text, (await b.ExecuteAsync("DEBUG", "DIGEST")).Text);
        await AssertServesExpectedAsync(b, r, Path.Combine(RdbFixtureFiles.Root, fixture, "expected.json"));
    }

    [Theory]
    [MemberData(nameof(CorruptFixtures))]
    public async Task A_damaged_file_stops_the_start_with_redis_log_lines(string fixture)
    {
        using var dir = new ScratchDirectory("load-corrupt");
        File.Copy(Path.Combine(RdbFixtureFiles.Root, fixture, "dump.rdb"), dir.DumpFile);
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var run = await ServerProcess.RunToExitAsync(ServerKind.Basalt,
            ["--port", port, "--bind", "127.0.0.1", "--dir", dir.Path, "--save", "", "--appendonly", "no"], Timeout, dir.Path);

        Assert.True(run.ExitCode == 1, $"exit code {run.ExitCode}\n{run.Log}");
        var recorded = RecordedLogLines(File.ReadAllText(Path.Combine(RdbFixtureFiles.Root, fixture, "server-load.txt")));
        var logged = ServerLog.Normalized(run.Lines);
        var first = logged.ToList().IndexOf(recorded[0]);
        Assert.True(first >= 0, $"no line \"{recorded[0]}\" in the log:\n{run.Log}");
        Assert.Equal(recorded, logged.Skip(first).Take(recorded.Count));
        Assert.DoesNotContain(logged, line => line.Contains(ServerProcess.ReadyLine, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_duplicated_key_that_is_not_utf8_is_logged_as_its_bytes_as_redis_logs_it()
    {
        byte[] key = [(byte)'k', 0xFF, 0xC3];
        var file = RdbBytes.Header().Raw(Basalt.Persistence.Rdb.RdbFormat.OpSelectDb).Length(0)
            .Raw(Basalt.Persistence.Rdb.RdbFormat.TypeString).String(key).String("1")
            .Raw(Basalt.Persistence.Rdb.RdbFormat.TypeString).String(key).String("2").End();
        var lines = new List<byte[]>();
        foreach (var kind in new[] { ServerKind.Redis, ServerKind.Basalt })
        {
            using var dir = new ScratchDirectory("load-duplicate");
            File.WriteAllBytes(dir.DumpFile, file);
            var log = Path.Combine(dir.Path, "server.log");
            var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
            var run = await ServerProcess.RunToExitAsync(kind,
                ["--port", port, "--bind", "127.0.0.1", "--dir", dir.Path, "--save", "", "--appendonly", "no", "--logfile", log], Timeout, dir.Path);
            // Redis panics here (abort, 134; now and then its crash report itself faults first, 139);
            // Basalt stops as for any corrupt file, with exit code 1.
            Assert.True(kind == ServerKind.Redis ? run.ExitCode is 134 or 139 : run.ExitCode == 1, $"{kind}: exit code {run.ExitCode}");
            var bytes = File.ReadAllBytes(log);
            var marker = "RDB has duplicated key"u8;
            var at = bytes.AsSpan().IndexOf(marker);
            Assert.True(at >= 0, $"{kind}: no duplicated-key line in\n{Encoding.Latin1.GetString(bytes)}");
            var end = bytes.AsSpan(at).IndexOf((byte)'\n');
            lines.Add(bytes.AsSpan(at, end).ToArray());
        }
        Assert.Equal("RDB has duplicated key 'k\u00FF\u00C3' in DB 0", Encoding.Latin1.GetString(lines[0]));
        Assert.Equal(lines[0], lines[1]);
    }

    [Fact]
    public async Task Clients_connecting_during_a_long_load_get_the_loading_error()
    {
        using var dump = new ScratchDirectory("loading-dump");
        await using (var writer = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { Dir = dump.Path }))
        {
            await using var c = await writer.ConnectAsync();
            Assert.Equal("OK", (await c.ExecuteAsync("DEBUG", "POPULATE", "5000", "key", "10")).Text);
            Assert.Equal("OK", (await c.ExecuteAsync("SAVE")).Text);
        }

        var replies = new Dictionary<ServerKind, string>();
        foreach (var kind in new[] { ServerKind.Redis, ServerKind.Basalt })
        {
            using var dir = new ScratchDirectory("loading");
            File.Copy(dump.DumpFile, dir.DumpFile);
            var port = FreePorts.Next();
            // 5000 keys at 0.4 ms each: two seconds of loading at least (half a second was once too short on a
            // busy machine for the GET to arrive while loading); Redis serves clients every 1024 bytes read.
            var start = ServerProcess.StartAsync(kind, new ServerStartOptions
            {
                Dir = dir.Path,
                Port = port,
                ExtraArgs = ["--key-load-delay", "400", "--loading-process-events-interval-bytes", "1024"],
            });
            RespConnection? connection = null;
            await Poll.UntilAsync(async () =>
            {
                try
                {
                    connection = await RespConnection.ConnectAsync(port, TimeSpan.FromSeconds(1));
                    connection.Timeout = Timeout;
                    return true;
                }
                catch (System.Net.Sockets.SocketException)
                {
                    Assert.False(start.IsCompleted, $"{kind} finished starting before a client could connect");
                    return false;
                }
            }, Timeout, () => $"could not connect to {kind} on port {port}", TimeSpan.FromMilliseconds(5));
            try
            {
                await using (connection!)
                {
                    // INFO is served while loading. Waiting for loading:1 skips the instants before the load begins,
                    // when Basalt (unlike Redis, which reads no request before it) may run a command on the empty dataset.
                    await Poll.UntilAsync(async () => await ServerInfo.FieldAsync(connection!, "loading") == "1" || start.IsCompleted, Timeout,
                        () => $"{kind} never said loading:1");
                    Assert.False(start.IsCompleted, $"{kind} finished loading before a client saw it: make the load longer");
                    replies[kind] = (await connection!.ExecuteAsync("GET", "key:1")).RawText;
                    await start;
                    await Poll.UntilAsync(async () => await ServerInfo.FieldAsync(connection, "loading") == "0", Timeout, () => "still loading");
                    Assert.Equal(5000, (await connection.ExecuteAsync("DBSIZE")).Value.Integer);
                }
            }
            finally
            {
                await (await start).DisposeAsync();
            }
        }
        Assert.Equal("-LOADING Redis is loading the dataset in memory\\r\\n", replies[ServerKind.Redis]);
        Assert.Equal(replies[ServerKind.Redis], replies[ServerKind.Basalt]);
    }

    /// <summary>The lines a load writes whose text does not depend on the clock or on the process.</summary>
    private static IReadOnlyList<string> LoadLines(ServerProcess server) =>
        ServerLog.Normalized(server.LogLines)
            .Where(line => line.StartsWith("* Loading RDB produced by", StringComparison.Ordinal) ||
                           line.StartsWith("* RDB memory usage when created", StringComparison.Ordinal) ||
                           line.StartsWith("* RDB age", StringComparison.Ordinal) ||
                           line.Contains("checksum disabled", StringComparison.Ordinal) ||
                           line.Contains("Done loading RDB", StringComparison.Ordinal))
            .ToList();

    /// <summary>The "log lines (prefix stripped):" part of a server-load.txt (up to the embedded checker's stdout).</summary>
    private static IReadOnlyList<string> RecordedLogLines(string transcript)
    {
        var lines = transcript.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        var start = lines.IndexOf("log lines (prefix stripped):") + 1;
        return ServerLog.Normalized(lines.Skip(start).TakeWhile(l => l.Length > 0 && !l.StartsWith("stdout", StringComparison.Ordinal)));
    }

    /// <summary>Every key of expected.json has its type, value and expire time on <paramref name="basalt"/>; streams also equal Redis's XINFO FULL.</summary>
    private static async Task AssertServesExpectedAsync(RespConnection basalt, RespConnection redis, string expectedPath)
    {
        var databases = JsonNode.Parse(File.ReadAllText(expectedPath))!["databases"]!.AsObject();
        foreach (var (dbName, keys) in databases)
        {
            await basalt.ExecuteAsync("SELECT", dbName);
            await redis.ExecuteAsync("SELECT", dbName);
            Assert.Equal(keys!.AsObject().Count, (await basalt.ExecuteAsync("DBSIZE")).Value.Integer);
            foreach (var (key, want) in keys.AsObject())
            {
                var where = $"db {dbName} key {key}";
                var type = (string)want!["type"]!;
                Assert.True(type == (await basalt.ExecuteAsync("TYPE", key)).Text, where);
                var expireAt = want["expire_at_ms"]?.GetValue<long>() ?? -1;
                Assert.True(expireAt == (await basalt.ExecuteAsync("PEXPIRETIME", key)).Value.Integer, $"{where}: PEXPIRETIME");
                var value = want["value"]!;
                switch (type)
                {
                    case "string":
                        Assert.True((string)value! == Latin1Text((await basalt.ExecuteAsync("GET", key)).Value), where);
                        break;
                    case "list":
                        Assert.Equal(Strings(value), Texts(await basalt.ExecuteAsync("LRANGE", key, "0", "-1")));
                        break;
                    case "set":
                        Assert.Equal(Strings(value), Texts(await basalt.ExecuteAsync("SMEMBERS", key)).Order(StringComparer.Ordinal));
                        break;
                    case "zset":
                        Assert.Equal(value.AsArray().SelectMany(Strings), Texts(await basalt.ExecuteAsync("ZRANGE", key, "0", "-1", "WITHSCORES")));
                        break;
                    case "hash":
                        var pairs = Texts(await basalt.ExecuteAsync("HGETALL", key)).Chunk(2).OrderBy(p => p[0], StringComparer.Ordinal);
                        Assert.Equal(value.AsObject().Select(p => $"{p.Key}={(string)p.Value!}"), pairs.Select(p => $"{p[0]}={p[1]}"));
                        break;
                    case "stream":
                        var entries = (await basalt.ExecuteAsync("XRANGE", key, "-", "+")).Value.Items
                            .Select(e => $"{e[0].Text} {string.Join(',', e[1].Items.Select(Latin1Text))}");
                        Assert.Equal(value["entries"]!.AsArray().Select(e => $"{(string)e![0]!} {string.Join(',', Strings(e[1]!))}"), entries);
                        Assert.Equal((await redis.ExecuteAsync("XINFO", "STREAM", key, "FULL")).RawText,
                            (await basalt.ExecuteAsync("XINFO", "STREAM", key, "FULL")).RawText);
                        break;
                    default:
                        Assert.Fail($"{where}: unknown type {type}");
                        break;
                }
            }
        }
    }

    private static IEnumerable<string> Strings(JsonNode? array) => array!.AsArray().Select(v => (string)v!);

    private static IEnumerable<string> Texts(RespReply reply) => reply.Value.Items.Select(Latin1Text);

    /// <summary>Fixture strings are bytes written as \u00XX escapes: one char per byte, as Latin-1 decodes them.</summary>
    private static string Latin1Text(RespValue value) => value.Bytes is null ? "(nil)" : Encoding.Latin1.GetString(value.Bytes);
}
