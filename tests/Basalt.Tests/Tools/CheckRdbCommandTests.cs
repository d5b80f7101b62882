using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Basalt.Persistence.Rdb;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Persistence;
using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// <c>basalt check-rdb</c> prints what redis-check-rdb 7.0.15 prints, byte for byte, with the same exit
/// code: on the fixtures, on files damaged by hand, on a file a live Basalt wrote; and the server prints
/// the same report when dump.rdb fails to load.
/// </summary>
public sealed partial class CheckRdbCommandTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static TheoryData<string> FixtureFiles()
    {
        var data = new TheoryData<string>();
        foreach (var path in Directory.EnumerateFiles(RdbFixtureFiles.Root, "*.rdb", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(RdbFixtureFiles.Root, path));
        }
        return data;
    }

    public static TheoryData<string> DamagedCases() => new(Damaged.Keys);

    private static readonly Dictionary<string, byte[]> Damaged = BuildDamaged();

    [Theory]
    [MemberData(nameof(FixtureFiles))]
    public async Task Fixture_reports_equal_redis_check_rdb(string relativePath)
    {
        using var dir = new ScratchDirectory("check-rdb-fixture");
        var path = Path.Combine(dir.Path, "dump.rdb");
        File.Copy(Path.Combine(RdbFixtureFiles.Root, relativePath), path);
        await AssertSameAsRedisAsync(path);
    }

    [Theory]
    [MemberData(nameof(DamagedCases))]
    public async Task Hand_made_file_reports_equal_redis_check_rdb(string name)
    {
        using var dir = new ScratchDirectory("check-rdb-damaged");
        var path = Path.Combine(dir.Path, name + ".rdb");
        await File.WriteAllBytesAsync(path, Damaged[name]);
        await AssertSameAsRedisAsync(path);
    }

    [Fact]
    public async Task Every_cut_of_a_small_file_reports_as_redis_does()
    {
        var whole = RdbFixtureFiles.Read("rdb-expired-key/dump.rdb");
        using var dir = new ScratchDirectory("check-rdb-cuts");
        // Every fourth length keeps the test quick while crossing each record of the file.
        for (var length = 0; length < whole.Length; length += 4)
        {
            var path = Path.Combine(dir.Path, $"cut-{length}.rdb");
            await File.WriteAllBytesAsync(path, whole.AsSpan(0, length).ToArray());
            await AssertSameAsRedisAsync(path);
        }
    }

    [Fact]
    public async Task A_missing_file_prints_the_first_line_and_says_why_on_stderr()
    {
        using var dir = new ScratchDirectory("check-rdb-missing");
        var path = Path.Combine(dir.Path, "absent.rdb");
        var (code, output, error) = await AssertSameAsRedisAsync(path);
        Assert.Equal(1, code);
        Assert.Equal($"[offset 0] Checking RDB file {path}\n", output);
        Assert.Equal($"basalt check-rdb: cannot read '{path}': No such file or directory\n", error);
    }

    [Fact]
    public async Task A_directory_reads_as_an_empty_file()
    {
        using var dir = new ScratchDirectory("check-rdb-dir");
        var (code, _, error) = await AssertSameAsRedisAsync(dir.Path);
        Assert.Equal(1, code);
        Assert.Contains("Is a directory", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData]
    [InlineData("a.rdb", "b.rdb")]
    public void Wrong_arguments_print_the_usage_on_stderr(params string[] args)
    {
        var (code, output, error) = Run(["check-rdb", .. args]);
        Assert.Equal((1, "", "Usage: basalt check-rdb <rdb-file-name>\n"), (code, output, error));
    }

    [Theory]
    [InlineData("-v")]
    [InlineData("--version")]
    public async Task Version_is_printed_as_redis_check_rdb_prints_it(string flag)
    {
        var redis = await ExternalTool.RunAsync("redis-check-rdb", [flag], Timeout);
        var (code, output, _) = Run(["check-rdb", flag]);
        Assert.Equal((redis.ExitCode, redis.Stdout), (code, output));
    }

    [Fact]
    public async Task A_file_written_by_a_live_basalt_server_is_sane_for_both_checkers()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt);
        await using (var c = await server.ConnectAsync())
        {
            await c.ExecuteAsync("DEBUG", "POPULATE", "300", "key", "20");
            await c.ExecuteAsync("RPUSH", "list", "a", "b", "c");
            await c.ExecuteAsync("HSET", "hash", "f", "v");
            await c.ExecuteAsync("ZADD", "zset", "1", "m");
            await c.ExecuteAsync("SADD", "set", "1", "2");
            await c.ExecuteAsync("XADD", "stream", "*", "f", "v");
            await c.ExecuteAsync("SET", "ttl", "v", "PX", "100000");
            await c.ExecuteAsync("SELECT", "5");
            await c.ExecuteAsync("SET", "ключ", "значение");
            Assert.Equal("+OK\r\n", (await c.ExecuteAsync("SAVE")).RawText.Replace("\\r\\n", "\r\n", StringComparison.Ordinal));
        }
        var (code, output, _) = await AssertSameAsRedisAsync(Path.Combine(server.Dir, "dump.rdb"));
        Assert.Equal(0, code);
        Assert.Contains("[info] 307 keys read\n", output, StringComparison.Ordinal);
    }

    /// <summary>
    /// A dump.rdb each live server writes (names that are not UTF-8 included), whole and cut short:
    /// both checkers print the same bytes.
    /// </summary>
    [Theory]
    [InlineData(ServerKind.Redis)]
    [InlineData(ServerKind.Basalt)]
    public async Task A_live_servers_file_whole_and_cut_reports_equal_redis_check_rdb(ServerKind kind)
    {
        await using var server = await ServerProcess.StartAsync(kind);
        await using (var c = await server.ConnectAsync())
        {
            await c.ExecuteAsync("DEBUG", "POPULATE", "200", "key", "30");
            await c.ExecuteAsync("SET", new byte[] { 0xE9, (byte)'t', 0xFF }, new byte[] { 0x80, 0x81 });
            await c.ExecuteAsync("HSET", new byte[] { (byte)'h', 0xC3 }, "f", "v");
            await c.ExecuteAsync("RPUSH", "list", "a", "b");
            await c.ExecuteAsync("SET", "ttl", "v", "EX", "100000");
            Assert.Equal("OK", (await c.ExecuteAsync("SAVE")).Text);
        }
        var whole = await File.ReadAllBytesAsync(Path.Combine(server.Dir, "dump.rdb"));
        using var dir = new ScratchDirectory("check-rdb-live");
        var path = Path.Combine(dir.Path, "dump.rdb");
        await File.WriteAllBytesAsync(path, whole);
        var (code, output, _) = await AssertSameAsRedisAsync(path);
        Assert.Equal(0, code);
        Assert.Contains("[info] 204 keys read\n", output, StringComparison.Ordinal);
        // Cut in the middle and near the end (inside a key or value, whatever lies there).
        foreach (var length in new[] { whole.Length / 2, whole.Length - 20, whole.Length - 3 })
        {
            await File.WriteAllBytesAsync(path, whole[..length]);
            await AssertSameAsRedisAsync(path);
        }
    }

    [Theory]
    [InlineData("utf8-names-truncated", "Reading key 'ключ'")]
    [InlineData("non-utf8-names-truncated", "Reading key '\uFFFDk\uFFFD\uFFFD'")]
    public async Task The_tool_process_writes_names_byte_for_byte(string damaged, string readable)
    {
        using var dir = new ScratchDirectory("check-rdb-process");
        var path = Path.Combine(dir.Path, "dump.rdb");
        await File.WriteAllBytesAsync(path, Damaged[damaged]);
        var tool = await ByteExactRun.ProcessAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "basalt.dll"), "check-rdb", path], Timeout);
        var redis = await ByteExactRun.ProcessAsync("redis-check-rdb", [path], Timeout);
        Assert.Equal((redis.ExitCode, Normalize(redis.Stdout)), (tool.ExitCode, Normalize(tool.Stdout)));
        Assert.Contains(readable, ByteExactRun.AsUtf8(tool.Stdout), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("corrupt/rdb-truncated")]
    [InlineData("corrupt/rdb-crc-mismatch")]
    public async Task The_server_prints_the_embedded_check_when_dump_rdb_fails_to_load(string fixture)
    {
        using var dir = new ScratchDirectory("check-rdb-server");
        File.Copy(Path.Combine(RdbFixtureFiles.Root, fixture, "dump.rdb"), dir.DumpFile);
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var run = await ServerProcess.RunToExitAsync(ServerKind.Basalt,
            ["--port", port, "--bind", "127.0.0.1", "--dir", dir.Path, "--save", "", "--appendonly", "no"], Timeout, dir.Path);

        var transcript = File.ReadAllText(Path.Combine(RdbFixtureFiles.Root, fixture, "server-load.txt")).Split('\n');
        var recorded = transcript.SkipWhile(l => !l.StartsWith("stdout", StringComparison.Ordinal)).Skip(1).TakeWhile(l => l.Length > 0).ToList();
        var lines = run.Lines.ToList();
        var first = lines.IndexOf(recorded[0]);
        Assert.True(run.ExitCode == 1 && first >= 0, $"exit code {run.ExitCode}\n{run.Log}");
        Assert.Equal(recorded, lines.Skip(first).Take(recorded.Count));
    }

    [Fact]
    public async Task A_header_problem_is_not_followed_by_a_check_in_the_server()
    {
        using var dir = new ScratchDirectory("check-rdb-server-header");
        File.Copy(Path.Combine(RdbFixtureFiles.Root, "corrupt/rdb-future-version/dump.rdb"), dir.DumpFile);
        var port = FreePorts.Next().ToString(CultureInfo.InvariantCulture);
        var run = await ServerProcess.RunToExitAsync(ServerKind.Basalt,
            ["--port", port, "--bind", "127.0.0.1", "--dir", dir.Path, "--save", "", "--appendonly", "no"], Timeout, dir.Path);
        Assert.Equal(1, run.ExitCode);
        Assert.DoesNotContain(run.Lines, l => l.StartsWith("[offset", StringComparison.Ordinal));
    }

    [Fact]
    public void The_load_failures_followed_by_a_check_are_those_of_rdbReportError()
    {
        Assert.True(RdbCheckReport.FollowsLoadFailure(new RdbFormatException(RdbFormatException.UnexpectedEof, 10)));
        Assert.True(RdbCheckReport.FollowsLoadFailure(new RdbFormatException("RDB CRC error", 10, RedisReportLines.CrcMismatch)));
        Assert.False(RdbCheckReport.FollowsLoadFailure(new RdbFormatException("Can't handle RDB format version 11", 9)));
        Assert.False(RdbCheckReport.FollowsLoadFailure(new IOException("disk")));
    }

    private static (int Code, string Out, string Error) Run(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(""), output, error, isTerminal: false));
        return (code, output.ToString(), error.ToString());
    }

    /// <summary>Runs both checkers on <paramref name="path"/> and asserts equal stdout bytes and exit codes; returns Basalt's run (as bytes).</summary>
    private static async Task<(int Code, string Out, string Error)> AssertSameAsRedisAsync(string path)
    {
        var redis = await ByteExactRun.ProcessAsync("redis-check-rdb", [path], Timeout);
        var basalt = ByteExactRun.Tool(["check-rdb", path]);
        Assert.Equal((redis.ExitCode, Normalize(redis.Stdout)), (basalt.ExitCode, Normalize(basalt.Stdout)));
        return (basalt.ExitCode, basalt.Stdout, basalt.Stderr);
    }

    /// <summary>The log line after a loader's report carries a pid and the time.</summary>
    private static string Normalize(string output) => LogPrefix().Replace(output, "PID:C DATE #");

    [GeneratedRegex(@"^\d+:C \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} #", RegexOptions.Multiline)]
    private static partial Regex LogPrefix();

    private static Dictionary<string, byte[]> BuildDamaged()
    {
        static RdbBytes Aux(RdbBytes b) => b.Raw(RdbFormat.OpAux).String("redis-ver").String("7.0.15");
        static RdbBytes Key(byte type, string name = "k") => Aux(RdbBytes.Header()).Raw(RdbFormat.OpSelectDb).Length(0).Raw(type).String(name);
        var utf8 = Encoding.UTF8;
        return new()
        {
            ["shorter-than-a-header"] = "REDI"u8.ToArray(),
            ["wrong-signature"] = RdbBytes.Header().ToArray().Select((b, i) => i == 3 ? (byte)'X' : b).ToArray(),
            ["aux-truncated"] = RdbBytes.Header().Raw(RdbFormat.OpAux).String("redis-ver").Length(30).Raw("abc"u8.ToArray()).ToArray(),
            ["invalid-type-after-a-key"] = Key(RdbFormat.TypeString).String("v").Raw(30).ToArray(),
            ["invalid-type-first"] = Aux(RdbBytes.Header()).Raw(30).End(),
            ["nul-in-aux-and-key"] = RdbBytes.Header().Raw(RdbFormat.OpAux).String("a\0b").String("c\0d").Raw(RdbFormat.TypeString).String("k\0y").String("value").End(),
            ["long-aux-value"] = RdbBytes.Header().Raw(RdbFormat.OpAux).String("big").String(new string('x', 2000)).End(),
            ["empty-set"] = Key(RdbFormat.TypeSet, "s").Length(0).End(),
            ["hash-ziplist-duplicate"] = Key(RdbFormat.TypeHashZiplist).String(RdbBytes.Ziplist("f", "1", "f", "2")).End(),
            ["unknown-length-encoding"] = Key(RdbFormat.TypeString).Raw(0xBF).End(),
            ["stream-truncated"] = Key(RdbFormat.TypeStreamListpacks2, "x").ToArray(),
            ["expired-and-live-keys"] = RdbBytes.Header().Raw(RdbFormat.OpExpireTimeMs).Milliseconds(1000).Raw(RdbFormat.TypeString).String("old").String("v")
                .Raw(RdbFormat.OpExpireTimeMs).Milliseconds(99_999_999_999_999).Raw(RdbFormat.TypeString).String("new").String("v")
                .Raw(RdbFormat.OpExpireTime).Raw(1, 0, 0, 0).Raw(RdbFormat.TypeString).String("secs").String("v").End(),
            ["expire-then-truncated"] = RdbBytes.Header().Raw(RdbFormat.OpExpireTimeMs).Milliseconds(1000).Raw(RdbFormat.TypeString).String("old").String("v")
                .Raw(RdbFormat.OpExpireTimeMs).Raw(1, 2, 3).ToArray(),
            ["checksum-disabled"] = Key(RdbFormat.TypeString).String("v").End(checksum: false),
            ["checksum-wrong"] = Flip(Key(RdbFormat.TypeString).String("v").End()),
            ["trailer-missing"] = Key(RdbFormat.TypeString).String("v").Raw(RdbFormat.OpEof).ToArray(),
            ["version-4-without-trailer"] = RdbBytes.Header(4).Raw(RdbFormat.TypeString).String("a").String("b").End(version: 4),
            ["version-0"] = RdbBytes.Header(0).End(),
            ["module-aux"] = RdbBytes.Header().Raw(RdbFormat.OpModuleAux).Length((12345UL << 10) | 2).Length(2).Length(0)
                .Length(2).Length(5).Length(0).End(),
            ["resize-and-function"] = RdbBytes.Header().Raw(RdbFormat.OpFunction2).String("#!lua name=lib\nredis.register_function('f', function() return 1 end)")
                .Raw(RdbFormat.OpSelectDb).Length(7).Raw(RdbFormat.OpResizeDb).Length(1).Length(0).Raw(RdbFormat.TypeString).String("a").String("b").End(),
            ["utf8-names-truncated"] = RdbBytes.Header().Raw(RdbFormat.OpAux).String(utf8.GetBytes("名前")).String(utf8.GetBytes("värde"))
                .Raw(RdbFormat.TypeString).String(utf8.GetBytes("ключ")).Length(10).Raw("ab"u8.ToArray()).ToArray(),
            // Names that are not UTF-8: printed as their raw bytes.
            ["non-utf8-names-truncated"] = RdbBytes.Header().Raw(RdbFormat.OpAux).String([0xC3, 0x28, (byte)'a']).String([0xFF, 0xFE])
                .Raw(RdbFormat.TypeString).String([0xE9, (byte)'k', 0x80, 0xC3]).Length(10).Raw("ab"u8.ToArray()).ToArray(),
            ["non-utf8-aux-value"] = RdbBytes.Header().Raw(RdbFormat.OpAux).String("name").String([0xE2, 0x82, (byte)'x', 0xF0, 0x9F, 0x98, 0x80, 0xED, 0xA0, 0x80]).End(),
        };
    }

    /// <summary>The same file with one byte of its checksum changed.</summary>
    private static byte[] Flip(byte[] file)
    {
        file[^1] ^= 0x5A;
        return file;
    }
}
