using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>CONFIG GET / SET / RESETSTAT / REWRITE / HELP against redis-server, and the run-time effects of CONFIG SET.</summary>
public sealed class ConfigCommandTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private RespConnection Redis => servers.Pair.RedisConnections[1];

    private RespConnection Basalt => servers.Pair.BasaltConnections[1];

    private static Dictionary<string, string> AsMap(RespValue reply)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < reply.Count; i += 2)
        {
            map.Add(reply[i].Text!, reply[i + 1].Text!);
        }
        return map;
    }

    [Fact]
    public Task Replies_and_errors_match_redis() => servers.RunAsync("config", [
        Exact("CONFIG"),
        Exact("CONFIG", "NOSUCH"),
        Exact("CONFIG", "HELP"),
        Exact("config", "help", "x"),
        Exact("CONFIG", "GET"),
        Exact("CONFIG", "GET", "maxmemory"),
        Exact("CONFIG", "GET", "MAXMEMORY"),
        Exact("CONFIG", "GET", "hz"),
        Exact("CONFIG", "GET", "nosuch"),
        Exact("CONFIG", "GET", "nosuch*"),
        Exact("CONFIG", "GET", "slave-read-only"),
        Exact("CONFIG", "GET", "maxmemory-polic?"),
        Exact("CONFIG", "GET", "appendonly"),
        Exact("CONFIG", "GET", "save"),
        Exact("CONFIG", "GET", "notify-keyspace-events"),
        Exact("CONFIG", "GET", "client-output-buffer-limit"),
        Exact("CONFIG", "GET", "latency-tracking-info-percentiles"),
        Exact("CONFIG", "SET"),
        Exact("CONFIG", "SET", "maxmemory"),
        Exact("CONFIG", "SET", "maxmemory", "1mb", "hz"),
        Exact("CONFIG", "SET", "maxmemory", "abc"),
        Exact("CONFIG", "SET", "nosuch", "1"),
        Exact("CONFIG", "SET", "repl-backlog-size", "100"),
        Exact("CONFIG", "GET", "repl-backlog-size"),
        Exact("CONFIG", "SET", "repl-backlog-size", "1mb"),
        Exact("CONFIG", "GET", "repl-backlog-size"),
        Exact("CONFIG", "SET", "tls-port", "7150"),
        Exact("CONFIG", "SET", "tls-replication", "yes"),
        Exact("CONFIG", "SET", "tls-cluster", "yes"),
        Exact("CONFIG", "GET", "tls-port"),
        Exact("CONFIG", "GET", "tls-cluster"),
        Exact("CONFIG", "SET", "daemonize", "yes"),
        Exact("CONFIG", "SET", "dir", "/tmp"),
        Exact("CONFIG", "SET", "hz", "20", "HZ", "30"),
        Exact("CONFIG", "SET", "maxmemory", "2mb", "hz", "x"),
        Exact("CONFIG", "GET", "maxmemory"),
        Exact("CONFIG", "SET", "maxmemory", "2mb", "maxmemory-policy", "allkeys-lru", "hz", "25"),
        Exact("CONFIG", "GET", "maxmemory"),
        Exact("CONFIG", "GET", "maxmemory-policy"),
        Exact("CONFIG", "GET", "hz"),
        Exact("CONFIG", "SET", "maxmemory", "0", "maxmemory-policy", "noeviction", "hz", "10"),
        Exact("CONFIG", "SET", "save", "100 10"),
        Exact("CONFIG", "GET", "save"),
        Exact("CONFIG", "SET", "save", ""),
        Exact("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99.9 100"),
        Exact("CONFIG", "GET", "latency-tracking-info-percentiles"),
        Exact("CONFIG", "SET", "latency-tracking-info-percentiles", "50 99 99.9"),
        Exact("CONFIG", "RESETSTAT", "x"),
        Exact("CONFIG", "RESETSTAT"),
        Exact("CONFIG", "REWRITE"),
        Exact("CONFIG", "REWRITE", "x"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("CONFIG", "GET", "maxmemory"),
        Exact("CONFIG", "GET", "nosuch"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public async Task Glob_patterns_select_the_same_parameters_and_values()
    {
        // Both servers run with the same arguments but for their port and directory.
        string[] differ = ["port", "dir"];
        foreach (var patterns in new[]
                 {
                     new[] { "*" }, new[] { "*max*" }, new[] { "maxmemory*" }, new[] { "slave*" }, new[] { "replica*" }, new[] { "*-*-*-*" },
                     new[] { "[a-c]*" }, new[] { "?z" }, new[] { "HZ", "maxmemory", "*lazy*" }, new[] { "*LATENCY*" }, new[] { "dbfilename", "d*" },
                 })
        {
            var redis = AsMap((await Redis.ExecuteAsync(["CONFIG", "GET", .. patterns])).Value);
            var basalt = AsMap((await Basalt.ExecuteAsync(["CONFIG", "GET", .. patterns])).Value);
            Assert.Equal(string.Join(" ", redis.Keys.Order(StringComparer.Ordinal)), string.Join(" ", basalt.Keys.Order(StringComparer.Ordinal)));
            foreach (var (name, value) in redis)
            {
                if (!differ.Contains(name))
                {
                    Assert.True(value == basalt[name], $"{name}: redis '{value}' basalt '{basalt[name]}'");
                }
            }
        }
    }

    [Fact]
    public async Task Every_listed_parameter_can_be_set_back_to_its_own_value()
    {
        var redisValues = AsMap((await Redis.ExecuteAsync("CONFIG", "GET", "*")).Value);
        var before = AsMap((await Basalt.ExecuteAsync("CONFIG", "GET", "*")).Value);
        var mismatches = new List<string>();
        foreach (var (name, value) in before)
        {
            var basalt = await Basalt.ExecuteAsync("CONFIG", "SET", name, value);
            // Immutable and protected parameters are refused by Redis too, with the same words.
            var redis = await Redis.ExecuteAsync("CONFIG", "SET", name, redisValues[name]);
            if (basalt.RawText != redis.RawText)
            {
                mismatches.Add($"{name} '{value}': redis {redis.RawText} basalt {basalt.RawText}");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        var after = AsMap((await Basalt.ExecuteAsync("CONFIG", "GET", "*")).Value);
        Assert.Equal(before, after);
    }

    [Fact]
    public async Task Setting_parameters_changes_what_the_server_does()
    {
        var connection = await servers.Pair.Basalt.ConnectAsync();
        try
        {
            await connection.ExecuteAsync("CONFIG", "SET", "hz", "50");
            Assert.Equal(50, InfoText.Number(await InfoText.GetAsync(connection, "server"), "hz"));

            await connection.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "0", "slowlog-max-len", "2");
            await connection.ExecuteAsync("SLOWLOG", "RESET");
            await connection.ExecuteAsync("PING");
            await connection.ExecuteAsync("PING");
            await connection.ExecuteAsync("PING");
            Assert.Equal(2, (await connection.ExecuteAsync("SLOWLOG", "LEN")).Value.Integer);

            await connection.ExecuteAsync("CONFIG", "SET", "latency-monitor-threshold", "5");
            await connection.ExecuteAsync("DEBUG", "SLEEP", "0.02");
            var latest = (await connection.ExecuteAsync("LATENCY", "LATEST")).Value;
            Assert.Equal("command", latest[0][0].Text);
            Assert.True(latest[0][2].Integer >= 20);

            await connection.ExecuteAsync("CONFIG", "SET", "maxclients", "1");
            await Poll.UntilAsync(async () =>
            {
                var extra = await servers.Pair.Basalt.ConnectAsync();
                try
                {
                    var reply = await extra.ReadUntilQuietAsync(TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(2));
                    return Encoding.ASCII.GetString(reply.Bytes) == "-ERR max number of clients reached\r\n";
                }
                finally
                {
                    await extra.DisposeAsync();
                }
            }, TimeSpan.FromSeconds(10), () => "a client over maxclients was not refused");

            var lines = servers.Pair.Basalt.LogLineCount;
            await connection.ExecuteAsync("CONFIG", "SET", "loglevel", "debug");
            Assert.Equal("debug", (await connection.ExecuteAsync("CONFIG", "GET", "loglevel")).Value[1].Text);
            await connection.ExecuteAsync("CONFIG", "SET", "loglevel", "warning");
            await connection.ExecuteAsync("CONFIG", "REWRITE");
            // Without a config file there is nothing to rewrite, and at warning level nothing is logged about it.
            Assert.Equal(lines, servers.Pair.Basalt.LogLineCount);
        }
        finally
        {
            await connection.ExecuteAsync("CONFIG", "SET", "hz", "10", "slowlog-log-slower-than", "10000", "slowlog-max-len", "128",
                "latency-monitor-threshold", "0", "maxclients", "10000", "loglevel", "notice");
            await connection.ExecuteAsync("LATENCY", "RESET");
            await connection.DisposeAsync();
        }
    }

    [Fact]
    public async Task Resetstat_clears_what_redis_clears()
    {
        var (redis, basalt) = (servers.Pair.RedisConnections[0], servers.Pair.BasaltConnections[0]);
        foreach (var command in new object[][] { ["SET", "reset:a", "1"], ["GET", "reset:a"], ["GET", "reset:none"], ["INCR", "reset:none:x"],
                     ["LPUSH"], ["NOSUCH"], ["SLOWLOG", "LEN"] })
        {
            await redis.ExecuteAsync(command);
            await basalt.ExecuteAsync(command);
        }
        await basalt.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "0");
        await basalt.ExecuteAsync("PING");
        // Disabled, so that nothing run below can add to it.
        await basalt.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "-1");
        var slowlogBefore = (await basalt.ExecuteAsync("SLOWLOG", "LEN")).Value.Integer;

        Assert.Equal("+OK\\r\\n", (await redis.ExecuteAsync("CONFIG", "RESETSTAT")).RawText);
        Assert.Equal("+OK\\r\\n", (await basalt.ExecuteAsync("CONFIG", "RESETSTAT")).RawText);
        var redisInfo = await InfoText.GetAsync(redis, "stats", "commandstats", "errorstats");
        var basaltInfo = await InfoText.GetAsync(basalt, "stats", "commandstats", "errorstats");
        foreach (var field in new[] { "total_connections_received", "total_commands_processed", "keyspace_hits", "keyspace_misses",
                     "expired_keys", "total_error_replies", "unexpected_error_replies", "rejected_connections", "total_net_input_bytes" })
        {
            Assert.True(InfoText.Field(redisInfo, field) == InfoText.Field(basaltInfo, field),
                $"{field}: redis {InfoText.Field(redisInfo, field)} basalt {InfoText.Field(basaltInfo, field)}");
        }
        Assert.Matches(@"# Commandstats\r\ncmdstat_config\|resetstat:calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=0,failed_calls=0\r\n\r\n# Errorstats\r\n$",
            basaltInfo[basaltInfo.IndexOf("# Commandstats", StringComparison.Ordinal)..]);
        // The slow log is not statistics: it survives.
        Assert.Equal(slowlogBefore, (await basalt.ExecuteAsync("SLOWLOG", "LEN")).Value.Integer);
        Assert.DoesNotContain("latency_percentiles_usec_get", await InfoText.GetAsync(basalt, "latencystats"), StringComparison.Ordinal);
        await basalt.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "10000");
    }

    [Fact]
    public async Task Sensitive_values_are_redacted_in_the_slow_log()
    {
        foreach (var connection in new[] { Redis, Basalt })
        {
            await connection.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "0");
            await connection.ExecuteAsync("CONFIG", "SET", "masterauth", "secret", "hz", "10");
            await connection.ExecuteAsync("CONFIG", "SET", "masterauth", "other", "nosuch", "x");
            await connection.ExecuteAsync("CONFIG", "SET", "masterauth", "");
            await connection.ExecuteAsync("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        }
        static async Task<string> LoggedArgumentsAsync(RespConnection connection)
        {
            var entries = (await connection.ExecuteAsync("SLOWLOG", "GET", "4")).Value;
            return string.Join("\n", entries.Items.Select(e => string.Join(" ", e[3].Items.Select(a => a.Text))));
        }
        var basalt = await LoggedArgumentsAsync(Basalt);
        Assert.Equal(await LoggedArgumentsAsync(Redis), basalt);
        Assert.Contains("CONFIG SET masterauth (redacted) hz 10", basalt, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", basalt, StringComparison.Ordinal);
    }
}

/// <summary>CONFIG REWRITE of a server started with a config file, against redis-server.</summary>
public sealed class ConfigRewriteCommandTests : IAsyncLifetime
{
    private ServerProcess _redis = null!;
    private ServerProcess _basalt = null!;
    private string _redisDir = null!;
    private string _basaltDir = null!;

    public async Task InitializeAsync()
    {
        _redisDir = Directory.CreateTempSubdirectory("config-rewrite-redis").FullName;
        _basaltDir = Directory.CreateTempSubdirectory("config-rewrite-basalt").FullName;
        const string Conf = "# a comment kept by the rewrite\nmaxmemory 10mb\nhz 10\n";
        await File.WriteAllTextAsync(Path.Combine(_redisDir, "redis.conf"), Conf);
        await File.WriteAllTextAsync(Path.Combine(_basaltDir, "redis.conf"), Conf);
        _redis = await ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions { ConfigFile = Path.Combine(_redisDir, "redis.conf"), Dir = _redisDir });
        _basalt = await ServerProcess.StartAsync(ServerKind.Basalt, new ServerStartOptions { ConfigFile = Path.Combine(_basaltDir, "redis.conf"), Dir = _basaltDir });
    }

    public async Task DisposeAsync()
    {
        await _redis.DisposeAsync();
        await _basalt.DisposeAsync();
        Directory.Delete(_redisDir, recursive: true);
        Directory.Delete(_basaltDir, recursive: true);
    }

    [Fact]
    public async Task Rewrite_writes_the_running_configuration()
    {
        foreach (var server in new[] { _redis, _basalt })
        {
            await using var connection = await server.ConnectAsync();
            Assert.Equal("+OK\\r\\n", (await connection.ExecuteAsync("CONFIG", "SET", "maxmemory", "20mb", "maxmemory-policy", "allkeys-lru")).RawText);
            var lines = server.LogLineCount;
            Assert.Equal("+OK\\r\\n", (await connection.ExecuteAsync("CONFIG", "REWRITE")).RawText);
            await server.WaitForLogLineAsync("CONFIG REWRITE executed with success\\.", TimeSpan.FromSeconds(10), lines);
        }
        var redisFile = await File.ReadAllLinesAsync(Path.Combine(_redisDir, "redis.conf"));
        var basaltFile = await File.ReadAllLinesAsync(Path.Combine(_basaltDir, "redis.conf"));
        foreach (var line in new[] { "# a comment kept by the rewrite", "maxmemory 20mb", "maxmemory-policy allkeys-lru" })
        {
            Assert.Contains(line, redisFile);
            Assert.Contains(line, basaltFile);
        }
    }
}
