using System.Text.Json.Nodes;
using Basalt.Persistence.Rdb;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>Every RDB that real Redis 7.0.15 wrote in the fixtures loads into exactly what Redis reported holding.</summary>
public sealed class RdbFixtureLoadTests
{
    public static TheoryData<string, RdbChecksumStatus> DumpFiles => new()
    {
        { "rdb-all-types", RdbChecksumStatus.Verified },
        { "rdb-nocompression", RdbChecksumStatus.Verified },
        { "rdb-nochecksum", RdbChecksumStatus.Disabled },
        { "rdb-list-compressed", RdbChecksumStatus.Verified },
        { "rdb-expired-key", RdbChecksumStatus.Verified },
    };

    [Theory]
    [MemberData(nameof(DumpFiles))]
    public void DumpLoadsIntoTheExpectedKeyspace(string fixture, RdbChecksumStatus checksum)
    {
        var bytes = RdbFixtureFiles.Read(Path.Combine(fixture, "dump.rdb"));
        var sink = new RecordingRdbSink();
        var result = RdbFileReader.Read(new RdbInput(bytes), sink, RdbLoadOptions.Default);

        Assert.Equal(10, result.Version);
        Assert.Equal(checksum, result.Checksum);
        Assert.Equal(bytes.Length, result.BytesRead);
        AssertMatchesExpected(sink, Path.Combine(fixture, "expected.json"), ignoreKeys: ["dead"]);
    }

    [Fact]
    public void ExpiredKeyReachesTheSinkWithItsExpireTime()
    {
        var sink = new RecordingRdbSink();
        RdbFileReader.Read(new RdbInput(RdbFixtureFiles.Read("rdb-expired-key/dump.rdb")), sink, RdbLoadOptions.Default);

        var dead = sink.Get("dead");
        Assert.Equal(1000, dead.ExpireAtMs);
        Assert.Equal("gone", RecordingRdbSink.Latin1(((Basalt.Types.RedisString)dead.Value).Bytes));
        Assert.Equal([(3UL, 2UL)], sink.Resizes);
        Assert.Equal(-1, dead.LruIdle);
        Assert.Equal(-1, dead.LfuFrequency);
    }

    [Fact]
    public void AuxFieldsArriveInFileOrder()
    {
        var sink = new RecordingRdbSink();
        RdbFileReader.Read(new RdbInput(RdbFixtureFiles.Read("rdb-all-types/dump.rdb")), sink, RdbLoadOptions.Default);

        Assert.Equal(["redis-ver", "redis-bits", "ctime", "used-mem", "aof-base"], sink.Aux.Select(a => a.Key));
        Assert.Equal(("redis-bits", "64"), sink.Aux[1]);
    }

    [Fact]
    public void AofBaseRdbHoldsTheCommonDataSet()
    {
        var sink = new RecordingRdbSink();
        var result = RdbFileReader.Read(
            new RdbInput(RdbFixtureFiles.Read("aof-multipart-rdb-preamble/appendonlydir/appendonly.aof.2.base.rdb")),
            sink,
            RdbLoadOptions.Default);

        Assert.Equal(RdbChecksumStatus.Verified, result.Checksum);
        Assert.Contains(("aof-base", "1"), sink.Aux);
        AssertMatchesExpected(sink, "rdb-all-types/expected.json", ignoreKeys: []);
    }

    [Fact]
    public void EveryIntactRdbFileLoadsWithAGoodChecksum()
    {
        foreach (var path in RdbFixtureFiles.IntactRdbFiles())
        {
            var sink = new RecordingRdbSink();
            var result = RdbFileReader.Read(new RdbInput(File.ReadAllBytes(path)), sink, RdbLoadOptions.Default);
            Assert.True(result.Checksum is RdbChecksumStatus.Verified or RdbChecksumStatus.Disabled, path);
        }
    }

    [Fact]
    public void PreambleReadStopsAtTheAofTailAndLeavesTheStreamThere()
    {
        var path = Path.Combine(RdbFixtureFiles.Root, "aof-oldstyle-rdb-preamble", "appendonly.aof");
        using var file = File.OpenRead(path);
        var sink = new RecordingRdbSink();
        using var input = new RdbInput(file, leaveOpen: true);

        var result = RdbFileReader.Read(input, sink, RdbLoadOptions.Default);

        Assert.Equal(RdbChecksumStatus.Verified, result.Checksum);
        Assert.Equal(result.BytesRead, input.Offset);
        Assert.Equal(result.BytesRead, file.Position);
        Assert.Equal((int)'*', file.ReadByte());
        Assert.Contains("hash:big", sink.Databases[0].Keys);
    }

    [Fact]
    public void StreamInputInTinyPiecesReadsLikeMemoryInput()
    {
        var bytes = RdbFixtureFiles.Read("rdb-all-types/dump.rdb");
        var fromMemory = new RecordingRdbSink();
        var expected = RdbFileReader.Read(new RdbInput(bytes), fromMemory, RdbLoadOptions.Default);

        var fromStream = new RecordingRdbSink();
        using var input = new RdbInput(new TrickleStream(bytes));
        var result = RdbFileReader.Read(input, fromStream, RdbLoadOptions.Default);

        Assert.Equal(expected, result);
        Assert.Equal(Snapshot(fromMemory), Snapshot(fromStream));
    }

    private static string Snapshot(RecordingRdbSink sink) => string.Join('\n',
        sink.Databases.SelectMany(db => db.Value.Select(k =>
            $"{db.Key}/{k.Key}={RdbValueModel.Describe(k.Value.Value, k.Value.ExpireAtMs).ToJsonString()}")));

    private static void AssertMatchesExpected(RecordingRdbSink sink, string expectedPath, string[] ignoreKeys)
    {
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(RdbFixtureFiles.Root, expectedPath)))!;
        var databases = expected["databases"]!.AsObject();
        Assert.Equal(databases.Select(d => int.Parse(d.Key)).Order(), sink.Databases.Keys);
        foreach (var (dbName, keys) in databases)
        {
            var loaded = sink.Databases[int.Parse(dbName)];
            Assert.Equal(
                keys!.AsObject().Select(k => k.Key).Order(StringComparer.Ordinal),
                loaded.Keys.Where(k => !ignoreKeys.Contains(k)).Order(StringComparer.Ordinal));
            foreach (var (key, want) in keys.AsObject())
            {
                var got = RdbValueModel.Describe(loaded[key].Value, loaded[key].ExpireAtMs);
                Assert.True(JsonNode.DeepEquals(want, got), $"{dbName}/{key}: expected {want!.ToJsonString()}\n got {got.ToJsonString()}");
            }
        }
        var functions = expected["functions"]!.AsArray().Select(f => (string)f!["code"]!);
        Assert.Equal(functions, sink.Functions);
    }

    /// <summary>A stream that hands out at most 7 bytes per read, to cross every buffer boundary.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data, writable: false)
    {
        public override bool CanSeek => false;

        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1 + (int)(Position % 7)));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1 + (int)(Position % 7))]);
    }
}
