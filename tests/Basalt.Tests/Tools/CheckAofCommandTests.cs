using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Persistence;
using Basalt.Tools;
using Xunit;
using Basalt.Text;

namespace Basalt.Tests.Tools;

/// <summary>
/// <c>basalt check-aof</c> against the real redis-check-aof 7.0.15: the same command on the same
/// copy of a file must print the same stdout, exit with the same code and leave the same bytes.
/// </summary>
public sealed partial class CheckAofCommandTests : IDisposable
{
    private const string Manifest = "appendonlydir/appendonly.aof.manifest";

    private readonly string _work = Directory.CreateTempSubdirectory("basalt-check-aof-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    public static TheoryData<string, string> Fixtures() => new()
    {
        { "aof-multipart-rdb-preamble", Manifest },
        { "aof-multipart-resp-base", Manifest },
        { "aof-timestamps", Manifest },
        { "aof-oldstyle", "appendonly.aof" },
        { "aof-oldstyle-rdb-preamble", "appendonly.aof" },
        { "corrupt/aof-bad-format", Manifest },
        { "corrupt/aof-incomplete-multi", Manifest },
        { "corrupt/aof-truncated-incr", Manifest },
    };

    [Theory]
    [MemberData(nameof(Fixtures))]
    public async Task Checking_a_fixture_matches_redis_check_aof(string fixture, string file)
    {
        await AssertSameAsRedis(fixture, file, stdin: "");
    }

    [Theory]
    [InlineData("corrupt/aof-bad-format", "y\n")]
    [InlineData("corrupt/aof-incomplete-multi", "y\n")]
    [InlineData("corrupt/aof-truncated-incr", "Y")]
    [InlineData("corrupt/aof-truncated-incr", "n\n")]
    [InlineData("corrupt/aof-truncated-incr", "")]
    public async Task Fix_matches_redis_check_aof_whatever_the_answer(string fixture, string answer)
    {
        await AssertSameAsRedis(fixture, Manifest, answer, "--fix");
    }

    [Theory]
    [InlineData("1795244415")]
    [InlineData("1795244416")]
    [InlineData("1795244417")]
    [InlineData("1795244315")]
    [InlineData("0")]
    [InlineData("")]
    [InlineData("12x")]
    [InlineData("99999999999999999999")]
    public async Task Truncate_to_timestamp_matches_redis_check_aof(string timestamp)
    {
        await AssertSameAsRedis("aof-timestamps", Manifest, "", "--truncate-to-timestamp", timestamp);
    }

    [Fact]
    public async Task Every_truncation_of_an_incr_file_matches_redis_check_aof()
    {
        var original = RdbFixtureFiles.Read("aof-multipart-rdb-preamble/appendonlydir/appendonly.aof.2.incr.aof");
        var path = Path.Combine(_work, "cut.aof");
        for (var length = 0; length <= original.Length; length += length < 60 ? 1 : 13)
        {
            await AssertSameOnBytes(path, original.AsMemory(0, length), "y", "--fix");
        }
    }

    [Fact]
    public async Task Damaged_bytes_match_redis_check_aof()
    {
        var original = RdbFixtureFiles.Read("aof-multipart-rdb-preamble/appendonlydir/appendonly.aof.2.incr.aof");
        var path = Path.Combine(_work, "damaged.aof");
        byte[] replacements = [(byte)'*', (byte)'$', (byte)'\r', (byte)'\n', (byte)'#', (byte)'x', (byte)'9', (byte)'-', 0, 0x7f];
        var random = new Random(6);
        for (var i = 0; i < 40; i++)
        {
            var copy = original.ToArray();
            copy[random.Next(copy.Length)] = replacements[random.Next(replacements.Length)];
            await AssertSameOnBytes(path, copy, "y", "--fix");
        }
    }

    [Theory]
    [InlineData(21000, -1)]
    [InlineData(9, -1)]
    [InlineData(-1, 652)]
    [InlineData(-1, 21488)]
    [InlineData(-1, 23958)]
    public async Task A_damaged_rdb_preamble_matches_redis_check_aof(int truncateAt, int damageAt)
    {
        var original = RdbFixtureFiles.Read("aof-oldstyle-rdb-preamble/appendonly.aof");
        var copy = truncateAt >= 0 ? original[..truncateAt] : original.ToArray();
        if (damageAt >= 0)
        {
            copy[damageAt] ^= 0xA5;
        }
        await AssertSameOnBytes(Path.Combine(_work, "preamble.aof"), copy, "y", "--fix");
    }

    [Theory]
    [InlineData("*2\r\n$5\r\nMULTI\r\n*1\r\n$5\r\nMULTI\r\n")]
    [InlineData("*1\r\n$4\r\nEXEC\r\n*1\r\n$3\r\nPING\r\n")]
    [InlineData("*1\r\n$5\r\nmUlTi\r\n*1\r\n$3\r\nPING\r\n")]
    [InlineData("*1\r\n$5\r\nmulti\r\n*1\r\n$4\r\nexec\r\n*1\r\n$5\r\nMULTI\r\n*1\r\n$5\r\nMULTI\r\n")]
    [InlineData("*1\r\n$-1\r\n")]
    [InlineData("*1\r\n$99999999999999999999\r\n")]
    [InlineData("*-3\r\n*1\r\n$4\r\nPING\r\n")]
    [InlineData("* 1\r\n$4\r\nPING\r\n")]
    [InlineData("*1\r\n$4\r\nPINGxx")]
    [InlineData("#TS:12\r\n*1\r\n$4\r\nPING\r\n#comment\r\nGARBAGE")]
    [InlineData("\r\n")]
    public async Task Hand_made_files_match_redis_check_aof(string content)
    {
        await AssertSameOnBytes(Path.Combine(_work, "hand.aof"), System.Text.Encoding.ASCII.GetBytes(content), "y", "--fix");
        await AssertSameOnBytes(Path.Combine(_work, "hand.aof"), System.Text.Encoding.ASCII.GetBytes(content), "", "--truncate-to-timestamp", "5");
    }

    /// <summary>
    /// The AOF directory of a live server (timestamps on, two rewrites, a BASE with or without an RDB
    /// preamble), as it is and with its last INCR cut short, checked and fixed by both tools.
    /// </summary>
    [Theory]
    [InlineData(ServerKind.Redis, "yes")]
    [InlineData(ServerKind.Redis, "no")]
    [InlineData(ServerKind.Basalt, "yes")]
    [InlineData(ServerKind.Basalt, "no")]
    public async Task A_live_servers_aof_directory_matches_redis_check_aof(ServerKind kind, string preamble)
    {
        var live = Path.Combine(_work, $"live-{kind}-{preamble}");
        long now;
        await using (var server = await ServerProcess.StartAsync(kind, new ServerStartOptions
        {
            Dir = live,
            ExtraArgs = ["--appendonly", "yes", "--aof-timestamp-enabled", "yes", "--aof-use-rdb-preamble", preamble, "--appendfsync", "always"],
        }))
        {
            await using var c = await server.ConnectAsync();
            for (var round = 0; round < 3; round++)
            {
                await c.ExecuteAsync("SET", $"k{round}", new byte[] { 0xE9, (byte)round });
                await c.ExecuteAsync("RPUSH", "list", $"item{round}");
                await c.ExecuteAsync("MULTI");
                await c.ExecuteAsync("INCR", "a");
                await c.ExecuteAsync("INCR", "b");
                await c.ExecuteAsync("EXEC");
                if (round < 2)
                {
                    await c.ExecuteAsync("BGREWRITEAOF");
                    await Poll.UntilAsync(async () => (await c.ExecuteAsync("INFO", "persistence")).Text!.Contains("aof_rewrite_in_progress:0"),
                        TimeSpan.FromSeconds(30), () => "the rewrite did not finish");
                }
            }
            now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        }
        var aofDir = Path.Combine(live, "appendonlydir");
        var manifest = Path.Combine(aofDir, "appendonly.aof.manifest");
        var incr = Directory.GetFiles(aofDir, "*.incr.aof").Order(StringComparer.Ordinal).Last();
        var whole = await File.ReadAllBytesAsync(incr);
        Assert.NotEmpty(whole);
        await AssertSameOnFiles(manifest, "");
        await AssertSameOnFiles(manifest, "", "--truncate-to-timestamp", now.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await File.WriteAllBytesAsync(incr, whole[..^5]);
        await AssertSameOnFiles(manifest, "");
        await AssertSameOnFiles(manifest, "y\n", "--fix");
    }

    [Theory]
    [InlineData("2a310d0ae9340d0a50494e470d0a")] // *1 then a non-ASCII byte where '$' should be
    [InlineData("2a310d0a24340d0a50494e47fffe")] // no CRLF after the argument: printed as sign-extended hex
    [InlineData("c3a9310d0a")] // not a command at all
    [InlineData("66696c6520e9207365712031207479706520780a")] // a manifest line quoted in its error
    public async Task Bytes_beyond_ascii_in_messages_are_written_raw(string hex)
    {
        var content = Convert.FromHexString(hex);
        await AssertSameOnBytes(Path.Combine(_work, "high.aof"), content, "");
        var path = Path.Combine(_work, "high-process.aof");
        await File.WriteAllBytesAsync(path, content);
        var tool = await ByteExactRun.ProcessAsync("dotnet", [Path.Combine(AppContext.BaseDirectory, "basalt.dll"), "check-aof", path], TimeSpan.FromSeconds(30));
        var redis = await ByteExactRun.ProcessAsync("redis-check-aof", [path], TimeSpan.FromSeconds(30));
        Assert.Equal((redis.ExitCode, Normalize(redis.Stdout)), (tool.ExitCode, Normalize(tool.Stdout)));
    }

    [Fact]
    public async Task A_manifest_naming_utf8_files_matches_redis_check_aof()
    {
        var dir = Path.Combine(_work, "utf8-names");
        Directory.CreateDirectory(dir);
        await File.WriteAllBytesAsync(Path.Combine(dir, "añejo.base.aof"), "*1\r\n$4\r\nPING\r\n"u8.ToArray());
        await File.WriteAllBytesAsync(Path.Combine(dir, "añejo.1.incr.aof"), "*1\r\n$4\r\nPING\r\n*2\r\n$3\r\nGET"u8.ToArray());
        var manifest = "file añejo.base.aof seq 1 type b\nfile añejo.1.incr.aof seq 1 type i\n";
        await AssertSameOnBytes(Path.Combine(dir, "m.manifest"), System.Text.Encoding.UTF8.GetBytes(manifest), "");
    }

    [Theory]
    [InlineData("file a seq 1 type x\n")]
    [InlineData("file a seq 0 type b\n")]
    [InlineData("file a seq 1 type b\nfile b seq 1 type b\n")]
    [InlineData("file a seq 1 type b\n")]
    [InlineData("file a seq 1 type i\n")]
    [InlineData("# only a comment\nfile\n")]
    public async Task Manifest_problems_match_redis_check_aof(string manifest)
    {
        var path = Path.Combine(_work, "bad.manifest");
        await AssertSameOnBytes(path, System.Text.Encoding.ASCII.GetBytes(manifest), "");
    }

    [Fact]
    public async Task A_missing_file_and_bad_arguments_match_redis_check_aof()
    {
        var missing = Path.Combine(_work, "missing.aof");
        await AssertSameArgs([missing], "");
        await AssertSameArgs([], "");
        await AssertSameArgs(["--fix", "a", "b"], "");
        await AssertSameArgs(["--frobnicate", missing], "");
    }

    [Fact]
    public void Fix_saves_what_it_cuts_and_reports_bytes_and_commands()
    {
        var dir = CopyFixture("corrupt/aof-incomplete-multi");
        var incr = Path.Combine(dir, "appendonlydir", "appendonly.aof.2.incr.aof");
        var before = File.ReadAllBytes(incr);
        var (code, output, error) = RunBasalt("", "check-aof", "--fix", "-y", Path.Combine(dir, Manifest));
        Assert.Equal(0, code);
        Assert.Contains("Continue? [y/N]: Successfully truncated AOF appendonly.aof.2.incr.aof\n", output);
        var backup = Assert.Single(Directory.GetFiles(Path.Combine(dir, "appendonlydir"), "*.bak-*"));
        Assert.Matches(@"appendonly\.aof\.2\.incr\.aof\.bak-\d+$", backup);
        var after = File.ReadAllBytes(incr);
        Assert.Equal(867, after.Length);
        Assert.Equal(before, after.Concat(File.ReadAllBytes(backup)).ToArray());
        Assert.Equal($"basalt: removed 42 bytes (2 commands) from appendonly.aof.2.incr.aof; they are saved in {backup}\n", error);
    }

    [Fact]
    public void Refusing_the_fix_changes_nothing_and_leaves_no_backup()
    {
        var dir = CopyFixture("corrupt/aof-truncated-incr");
        var incr = Path.Combine(dir, "appendonlydir", "appendonly.aof.2.incr.aof");
        var before = File.ReadAllBytes(incr);
        var (code, output, _) = RunBasalt("n\n", "check-aof", "--fix", Path.Combine(dir, Manifest));
        Assert.Equal(1, code);
        Assert.EndsWith("Continue? [y/N]: Aborting...\n", output);
        Assert.Equal(before, File.ReadAllBytes(incr));
        Assert.Empty(Directory.GetFiles(Path.Combine(dir, "appendonlydir"), "*.bak-*"));
    }

    [Fact]
    public void Usage_mentions_the_options()
    {
        var (code, output, _) = RunBasalt("", "check-aof", "--help");
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: basalt check-aof [--fix [-y]|--truncate-to-timestamp $timestamp]", output);
    }

    [Theory]
    [InlineData("123", 123L, 3, false)]
    [InlineData("  -42\r\n", -42L, 5, false)]
    [InlineData("+7x", 7L, 2, false)]
    [InlineData("abc", 0L, 0, false)]
    [InlineData("-", 0L, 0, false)]
    [InlineData("9223372036854775807", long.MaxValue, 19, false)]
    [InlineData("9223372036854775808", long.MaxValue, 19, true)]
    [InlineData("-9223372036854775808", long.MinValue, 20, false)]
    [InlineData("-9223372036854775809", long.MinValue, 20, true)]
    public void Strtol_stops_where_c_stops(string text, long value, int end, bool overflow)
    {
        Assert.Equal((value, end, overflow), CStrtol.Parse(System.Text.Encoding.ASCII.GetBytes(text)));
    }

    [Theory]
    [InlineData("a.manifest", ".")]
    [InlineData("/a.manifest", "/")]
    [InlineData("dir/a.manifest", "dir")]
    [InlineData("/x/dir//a.manifest", "/x/dir")]
    [InlineData("dir/sub/", "dir")]
    public void Dirname_is_c_dirname(string path, string expected)
    {
        Assert.Equal(expected, CheckAofCommand.CDirName(path));
    }

    private string CopyFixture(string fixture)
    {
        var target = Path.Combine(_work, Path.GetFileName(fixture) + "-" + Guid.NewGuid().ToString("N")[..8]);
        var source = Path.Combine(RdbFixtureFiles.Root, fixture);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
            File.SetAttributes(to, FileAttributes.Normal);
        }
        return target;
    }

    /// <summary>Runs redis-check-aof and then basalt on fresh copies at the same place; compares stdout, exit code and files.</summary>
    private async Task AssertSameAsRedis(string fixture, string file, string stdin, params string[] options)
    {
        var dir = CopyFixture(fixture);
        var path = Path.Combine(dir, file);
        var redis = await ByteExactRun.ProcessAsync("redis-check-aof", [.. options, path], TimeSpan.FromSeconds(30), stdin);
        var redisFiles = Snapshot(dir);
        Directory.Delete(dir, recursive: true);
        var copy = CopyFixture(fixture);
        Directory.Move(copy, dir);
        var (code, output, _) = RunBasalt(stdin, ["check-aof", .. options, path]);
        Assert.Equal(Normalize(redis.Stdout), Normalize(output));
        Assert.Equal(redis.ExitCode, code);
        Assert.Equal(redisFiles, Snapshot(dir));
    }

    /// <summary>Runs both tools on the same files (restored between the runs); compares stdout, exit code and the files after.</summary>
    private static async Task AssertSameOnFiles(string path, string stdin, params string[] options)
    {
        var dir = Path.GetDirectoryName(path)!;
        var before = Directory.GetFiles(dir).ToDictionary(f => f, File.ReadAllBytes);
        var redis = await ByteExactRun.ProcessAsync("redis-check-aof", [.. options, path], TimeSpan.FromSeconds(30), stdin);
        var redisFiles = Snapshot(dir);
        foreach (var extra in Directory.GetFiles(dir).Where(f => !before.ContainsKey(f)))
        {
            File.Delete(extra);
        }
        foreach (var (file, bytes) in before)
        {
            await File.WriteAllBytesAsync(file, bytes);
        }
        var (code, output, _) = RunBasalt(stdin, ["check-aof", .. options, path]);
        var context = $"{path} {string.Join(' ', options)}";
        Assert.True(Normalize(redis.Stdout) == Normalize(output), $"{context}\nredis:\n{redis.Stdout}\nbasalt:\n{output}");
        Assert.True(redis.ExitCode == code, context);
        Assert.Equal(redisFiles, Snapshot(dir));
        foreach (var extra in Directory.GetFiles(dir).Where(f => !before.ContainsKey(f)))
        {
            File.Delete(extra);
        }
        foreach (var (file, bytes) in before)
        {
            await File.WriteAllBytesAsync(file, bytes);
        }
    }

    private async Task AssertSameOnBytes(string path, ReadOnlyMemory<byte> content, string stdin, params string[] options)
    {
        await File.WriteAllBytesAsync(path, content.ToArray());
        var redis = await ByteExactRun.ProcessAsync("redis-check-aof", [.. options, path], TimeSpan.FromSeconds(30), stdin);
        var redisBytes = await File.ReadAllBytesAsync(path);
        await File.WriteAllBytesAsync(path, content.ToArray());
        var (code, output, _) = RunBasalt(stdin, ["check-aof", .. options, path]);
        var context = $"content {Convert.ToHexString(content.Span)} options {string.Join(' ', options)}";
        Assert.True(Normalize(redis.Stdout) == Normalize(output), $"{context}\nredis:\n{redis.Stdout}\nbasalt:\n{output}");
        Assert.True(redis.ExitCode == code, context);
        Assert.True(redisBytes.AsSpan().SequenceEqual(File.ReadAllBytes(path)), context);
        foreach (var backup in Directory.GetFiles(Path.GetDirectoryName(path)!, "*.bak-*"))
        {
            File.Delete(backup);
        }
    }

    private static async Task AssertSameArgs(string[] args, string stdin)
    {
        var redis = await ByteExactRun.ProcessAsync("redis-check-aof", args, TimeSpan.FromSeconds(30), stdin);
        var (code, output, _) = RunBasalt(stdin, ["check-aof", .. args]);
        // Only the usage line differs: the program's name and Basalt's -y.
        var expected = RedisUsage().Replace(Normalize(redis.Stdout), "Usage: basalt check-aof [--fix [-y]|");
        Assert.Equal(expected, Normalize(output));
        Assert.Equal(redis.ExitCode, code);
    }

    /// <summary>Runs basalt in-process; its stdout and stderr as the bytes the console writes (one char per byte).</summary>
    private static (int Code, string Output, string Error) RunBasalt(string stdin, params string[] args)
    {
        var run = ByteExactRun.Tool(args, stdin);
        return (run.ExitCode, run.Stdout, run.Stderr);
    }

    /// <summary>Log lines carry a pid and a time; the rest must be equal.</summary>
    private static string Normalize(string text) => LogPrefix().Replace(text, "PID:C TIME #");

    private static SortedDictionary<string, string> Snapshot(string dir) => new(
        Directory.GetFiles(dir, "*", SearchOption.AllDirectories)
            .Where(f => !f.Contains(".bak-", StringComparison.Ordinal))
            .ToDictionary(f => Path.GetRelativePath(dir, f), f => Convert.ToHexString(File.ReadAllBytes(f))),
        StringComparer.Ordinal);

    [GeneratedRegex(@"Usage: \S*redis-check-aof \[--fix\|")]
    private static partial Regex RedisUsage();

    [GeneratedRegex(@"^\d+:C \d\d \w{3} \d{4} \d\d:\d\d:\d\d\.\d{3} #", RegexOptions.Multiline)]
    private static partial Regex LogPrefix();
}
