using System.Text.RegularExpressions;
using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// Damaged files are refused with what redis-check-rdb reported for them (offset, message, stage,
/// key, type, keys read), and no damage of any kind produces anything but <see cref="RdbFormatException"/>.
/// </summary>
public sealed partial class RdbCorruptFixtureTests
{
    [Theory]
    [InlineData("corrupt/rdb-truncated")]
    [InlineData("corrupt/rdb-crc-mismatch")]
    [InlineData("corrupt/rdb-future-version")]
    public void RefusedAsRedisCheckRdbReports(string fixture)
    {
        var record = CheckerRecord.Parse(File.ReadAllText(Path.Combine(RdbFixtureFiles.Root, fixture, "redis-check-rdb.txt")));
        var bytes = RdbFixtureFiles.Read(Path.Combine(fixture, "dump.rdb"));

        var e = Assert.Throws<RdbFormatException>(() => RdbFileReader.Read(new RdbInput(bytes), new RecordingRdbSink(), RdbLoadOptions.Default));

        Assert.Equal(record.Message, e.Message);
        Assert.Equal(record.Offset, e.Offset);
        Assert.Equal(record.Stage, e.Stage);
        Assert.Equal(record.Key, e.Key is null ? null : RecordingRdbSink.Latin1(e.Key));
        // redis-check-rdb's state starts at type 0, so before any key it prints "type 0 (string)".
        Assert.Equal(record.Type, e.Type < 0 && e.KeysRead == 0 ? 0 : e.Type);
        Assert.Equal(record.KeysRead, e.KeysRead);
        Assert.Equal(record.Expires, e.ExpiresRead);
    }

    [Fact]
    public void CrcErrorCarriesBothChecksumsAsTheServerLogsThem()
    {
        var bytes = RdbFixtureFiles.Read("corrupt/rdb-crc-mismatch/dump.rdb");
        var e = Assert.Throws<RdbFormatException>(() => RdbFileReader.Read(new RdbInput(bytes), new RecordingRdbSink(), RdbLoadOptions.Default));

        // server-load.txt: "Wrong RDB checksum expected: (c1e883b12caaa1d8) but got (f542e3430e719263)".
        Assert.Equal(0xc1e883b12caaa1d8UL, e.ComputedChecksum);
        Assert.Equal(0xf542e3430e719263UL, e.StoredChecksum);
        Assert.Equal(3225, e.RedisLine);
    }

    [Fact]
    public void CrcMismatchIsIgnoredWhenVerificationIsOff()
    {
        var bytes = RdbFixtureFiles.Read("corrupt/rdb-crc-mismatch/dump.rdb");
        var sink = new RecordingRdbSink();
        var result = RdbFileReader.Read(new RdbInput(bytes), sink, RdbLoadOptions.Default with { VerifyChecksum = false });

        Assert.Equal(RdbChecksumStatus.NotVerified, result.Checksum);
        Assert.Equal("Hello", RecordingRdbSink.Latin1(((Basalt.Types.RedisString)sink.Get("str:short").Value).Bytes));
    }

    /// <summary>Every cut of the small file; a cut every few bytes of the big ones, which hold every type and LZF nodes (every byte takes too long for a unit test).</summary>
    [Theory]
    [InlineData("rdb-expired-key/dump.rdb", 1)]
    [InlineData("rdb-list-compressed/dump.rdb", 9)]
    [InlineData("rdb-all-types/dump.rdb", 11)]
    public void TruncationIsRefused(string fixture, int step)
    {
        var bytes = RdbFixtureFiles.Read(fixture);
        for (var length = 0; length < bytes.Length; length += step)
        {
            var prefix = new ReadOnlyMemory<byte>(bytes, 0, length);
            var e = Assert.Throws<RdbFormatException>(() => RdbFileReader.Read(new RdbInput(prefix), new RecordingRdbSink(), RdbLoadOptions.Default));
            Assert.InRange(e.Offset, 0, length);
        }
    }

    [Theory]
    [InlineData("rdb-all-types/dump.rdb", false)]
    [InlineData("rdb-all-types/dump.rdb", true)]
    [InlineData("rdb-nocompression/dump.rdb", false)]
    [InlineData("rdb-list-compressed/dump.rdb", true)]
    public void RandomDamageNeverEscapesAsAnotherException(string fixture, bool deepSanitize)
    {
        var original = RdbFixtureFiles.Read(fixture);
        var random = new Random(fixture.Length * 31 + (deepSanitize ? 1 : 0));
        var options = RdbLoadOptions.Default with { VerifyChecksum = false, DeepSanitize = deepSanitize };
        var refused = 0;
        for (var round = 0; round < 400; round++)
        {
            var bytes = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                var at = random.Next(9, bytes.Length - 9);
                bytes[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(bytes[at] ^ (1 << random.Next(8)));
            }
            try
            {
                RdbFileReader.Read(new RdbInput(bytes), new RecordingRdbSink(), options);
            }
            catch (RdbFormatException e)
            {
                // An inner exception means a defect of the reader was caught by its last safety net.
                Assert.True(e.InnerException is null, e.ToString());
                refused++;
            }
        }
        Assert.True(refused > 0);
    }

    /// <summary>The error part of a redis-check-rdb transcript.</summary>
    private sealed record CheckerRecord(long Offset, string Message, string Stage, string? Key, int Type, long KeysRead, long Expires)
    {
        public static CheckerRecord Parse(string transcript)
        {
            var error = ErrorLine().Match(transcript);
            var key = KeyLine().Match(transcript);
            var type = TypeLine().Match(transcript);
            return new CheckerRecord(
                long.Parse(error.Groups[1].Value),
                error.Groups[2].Value,
                StageLine().Match(transcript).Groups[1].Value,
                key.Success ? key.Groups[1].Value : null,
                type.Success ? int.Parse(type.Groups[1].Value) : -1,
                long.Parse(KeysLine().Match(transcript).Groups[1].Value),
                long.Parse(ExpiresLine().Match(transcript).Groups[1].Value));
        }
    }

    [GeneratedRegex(@"--- RDB ERROR DETECTED ---\n\[offset (\d+)\] (.*)\n")]
    private static partial Regex ErrorLine();

    [GeneratedRegex(@"While doing: (\S+)")]
    private static partial Regex StageLine();

    [GeneratedRegex(@"Reading key '(.*)'")]
    private static partial Regex KeyLine();

    [GeneratedRegex(@"Reading type (\d+) ")]
    private static partial Regex TypeLine();

    [GeneratedRegex(@"\[info\] (\d+) keys read")]
    private static partial Regex KeysLine();

    [GeneratedRegex(@"\[info\] (\d+) expires")]
    private static partial Regex ExpiresLine();
}
