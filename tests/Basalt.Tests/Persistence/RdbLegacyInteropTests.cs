using Basalt.Persistence.Rdb;
using Basalt.Tests.Infrastructure;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// A file in the encodings only old Redis versions wrote (ziplist, zipmap, quicklist 1, text
/// scores, linked lists, stream 1): real Redis 7.0 loads it and saves it again in today's
/// encodings; Basalt reading the old file and Basalt reading Redis's new file must agree on
/// every key, value and encoding.
/// </summary>
public sealed class RdbLegacyInteropTests
{
    [Fact]
    public async Task LegacyEncodingsLoadAsRedisLoadsThem()
    {
        var legacy = LegacyFile();
        var ours = Snapshot(legacy);

        var dir = Directory.CreateTempSubdirectory("basalt-legacy-");
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(dir.FullName, "dump.rdb"), legacy);
            await using (var redis = await ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions { Dir = dir.FullName }))
            {
                await using var connection = await RespConnection.ConnectAsync(redis.Port);
                await connection.ExecuteAsync("SAVE");
            }
            var resaved = await File.ReadAllBytesAsync(Path.Combine(dir.FullName, "dump.rdb"));
            Assert.Equal(Snapshot(resaved), ours);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    private static string Snapshot(byte[] file)
    {
        var sink = new RecordingRdbSink();
        RdbFileReader.Read(new RdbInput(file), sink, RdbLoadOptions.Default);
        return string.Join('\n', sink.Databases.SelectMany(db => db.Value.Select(k =>
            $"{db.Key}/{k.Key} = {RdbValueModel.Describe(k.Value.Value, k.Value.ExpireAtMs).ToJsonString()}")));
    }

    private static byte[] LegacyFile()
    {
        var b = RdbBytes.Header(9).Raw(RdbFormat.OpSelectDb).Length(0);
        b.Raw(RdbFormat.TypeListZiplist).String("list:ziplist").String(RdbBytes.Ziplist("a", 1L, -300L, 70000L, 5000000000L, new string('z', 80)));
        b.Raw(RdbFormat.TypeListQuicklist).String("list:quicklist").Length(2).String(RdbBytes.Ziplist("x", 2L)).String(RdbBytes.Ziplist("y"));
        b.Raw(RdbFormat.TypeList).String("list:linked").Length(3).String("p").String("12").String("q");
        b.Raw(RdbFormat.TypeHashZipmap).String("hash:zipmap").String(RdbBytes.Zipmap("name", "redis", "n", "42"));
        b.Raw(RdbFormat.TypeHashZipmap).String("hash:zipmap-long").String(RdbBytes.Zipmap("f", new string('v', 65)));
        b.Raw(RdbFormat.TypeHashZiplist).String("hash:ziplist").String(RdbBytes.Ziplist("f", 1L, "g", "two"));
        b.Raw(RdbFormat.TypeZsetZiplist).String("zset:ziplist").String(RdbBytes.Ziplist("a", 1L, "b", "2.5", "c", "-inf"));
        b.Raw(RdbFormat.TypeZset).String("zset:legacy").Length(3)
            .String("m1").Raw(3).Raw("1.5"u8.ToArray())
            .String("m2").Raw(254)
            .String("m3").Raw(2).Raw("-7"u8.ToArray());
        b.Raw(RdbFormat.TypeSet).String("set:ints").Length(3).String("3").String("-1").String("2");
        b.Raw(RdbFormat.TypeSet).String("set:strings").Length(2).String("a").String("1");
        b.Raw(RdbFormat.TypeSetIntset).String("set:intset").String(RdbBytes.Intset16(-5, 0, 9));
        b.Raw(RdbFormat.OpExpireTime).Raw(0x00, 0x94, 0x35, 0x77); // 2000000000 s, in 2033
        b.Raw(RdbFormat.TypeString).String("str:expiring").String("later");
        b.Raw(RdbFormat.TypeStreamListpacks).String("stream:v1").Length(1).String(StreamKey(5, 0)).String(StreamNode())
            .Length(2).Length(5).Length(1)
            .Length(1).String("g").Length(5).Length(0)
            .Length(1).Raw(StreamKey(5, 0)).Milliseconds(1000).Length(3)
            .Length(1).String("alice").Milliseconds(2000).Length(1).Raw(StreamKey(5, 0));
        return b.End(version: 9);
    }

    /// <summary>Entries 5-0 {f: v1} and 5-1 {f: v2}, in the stream node layout.</summary>
    private static byte[] StreamNode()
    {
        var node = new Listpack();
        foreach (var item in new object[] { 2L, 0L, 1L, "f", 0L, 2L, 0L, 0L, "v1", 4L, 2L, 0L, 1L, "v2", 4L })
        {
            if (item is long n)
            {
                node.Append(n);
            }
            else
            {
                node.Append(System.Text.Encoding.ASCII.GetBytes((string)item));
            }
        }
        return node.AsSpan().ToArray();
    }

    private static byte[] StreamKey(ulong ms, ulong seq)
    {
        var raw = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(raw, ms);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(raw.AsSpan(8), seq);
        return raw;
    }
}
