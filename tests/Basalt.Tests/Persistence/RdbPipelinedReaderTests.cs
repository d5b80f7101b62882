using System.Text;
using Basalt.Persistence.Rdb;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The two-thread RDB read: the sink must see exactly what a plain read gives it, in the same order
/// and at the same offsets, and errors must surface as a plain read raises them, without a hang.
/// </summary>
public sealed class RdbPipelinedReaderTests
{
    /// <summary>Notes every call with the offset the position reports at that moment.</summary>
    private sealed class Transcript(Func<long> offset, int failAtKey = -1) : IRdbLoadSink
    {
        public List<string> Lines { get; } = [];

        private int _keys;

        private void Note(string line) => Lines.Add($"{offset()} {line}");

        public void OnAux(byte[] key, byte[] value) => Note($"aux {Latin1(key)}={Latin1(value)}");

        public void OnFunction(byte[] librarySource) => Note($"function {Latin1(librarySource)}");

        public void OnSelectDb(int db) => Note($"select {db}");

        public void OnResizeDb(ulong keys, ulong expires) => Note($"resize {keys} {expires}");

        public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
        {
            if (_keys++ == failAtKey)
            {
                throw new InvalidOperationException($"sink refused {Latin1(key)}");
            }
            var text = value is RedisString s ? Latin1(s.ToArray()) : value.Type.ToString();
            Note($"key {Latin1(key)}={text} expire={expireAtMs} idle={lruIdleSeconds} freq={lfuFrequency}");
        }

        public void OnEmptyKeySkipped(ReadOnlySpan<byte> key) => Note($"empty {Latin1(key)}");

        private static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
    }

    private static RdbLoadOptions Options => RdbLoadOptions.Default;

    /// <summary>Several batches' worth of keys with every kind of record between them.</summary>
    private static RdbBytes ManyRecords(int keys)
    {
        var file = RdbBytes.Header().Raw(RdbFormat.OpAux).String("redis-ver").String("7.0.15")
            .Raw(RdbFormat.OpSelectDb).Length(0).Raw(RdbFormat.OpResizeDb).Length((ulong)keys).Length(1);
        for (var i = 0; i < keys; i++)
        {
            if (i == keys / 2)
            {
                file.Raw(RdbFormat.OpSelectDb).Length(3);
            }
            if (i % 97 == 0)
            {
                file.Raw(RdbFormat.OpExpireTimeMs).Milliseconds(4_000_000_000_000 + i).Raw(RdbFormat.OpIdle).Length((ulong)i);
            }
            if (i % 501 == 0)
            {
                file.Raw(RdbFormat.TypeSet).String($"empty:{i}").Length(0);
            }
            file.Raw(RdbFormat.TypeString).String($"key:{i}").String(i % 3 == 0 ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"value-{i}");
        }
        return file;
    }

    private static (List<string> Lines, RdbReadResult Result) Plain(byte[] file, int failAtKey = -1)
    {
        using var input = new RdbInput(new MemoryStream(file));
        var sink = new Transcript(() => input.Offset, failAtKey);
        return (sink.Lines, RdbFileReader.Read(input, sink, Options));
    }

    private static (List<string> Lines, RdbReadResult Result) Pipelined(byte[] file, int failAtKey = -1)
    {
        using var input = new RdbInput(new MemoryStream(file));
        var pipeline = new RdbPipelinedReader();
        var sink = new Transcript(() => pipeline.Offset, failAtKey);
        return (sink.Lines, pipeline.Read(input, sink, Options));
    }

    [Fact]
    public void The_sink_sees_what_a_plain_read_gives_in_order_at_the_same_offsets()
    {
        var file = ManyRecords(5000).End();
        var plain = Plain(file);
        var pipelined = Pipelined(file);
        Assert.True(plain.Lines.Count > 5000);
        Assert.Equal(plain.Lines, pipelined.Lines);
        Assert.Equal(plain.Result, pipelined.Result);
    }

    [Fact]
    public void A_corrupt_file_fails_after_the_records_before_it_with_the_plain_error()
    {
        var file = ManyRecords(3000).Raw(RdbFormat.TypeString).String("cut").Raw(0x85).End();
        var plainLines = new List<string>();
        var plain = Assert.Throws<RdbFormatException>(() =>
        {
            using var input = new RdbInput(new MemoryStream(file));
            var sink = new Transcript(() => input.Offset);
            try
            {
                RdbFileReader.Read(input, sink, Options);
            }
            finally
            {
                plainLines.AddRange(sink.Lines);
            }
        });
        var pipelinedLines = new List<string>();
        var pipelined = Assert.Throws<RdbFormatException>(() =>
        {
            using var input = new RdbInput(new MemoryStream(file));
            var pipeline = new RdbPipelinedReader();
            var sink = new Transcript(() => pipeline.Offset);
            try
            {
                pipeline.Read(input, sink, Options);
            }
            finally
            {
                pipelinedLines.AddRange(sink.Lines);
            }
        });
        Assert.Equal(plain.Message, pipelined.Message);
        Assert.Equal(plain.Offset, pipelined.Offset);
        Assert.Equal(plain.Stage, pipelined.Stage);
        Assert.Equal(plain.KeysRead, pipelined.KeysRead);
        Assert.Equal(plainLines, pipelinedLines);
    }

    [Fact]
    public void A_sink_error_stops_the_reader_and_is_the_one_raised()
    {
        // Far more keys than the reader may run ahead: it must notice the failure while blocked.
        var file = ManyRecords(50_000).End();
        var plain = Assert.Throws<InvalidOperationException>(() => Plain(file, failAtKey: 700));
        var pipelined = Assert.Throws<InvalidOperationException>(() => Pipelined(file, failAtKey: 700));
        Assert.Equal(plain.Message, pipelined.Message);
    }

    /// <summary>Prepares on the parsing thread, takes the result on the caller's.</summary>
    private sealed class PreparingSink : IRdbPreparingSink
    {
        public int PreparedOffThread;
        public List<string> Keys { get; } = [];
        public int CallerThread { get; } = Environment.CurrentManagedThreadId;

        public RdbPreparedKey PrepareKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
        {
            if (Environment.CurrentManagedThreadId != CallerThread)
            {
                PreparedOffThread++;
            }
            return new RdbPreparedKey(Encoding.Latin1.GetString(key), (ulong)key.Length, value is RedisString ? 1 : 0);
        }

        /// <summary>Keys preloaded and not yet given back.</summary>
        private readonly HashSet<string> _preloaded = [];

        public void Preload(in RdbPreparedKey prepared)
        {
            Assert.Equal(CallerThread, Environment.CurrentManagedThreadId);
            Assert.True(_preloaded.Add((string)prepared.Item!));
        }

        public void OnPreparedKey(in RdbPreparedKey prepared, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
        {
            Assert.Equal(CallerThread, Environment.CurrentManagedThreadId);
            var key = (string)prepared.Item!;
            Assert.Equal((ulong)key.Length, prepared.Hash);
            Assert.True(_preloaded.Remove(key), $"{key} was not preloaded before it was given back");
            Keys.Add(key);
        }

        public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency) =>
            Keys.Add("unprepared " + Encoding.Latin1.GetString(key));

        public void OnAux(byte[] key, byte[] value)
        {
        }

        public void OnFunction(byte[] librarySource)
        {
        }

        public void OnSelectDb(int db)
        {
        }

        public void OnResizeDb(ulong keys, ulong expires)
        {
        }

        public void OnEmptyKeySkipped(ReadOnlySpan<byte> key)
        {
        }
    }

    [Fact]
    public void A_preparing_sink_prepares_on_the_reading_thread_and_gets_each_key_back_in_order()
    {
        var file = ManyRecords(2000).End();
        var sink = new PreparingSink();
        using (var input = new RdbInput(new MemoryStream(file)))
        {
            new RdbPipelinedReader().Read(input, sink, Options);
        }
        Assert.Equal(2000, sink.PreparedOffThread);
        Assert.Equal(Enumerable.Range(0, 2000).Select(i => $"key:{i}"), sink.Keys);
        // Read without the pipeline, the same sink is simply given the keys.
        var plain = new PreparingSink();
        using (var input = new RdbInput(new MemoryStream(file)))
        {
            RdbFileReader.Read(input, plain, Options);
        }
        Assert.All(plain.Keys, k => Assert.StartsWith("unprepared ", k, StringComparison.Ordinal));
    }
}
