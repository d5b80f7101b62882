using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>INFO's text split into its lines: section titles, fields and blank separators.</summary>
internal static class InfoText
{
    public static string Of(RespReply reply)
    {
        Assert.False(reply.IsError, reply.RawText);
        var text = reply.Value.Text!;
        return reply.Value.Type == RespType.VerbatimString ? text[4..] : text;
    }

    public static async Task<string> GetAsync(RespConnection connection, params string[] sections) =>
        Of(await connection.ExecuteAsync(["INFO", .. sections]));

    /// <summary>The fields as name → value, in order.</summary>
    public static List<KeyValuePair<string, string>> Fields(string info) =>
        Lines(info).Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => new KeyValuePair<string, string>(l[..l.IndexOf(':', StringComparison.Ordinal)], l[(l.IndexOf(':', StringComparison.Ordinal) + 1)..]))
            .ToList();

    public static string Field(string info, string name) =>
        Fields(info).FirstOrDefault(f => f.Key == name).Value ?? throw new KeyNotFoundException($"no field {name} in\n{info}");

    public static long Number(string info, string name) => long.Parse(Field(info, name), CultureInfo.InvariantCulture);

    public static double Decimal(string info, string name) => double.Parse(Field(info, name).TrimEnd('%'), CultureInfo.InvariantCulture);

    public static string[] Lines(string info)
    {
        if (info.Length == 0)
        {
            return [];
        }
        Assert.EndsWith("\r\n", info, StringComparison.Ordinal);
        return info[..^2].Split("\r\n");
    }

    /// <summary>Every line with its value blanked: the layout of the report.</summary>
    public static string Layout(string info, Func<string, bool>? keep = null) =>
        string.Join("\n", Lines(info).Where(l => keep is null || l.Length == 0 || l[0] == '#' || keep(l[..l.IndexOf(':', StringComparison.Ordinal)]))
            .Select(l => l.Length == 0 || l[0] == '#' ? l : l[..l.IndexOf(':', StringComparison.Ordinal)]));
}

/// <summary>INFO against redis-server: sections, field names and order, and figures that must agree.</summary>
public sealed class InfoCommandTests(KeyspaceServerPair servers) : IClassFixture<KeyspaceServerPair>
{
    // Lines that depend on which commands ran and failed since start, compared in their own tests.
    private static bool IsHistory(string name) =>
        name.StartsWith("cmdstat_", StringComparison.Ordinal) || name.StartsWith("errorstat_", StringComparison.Ordinal) ||
        name.StartsWith("latency_percentiles_usec_", StringComparison.Ordinal) || name.StartsWith("db", StringComparison.Ordinal);

    private RespConnection Redis => servers.Pair.RedisConnections[0];

    private RespConnection Basalt => servers.Pair.BasaltConnections[0];

    private async Task BothAsync(params object[] args)
    {
        var (redis, basalt) = await servers.Pair.ExecuteBothAsync(0, args);
        Assert.Equal(redis.RawText, basalt.RawText);
    }

    [Theory]
    [InlineData("")]
    [InlineData("default")]
    [InlineData("all")]
    [InlineData("everything")]
    [InlineData("server")]
    [InlineData("clients")]
    [InlineData("memory")]
    [InlineData("persistence")]
    [InlineData("stats")]
    [InlineData("replication")]
    [InlineData("cpu")]
    [InlineData("modules")]
    [InlineData("module_list")]
    [InlineData("commandstats")]
    [InlineData("errorstats")]
    [InlineData("latencystats")]
    [InlineData("cluster")]
    [InlineData("keyspace")]
    [InlineData("KEYSPACE Server cpu cpu")]
    [InlineData("nosuch")]
    [InlineData("nosuch cluster")]
    [InlineData("all commandstats")]
    [InlineData("default latencystats")]
    public async Task Sections_and_field_names_match_redis(string arguments)
    {
        var sections = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var redis = await InfoText.GetAsync(Redis, sections);
        var basalt = await InfoText.GetAsync(Basalt, sections);
        bool Compared(string name) => !IsHistory(name);
        Assert.Equal(InfoText.Layout(redis, Compared), InfoText.Layout(basalt, Compared));
    }

    [Fact]
    public async Task The_main_thread_figures_are_the_event_threads_share_of_the_process()
    {
        static async Task<(double Main, double Process)> CpuAsync(RespConnection c)
        {
            var text = (await c.ExecuteAsync("INFO", "cpu")).Text!;
            double Field(string name) => double.Parse(Regex.Match(text, name + @":([0-9.]+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            return (Field("used_cpu_sys_main_thread") + Field("used_cpu_user_main_thread"), Field("used_cpu_sys") + Field("used_cpu_user"));
        }
        var before = await CpuAsync(Basalt);
        await Persistence.Pipeline.RunAsync(Basalt, Enumerable.Range(0, 20000).Select(i => new object[] { "SET", $"cpu:{i % 10}", "v" }));
        var after = await CpuAsync(Basalt);
        Assert.True(after.Main >= before.Main, $"{before} -> {after}");
        Assert.True(after.Main <= after.Process, $"{after}");
        Assert.True(after.Main > 0, $"{after}");
    }

    [Fact]
    public async Task Unknown_sections_give_an_empty_report()
    {
        var (redis, basalt) = await servers.Pair.ExecuteBothAsync(0, "INFO", "nosuch");
        Assert.Equal("$0\\r\\n\\r\\n", redis.RawText);
        Assert.Equal(redis.RawText, basalt.RawText);
    }

    [Fact]
    public async Task Info_is_a_verbatim_string_in_resp3()
    {
        var connection = await servers.Pair.Basalt.ConnectAsync();
        var redisConnection = await servers.Pair.Redis.ConnectAsync();
        await connection.ExecuteAsync("HELLO", "3");
        await redisConnection.ExecuteAsync("HELLO", "3");
        var reply = await connection.ExecuteAsync("INFO", "cluster");
        Assert.Equal("=34\\r\\ntxt:# Cluster\\r\\ncluster_enabled:0\\r\\n\\r\\n", reply.RawText);
        Assert.Equal((await redisConnection.ExecuteAsync("INFO", "cluster")).RawText, reply.RawText);
        Assert.Equal((await redisConnection.ExecuteAsync("INFO", "nosuch")).RawText, (await connection.ExecuteAsync("INFO", "nosuch")).RawText);
        Assert.StartsWith("=", (await connection.ExecuteAsync("INFO")).RawText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counters_agree_with_redis_after_the_same_commands()
    {
        await BothAsync("CONFIG", "RESETSTAT");
        await BothAsync("SELECT", "5");
        await BothAsync("SET", "info:a", "1");
        await BothAsync("SET", "info:b", "2", "EX", "1000");
        await BothAsync("GET", "info:a");
        await BothAsync("GET", "info:missing");
        await BothAsync("EXISTS", "info:a", "info:missing");
        await BothAsync("INCR", "info:a");
        await BothAsync("SET", "info:text", "abc");
        await BothAsync("INCR", "info:text");
        await BothAsync("GET");
        await BothAsync("NOSUCHCOMMAND");
        await BothAsync("CONFIG", "GET", "maxmemory");
        await BothAsync("DEL", "info:a", "info:text");
        await BothAsync("SELECT", "0");

        var redis = await InfoText.GetAsync(Redis, "all");
        var basalt = await InfoText.GetAsync(Basalt, "all");
        foreach (var field in new[]
                 {
                     "redis_version", "redis_git_sha1", "redis_git_dirty", "redis_mode", "arch_bits", "process_supervised", "hz",
                     "configured_hz", "io_threads_active", "config_file", "cluster_connections", "maxclients", "blocked_clients",
                     "tracking_clients", "clients_in_timeout_table", "maxmemory", "maxmemory_human", "maxmemory_policy", "loading",
                     "async_loading", "rdb_bgsave_in_progress", "rdb_last_bgsave_status", "rdb_last_bgsave_time_sec",
                     "rdb_current_bgsave_time_sec", "rdb_saves", "aof_enabled", "aof_rewrite_in_progress", "aof_rewrite_scheduled",
                     "aof_last_rewrite_time_sec", "aof_current_rewrite_time_sec", "aof_last_bgrewrite_status", "aof_rewrites",
                     "aof_last_write_status", "total_connections_received", "total_commands_processed", "rejected_connections",
                     "expired_keys", "evicted_keys", "keyspace_hits", "keyspace_misses", "pubsub_channels", "pubsub_patterns",
                     "unexpected_error_replies", "total_error_replies", "total_net_input_bytes", "role", "connected_slaves",
                     "master_failover_state", "master_replid2", "master_repl_offset", "second_repl_offset", "repl_backlog_active",
                     "repl_backlog_size", "repl_backlog_first_byte_offset", "repl_backlog_histlen", "used_cpu_sys_children",
                     "used_cpu_user_children", "cluster_enabled", "mem_clients_slaves", "mem_replication_backlog",
                 })
        {
            Assert.True(InfoText.Field(redis, field) == InfoText.Field(basalt, field),
                $"{field}: redis {InfoText.Field(redis, field)} basalt {InfoText.Field(basalt, field)}");
        }

        // Keyspace: the same keys and expiring keys (avg_ttl follows the active expiry's sampling).
        static string Db5(string info) => InfoText.Field(info, "db5")[..InfoText.Field(info, "db5").IndexOf(",avg_ttl=", StringComparison.Ordinal)];
        Assert.Equal(Db5(redis), Db5(basalt));
        Assert.Equal("keys=1,expires=1", Db5(basalt));

        // Command and error statistics, but for the measured times.
        static string Stats(string info) => string.Join("\n", InfoText.Fields(info)
            .Where(f => f.Key.StartsWith("cmdstat_", StringComparison.Ordinal) || f.Key.StartsWith("errorstat_", StringComparison.Ordinal))
            .Select(f => f.Key + ":" + Regex.Replace(f.Value, @"usec=\d+,usec_per_call=[\d.]+", "usec=#"))
            .OrderBy(l => l, StringComparer.Ordinal));
        Assert.Equal(Stats(redis), Stats(basalt));
        Assert.Contains("errorstat_ERR:count=3", basalt, StringComparison.Ordinal);
        Assert.Matches(@"cmdstat_get:calls=2,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=1,failed_calls=0", basalt);
    }

    [Fact]
    public async Task Server_section_describes_this_process()
    {
        var info = await InfoText.GetAsync(Basalt, "server");
        Assert.Equal(servers.Pair.Basalt.Pid, InfoText.Number(info, "process_id"));
        Assert.Equal(servers.Pair.Basalt.Port, InfoText.Number(info, "tcp_port"));
        Assert.Matches("^[0-9a-f]{40}$", InfoText.Field(info, "run_id"));
        Assert.Matches(@"^\w+ \S+ \S+$", InfoText.Field(info, "os"));
        Assert.InRange(InfoText.Number(info, "uptime_in_seconds"), 0, 3600);
        var nowMicros = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000;
        Assert.InRange(InfoText.Number(info, "server_time_usec"), nowMicros - 60_000_000, nowMicros + 60_000_000);
        Assert.Equal(DateTimeOffset.UtcNow.ToUnixTimeSeconds() & 0xFFFFFF, InfoText.Number(info, "lru_clock"), 5.0);
        Assert.NotEqual("", InfoText.Field(info, "executable"));
        Assert.Matches("^[0-9a-f]{16}$", InfoText.Field(info, "redis_build_id"));
    }

    [Fact]
    public async Task Memory_figures_are_the_process_own()
    {
        var before = await InfoText.GetAsync(Basalt, "memory");
        var rss = InfoText.Number(before, "used_memory_rss");
        var measured = servers.Pair.Basalt.RssBytes;
        Assert.InRange(rss, measured * 0.7, measured * 1.3);
        var memTotal = File.ReadLines("/proc/meminfo").First(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        Assert.Equal(long.Parse(memTotal.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024,
            InfoText.Number(before, "total_system_memory"));

        // 24 MB of live values must show in used_memory, the dataset and the peak.
        var value = new string('m', 100_000);
        try
        {
            for (var i = 0; i < 240; i++)
            {
                await Basalt.ExecuteAsync("SET", $"info:mem:{i}", value + i);
            }
            var after = await InfoText.GetAsync(Basalt, "memory");
            var used = InfoText.Number(after, "used_memory");
            Assert.True(used > 24_000_000, $"used_memory is {used}");
            Assert.True(InfoText.Number(after, "used_memory_dataset") > 20_000_000, after);
            Assert.True(InfoText.Number(after, "used_memory_peak") >= used);
            Assert.Equal(global::Basalt.Server.Info.InfoWriter.Human(used), InfoText.Field(after, "used_memory_human"));
            Assert.Matches(@"^\d+\.\d\d$", InfoText.Field(after, "mem_fragmentation_ratio"));
            Assert.Matches(@"^\d+\.\d\d%$", InfoText.Field(after, "used_memory_peak_perc"));
        }
        finally
        {
            for (var i = 0; i < 240; i++)
            {
                await Basalt.ExecuteAsync("DEL", $"info:mem:{i}");
            }
        }
    }

    [Fact]
    public async Task Cpu_times_grow_with_work()
    {
        static double Total(string info) => InfoText.Decimal(info, "used_cpu_user") + InfoText.Decimal(info, "used_cpu_sys");
        var before = await InfoText.GetAsync(Basalt, "cpu");
        Assert.Matches(@"^\d+\.\d{6}$", InfoText.Field(before, "used_cpu_user"));
        await Poll.UntilAsync(async () =>
        {
            for (var i = 0; i < 200; i++)
            {
                await Basalt.ExecuteAsync("COMMAND");
            }
            return Total(await InfoText.GetAsync(Basalt, "cpu")) > Total(before);
        }, TimeSpan.FromSeconds(20), () => "used_cpu_user + used_cpu_sys never grew");
    }

    [Fact]
    public async Task Persistence_section_is_that_of_a_server_that_never_saved()
    {
        var info = await InfoText.GetAsync(Basalt, "persistence");
        var lastSave = InfoText.Number(info, "rdb_last_save_time");
        Assert.InRange(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - lastSave, 0, 600);
        var redis = await InfoText.GetAsync(Redis, "persistence");
        foreach (var field in new[] { "loading", "rdb_bgsave_in_progress", "rdb_last_bgsave_status", "rdb_last_bgsave_time_sec", "rdb_saves",
                     "aof_enabled", "aof_last_write_status", "current_fork_perc", "module_fork_in_progress" })
        {
            Assert.Equal(InfoText.Field(redis, field), InfoText.Field(info, field));
        }
        var dirty = InfoText.Number(info, "rdb_changes_since_last_save");
        await Basalt.ExecuteAsync("SET", "info:dirty", "1");
        await Basalt.ExecuteAsync("SET", "info:dirty", "2");
        Assert.Equal(dirty + 2, InfoText.Number(await InfoText.GetAsync(Basalt, "persistence"), "rdb_changes_since_last_save"));
    }

    [Fact]
    public async Task Latency_percentiles_follow_the_configuration()
    {
        var connection = await servers.Pair.Basalt.ConnectAsync();
        try
        {
            await connection.ExecuteAsync("GET", "info:latency");
            var info = await InfoText.GetAsync(connection, "latencystats");
            Assert.Matches(@"latency_percentiles_usec_get:p50=\d+\.\d{3},p99=\d+\.\d{3},p99\.9=\d+\.\d{3}\r\n", info);
            Assert.Equal("+OK", (await connection.ExecuteAsync("CONFIG", "SET", "latency-tracking-info-percentiles", "0 99.99 100")).RawText[..3]);
            info = await InfoText.GetAsync(connection, "latencystats");
            Assert.Matches(@"latency_percentiles_usec_get:p0=\d+\.\d{3},p99\.99=\d+\.\d{3},p100=\d+\.\d{3}\r\n", info);
            await connection.ExecuteAsync("CONFIG", "SET", "latency-tracking-info-percentiles", "");
            Assert.Contains("latency_percentiles_usec_get:\r\n", await InfoText.GetAsync(connection, "latencystats"), StringComparison.Ordinal);
            await connection.ExecuteAsync("CONFIG", "SET", "latency-tracking", "no");
            Assert.Equal("# Latencystats\r\n", await InfoText.GetAsync(connection, "latencystats"));
        }
        finally
        {
            await connection.ExecuteAsync("CONFIG", "SET", "latency-tracking", "yes", "latency-tracking-info-percentiles", "50 99 99.9");
            await connection.DisposeAsync();
        }
    }
}
