using System.Globalization;
using System.Text;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The replay of an INCR file follows loadSingleAppendOnlyFile's reading rules, checked against redis-server 7.0
/// on the same hand-made files: lines as fgets reads them (a '#' line is skipped 1023 bytes at a time), counts as
/// atoi / strtol read them, a cut file truncated after its last complete command (not after an annotation that
/// follows it), a MULTI left open (even by a queued DISCARD) reverted, and commands that do not fit the reader's
/// buffer (a large value, many commands across buffer refills) loaded whole.
/// </summary>
public sealed class AofReplayRulesTests
{
    private const string IncrFile = "appendonly.aof.1.incr.aof";

    private static string Command(params string[] args)
    {
        var sb = new StringBuilder().Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            sb.Append('$').Append(Encoding.Latin1.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        return sb.ToString();
    }

    /// <summary>An AOF directory whose only file is an INCR file with <paramref name="incr"/>.</summary>
    private static string WriteAof(string dir, string incr)
    {
        Directory.CreateDirectory(Path.Combine(dir, AofFiles.DirName));
        File.WriteAllBytes(AofFiles.AofPath(dir, IncrFile), Encoding.Latin1.GetBytes(incr));
        File.WriteAllText(AofFiles.ManifestPath(dir), $"file {IncrFile} seq 1 type i\n");
        return dir;
    }

    /// <summary>The log lines about the AOF that Redis prints as warnings, without prefixes and timings.</summary>
    private static List<string> AofWarnings(IEnumerable<string> lines) =>
        AofFiles.Normalized(lines)
            .Where(line => line.StartsWith("# ", StringComparison.Ordinal) &&
                           (line.Contains("AOF", StringComparison.Ordinal) || line.Contains("append only", StringComparison.Ordinal)))
            .ToList();

    /// <summary>Loads <paramref name="incr"/> in both servers; the data, the AOF warnings and the file left behind agree.</summary>
    private static async Task AssertLoadsAsInRedisAsync(string incr)
    {
        using var scratch = new ScratchDirectory("aof-replay");
        var basaltDir = WriteAof(scratch.Sub("basalt"), incr);
        var redisDir = WriteAof(scratch.Sub("redis"), incr);

        await using var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir);
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir);

        Assert.Equal(AofWarnings(redis.LogLines), AofWarnings(basalt.LogLines));
        Assert.Equal(await AofFiles.DigestAsync(redis), await AofFiles.DigestAsync(basalt));
        Assert.Equal(File.ReadAllBytes(AofFiles.AofPath(redisDir, IncrFile)), File.ReadAllBytes(AofFiles.AofPath(basaltDir, IncrFile)));
        // The replay leaves no command statistics (only the DEBUG DIGEST above counts).
        Assert.Equal(await CommandCallsAsync(redis), await CommandCallsAsync(basalt));
    }

    /// <summary>INFO commandstats as "cmdstat_NAME calls rejected failed", without the timings.</summary>
    private static async Task<List<string>> CommandCallsAsync(ServerProcess server)
    {
        await using var c = await server.ConnectAsync();
        var info = (await c.ExecuteAsync("INFO", "commandstats")).Text ?? "";
        return info.Split("\r\n")
            .Where(line => line.StartsWith("cmdstat_", StringComparison.Ordinal))
            .Select(line =>
            {
                var (name, fields) = (line[..line.IndexOf(':')], line[(line.IndexOf(':') + 1)..].Split(','));
                return name + " " + string.Join(' ', fields.Where(f => !f.StartsWith("usec", StringComparison.Ordinal)));
            })
            .ToList();
    }

    /// <summary>Both servers refuse <paramref name="incr"/> (exit 1) with the same AOF warnings.</summary>
    private static async Task AssertRefusedAsInRedisAsync(string incr)
    {
        using var scratch = new ScratchDirectory("aof-replay");
        var basaltDir = WriteAof(scratch.Sub("basalt"), incr);
        var redisDir = WriteAof(scratch.Sub("redis"), incr);

        var basalt = await AofFiles.RunToExitAsync(basaltDir);
        var redis = await ServerProcess.RunToExitAsync(ServerKind.Redis,
            ["--port", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", redisDir,
             "--save", "", "--appendonly", "yes"], AofFiles.ExitTimeout, redisDir);

        Assert.Equal(1, redis.ExitCode);
        Assert.Equal(redis.ExitCode, basalt.ExitCode);
        Assert.Equal(AofWarnings(redis.Lines), AofWarnings(basalt.Lines));
    }

    [Fact]
    public Task CountsAreReadAsAtoiAndStrtolReadThem() =>
        // "*3 junk", "$1x", "$ 1" and "*+2" are a count of 3, 1, 1 and 2 to Redis.
        AssertLoadsAsInRedisAsync(
            "*3 junk\r\n$3\r\nSET\r\n$1x\r\na\r\n$ 1\r\n1\r\n" +
            "*+2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n" + Command("SET", "b", "2"));

    [Fact]
    public Task TwoBytesAfterAValueAreNotChecked() =>
        AssertLoadsAsInRedisAsync("*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\n1XY" + Command("SET", "b", "2"));

    [Fact]
    public Task CutFileIsTruncatedAfterItsLastCommandNotAfterAnAnnotation() =>
        AssertLoadsAsInRedisAsync(Command("SET", "a", "1") + "#TS:1700000000\r\n" + Command("SET", "b", "2")[..20]);

    [Fact]
    public Task CutAnnotationAtTheEndIsSkipped() =>
        AssertLoadsAsInRedisAsync(Command("SET", "a", "1") + "#TS:17000");

    [Fact]
    public Task LongAnnotationIsSkippedAsFgetsReadsIt() =>
        // 1023 bytes of '#' line, then the rest of the line is a "line" of its own, starting with '*'.
        AssertLoadsAsInRedisAsync("#" + new string('x', 1022) + Command("SET", "a", "1") + Command("SET", "b", "2"));

    [Fact]
    public Task LongAnnotationWhoseRestIsNotACommandIsAFormatError() =>
        AssertRefusedAsInRedisAsync(Command("SET", "a", "1") + "#" + new string('x', 1500) + "\r\n" + Command("SET", "b", "2"));

    [Fact]
    public Task StarAloneAtTheEndIsAShortRead() =>
        AssertLoadsAsInRedisAsync(Command("SET", "a", "1") + "*");

    [Fact]
    public Task CountWithoutDigitsIsAFormatError() =>
        AssertRefusedAsInRedisAsync(Command("SET", "a", "1") + "*x\r\n" + Command("SET", "b", "2"));

    [Fact]
    public Task ArgumentWithoutDollarIsAFormatError() =>
        AssertRefusedAsInRedisAsync(Command("SET", "a", "1") + "*3\r\n$3\r\nSET\r\n:1\r\n");

    [Fact]
    public Task UnknownCommandIsRefused() =>
        AssertRefusedAsInRedisAsync(Command("SET", "a", "1") + Command("NOSUCHCOMMAND", "x"));

    [Fact]
    public Task MultiLeftOpenByAQueuedDiscardIsReverted() =>
        AssertLoadsAsInRedisAsync(Command("SET", "a", "1") + "#TS:1700000000\r\n" + Command("MULTI") + Command("SET", "b", "2") + Command("DISCARD"));

    [Fact]
    public Task CompleteTransactionsAreApplied() =>
        AssertLoadsAsInRedisAsync(Command("MULTI") + Command("SET", "a", "1") + Command("INCR", "n") + Command("EXEC") +
                                  Command("MULTI") + Command("RPUSH", "l", "x", "y") + Command("EXEC"));

    [Fact]
    public Task CommandsLargerThanTheReadBufferAndAcrossRefillsLoad()
    {
        // A 3 MB value (bigger than the reader's first buffer), then commands of varied sizes so that
        // refills fall inside every part of a command, then another large value.
        var sb = new StringBuilder(Command("SET", "big", new string('v', 3 * 1024 * 1024)));
        for (var i = 0; i < 30000; i++)
        {
            sb.Append(Command("SET", "k" + (i % 5000).ToString(CultureInfo.InvariantCulture), new string((char)('a' + i % 26), i % 97)));
        }
        sb.Append(Command("HSET", "h", "f", new string('w', 700_000)));
        return AssertLoadsAsInRedisAsync(sb.ToString());
    }
}
