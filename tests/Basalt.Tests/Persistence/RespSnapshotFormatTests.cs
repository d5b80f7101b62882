using System.Buffers;
using System.Text;
using Basalt.Persistence;
using Basalt.Persistence.Aof;
using Basalt.Tests.Infrastructure;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The bytes <see cref="RespSnapshotFormat"/> writes for values built in memory, checked against what rewriteAppendOnlyFileRio writes.</summary>
public sealed class RespSnapshotFormatTests
{
    private static readonly byte[] Key = "k"u8.ToArray();

    private static string Write(RedisObject value, long expireAtMs = -1)
    {
        var output = new ArrayBufferWriter<byte>();
        new RespSnapshotFormat([], timestampAnnotation: false).WriteKey(output, Key, value, expireAtMs, -1, -1, urgent: false);
        return Encoding.Latin1.GetString(output.WrittenSpan);
    }

    private static IReadOnlyList<AofFileCommand> Commands(string text) =>
        AofCommandFile.Parse(Encoding.Latin1.GetBytes(text)).Commands;

    [Fact]
    public void String_IsSet_ThenPexpireat()
    {
        Assert.Equal("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2\r\n-7\r\n*3\r\n$9\r\nPEXPIREAT\r\n$1\r\nk\r\n$13\r\n4102444800000\r\n",
            Write(RedisString.FromValue("-7"u8), 4102444800000));
        var long300 = new string('x', 300);
        Assert.Equal($"*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$300\r\n{long300}\r\n", Write(RedisString.FromValue(Encoding.Latin1.GetBytes(long300))));
    }

    [Fact]
    public void List_Of130_IsThreeRpushOf64_64_2()
    {
        var list = new RedisList(-2);
        for (var i = 0; i < 130; i++)
        {
            list.PushTail(Encoding.ASCII.GetBytes(i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        var commands = Commands(Write(list));
        Assert.Equal([66, 66, 4], commands.Select(c => c.Args.Count));
        Assert.All(commands, c => Assert.Equal("RPUSH", c.Name));
        var elements = commands.SelectMany(c => c.Args.Skip(2)).Select(a => Encoding.ASCII.GetString(a));
        Assert.Equal(Enumerable.Range(0, 130).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), elements);
    }

    [Fact]
    public void Set_Of64_IsOneSadd()
    {
        var set = RedisSet.CreateIntset();
        for (var i = 0; i < 64; i++)
        {
            set.Add(Encoding.ASCII.GetBytes((i - 10).ToString(System.Globalization.CultureInfo.InvariantCulture)), 512);
        }
        var commands = Commands(Write(set));
        Assert.Equal("SADD", Assert.Single(commands).Name);
        Assert.Equal(66, commands[0].Args.Count);
    }

    [Fact]
    public void SortedSet_ScoresAreWrittenAsPercent17g()
    {
        var zset = RedisSortedSet.CreateListpack();
        var limits = new SortedSetLimits(128, 64);
        zset.Add(0.1, "a"u8, ZAddOptions.None, limits, out _);
        zset.Add(double.PositiveInfinity, "b"u8, ZAddOptions.None, limits, out _);
        zset.Add(double.NegativeInfinity, "c"u8, ZAddOptions.None, limits, out _);
        zset.Add(1e20, "d"u8, ZAddOptions.None, limits, out _);
        zset.Add(1.5, "e"u8, ZAddOptions.None, limits, out _);
        var command = Assert.Single(Commands(Write(zset)));
        Assert.Equal("ZADD k -inf c 0.10000000000000001 a 1.5 e 1e+20 d inf b", command.ToString());
    }

    [Fact]
    public void Hash_Of65Pairs_IsHmsetOf64ThenOne()
    {
        var hash = RedisHash.Create();
        var limits = new RedisHash.Limits(512, 64);
        for (var i = 0; i < 65; i++)
        {
            hash.Set(Encoding.ASCII.GetBytes($"f{i}"), Encoding.ASCII.GetBytes($"v{i}"), limits);
        }
        var commands = Commands(Write(hash));
        Assert.Equal([("HMSET", 130), ("HMSET", 4)], commands.Select(c => (c.Name, c.Args.Count)));
        Assert.Equal("HMSET k f64 v64", commands[1].ToString());
    }

    [Fact]
    public void EmptyStream_IsXaddMaxlen0_ThenXsetid()
    {
        var stream = new RedisStream { LastId = new StreamId(5, 3), EntriesAdded = 3, MaxDeletedId = new StreamId(5, 2) };
        Assert.Equal(
            "*7\r\n$4\r\nXADD\r\n$1\r\nk\r\n$6\r\nMAXLEN\r\n$1\r\n0\r\n$3\r\n0-1\r\n$1\r\nx\r\n$1\r\ny\r\n" +
            "*7\r\n$6\r\nXSETID\r\n$1\r\nk\r\n$3\r\n5-3\r\n$12\r\nENTRIESADDED\r\n$1\r\n3\r\n$12\r\nMAXDELETEDID\r\n$3\r\n5-2\r\n",
            Write(stream));
    }

    [Fact]
    public void Header_HasTimestampThenFunctionLoads()
    {
        var output = new ArrayBufferWriter<byte>();
        var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        new RespSnapshotFormat(["#!lua name=a\nreturn 1"u8.ToArray()], timestampAnnotation: true).WriteHeader(output);
        var text = Encoding.Latin1.GetString(output.WrittenSpan);
        var ts = long.Parse(text[4..text.IndexOf('\r', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(ts, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.EndsWith("\r\n*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n$21\r\n#!lua name=a\nreturn 1\r\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Encoder_CopiesLongBulksInPieces()
    {
        // A writer that hands out small spans: the bulk must still come out whole and in order.
        var output = new SmallSpanWriter(7);
        var value = Enumerable.Range(0, 1000).Select(i => (byte)('a' + (i % 26))).ToArray();
        RespCommandEncoder.Bulk(output, value);
        Assert.Equal("$1000\r\n" + Encoding.ASCII.GetString(value) + "\r\n", Encoding.ASCII.GetString(output.Written.ToArray()));
    }

    /// <summary>An <see cref="IBufferWriter{T}"/> that gives at most <paramref name="maxSpan"/> bytes unless asked for more.</summary>
    private sealed class SmallSpanWriter(int maxSpan) : IBufferWriter<byte>
    {
        private readonly List<byte> _written = [];
        private byte[] _current = [];

        public IReadOnlyList<byte> Written => _written;

        public void Advance(int count) => _written.AddRange(_current.AsSpan(0, count).ToArray());

        public Memory<byte> GetMemory(int sizeHint = 0)
        {
            _current = new byte[Math.Max(sizeHint, maxSpan)];
            return _current;
        }

        public Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;
    }
}
