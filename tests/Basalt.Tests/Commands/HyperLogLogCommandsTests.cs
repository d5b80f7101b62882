using System.Globalization;
using Basalt.Tests.Interop;
using Basalt.Types;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>Servers whose sparse HyperLogLogs turn dense early (hll-sparse-max-bytes 200).</summary>
public sealed class SmallSparseHllServerPair : KeyspaceServerPair
{
    protected override string[] ExtraArgs => ["--hll-sparse-max-bytes", "200"];
}

/// <summary>
/// PFADD, PFCOUNT, PFMERGE and PFDEBUG against redis-server: every reply and, through GET, the exact
/// bytes of every HyperLogLog (sparse, crossing hll-sparse-max-bytes, dense, merged, corrupted).
/// </summary>
public sealed class HyperLogLogCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static string[] Elements(string prefix, int count) =>
        Enumerable.Range(0, count).Select(i => prefix + i.ToString(CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A header with the given encoding byte and cached cardinality bytes (all zero: a valid cache of 0).</summary>
    private static byte[] Header(byte encoding, byte cacheTop = 0) => [.. "HYLL"u8, encoding, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, cacheTop];

    /// <summary>A dense value whose registers are all <paramref name="value"/>, its cache stale.</summary>
    private static byte[] DenseOf(int value)
    {
        var bytes = new byte[HyperLogLog.DenseSize];
        Header(0, 0x80).CopyTo(bytes, 0);
        for (var i = 0; i < HyperLogLog.RegisterCount; i++)
        {
            HyperLogLogDense.Set(bytes.AsSpan(HyperLogLog.HeaderSize), i, value);
        }
        return bytes;
    }

    [Fact]
    public Task Small_sets_stay_sparse_and_give_redis_bytes() => servers.RunAsync("hll-sparse", [
        Exact("PFADD", "h", "a", "b", "c"),
        Exact("GET", "h"),
        Exact("OBJECT", "ENCODING", "h"),
        Exact("PFCOUNT", "h"),
        Exact("GET", "h"),
        Exact("PFADD", "h", "a"),
        Exact("PFADD", "h", "a", "z"),
        Exact("GET", "h"),
        Exact("PFCOUNT", "h"),
        Exact("PFCOUNT", "h"),
        Exact(["PFADD", "h", .. Elements("e", 150)]),
        Exact("GET", "h"),
        Exact("PFDEBUG", "DECODE", "h"),
        Exact("PFDEBUG", "ENCODING", "h"),
        Exact("PFCOUNT", "h"),
        Exact("PFADD", "empty"),
        Exact("PFADD", "empty"),
        Exact("GET", "empty"),
        Exact("PFCOUNT", "empty"),
        Exact("PFDEBUG", "DECODE", "empty"),
        Exact("PFCOUNT", "missing"),
        Exact("STRLEN", "h"),
        Exact("APPEND", "copy", ""),
        Exact("DEL", "copy"),
        Exact("TYPE", "h"),
    ], output);

    [Fact]
    public Task Large_sets_cross_to_dense_and_merge_as_redis_does() => servers.RunAsync("hll-dense", [
        Exact(["PFADD", "a", .. Elements("x", 1000)]),
        Exact("PFDEBUG", "ENCODING", "a"),
        Exact("GET", "a"),
        Exact("PFCOUNT", "a"),
        Exact(["PFADD", "a", .. Elements("x", 2000)]),
        Exact("PFDEBUG", "ENCODING", "a"),
        Exact("GET", "a"),
        Exact("PFCOUNT", "a"),
        Exact(["PFADD", "b", .. Elements("y", 300)]),
        Exact(["PFADD", "c", .. Elements("x", 50)]),
        Exact("PFCOUNT", "a", "b"),
        Exact("PFCOUNT", "b", "c", "missing"),
        Exact("PFMERGE", "sparse-merge", "b", "c"),
        Exact("PFDEBUG", "ENCODING", "sparse-merge"),
        Exact("GET", "sparse-merge"),
        Exact("PFCOUNT", "sparse-merge"),
        Exact("PFMERGE", "dense-merge", "b", "a", "c"),
        Exact("PFDEBUG", "ENCODING", "dense-merge"),
        Exact("GET", "dense-merge"),
        Exact("PFCOUNT", "dense-merge"),
        Exact("PFMERGE", "b", "c"),
        Exact("GET", "b"),
        Exact("PFMERGE", "c"),
        Exact("GET", "c"),
        Exact("PFMERGE", "nothing", "missing"),
        Exact("GET", "nothing"),
        Exact("PFMERGE", "b", "b"),
        Exact("PFDEBUG", "TODENSE", "c"),
        Exact("GET", "c"),
        Exact("PFDEBUG", "TODENSE", "c"),
        Exact("PFDEBUG", "DECODE", "c"),
        Exact("PFCOUNT", "c"),
        Exact("PFDEBUG", "GETREG", "b"),
        Exact("PFDEBUG", "ENCODING", "b"),
        Exact("GET", "b"),
        Exact("PFDEBUG", "GETREG", "b"),
        Exact(["PFADD", "b", .. Elements("y", 400)]),
        Exact("GET", "b"),
    ], output);

    [Fact]
    public Task Config_set_of_the_sparse_limit_takes_effect() => servers.RunAsync("hll-config", [
        Exact("CONFIG", "SET", "hll-sparse-max-bytes", "40"),
        Exact("PFADD", "h", "a", "b", "c", "d", "e"),
        Exact("PFDEBUG", "ENCODING", "h"),
        Exact(["PFADD", "h", .. Elements("f", 10)]),
        Exact("PFDEBUG", "ENCODING", "h"),
        Exact("GET", "h"),
        Exact("CONFIG", "SET", "hll-sparse-max-bytes", "100000"),
        Exact(["PFADD", "big", .. Elements("g", 3000)]),
        Exact("PFDEBUG", "ENCODING", "big"),
        Exact("GET", "big"),
        Exact("PFCOUNT", "big"),
        Exact("CONFIG", "SET", "hll-sparse-max-bytes", "3000"),
    ], output);

    [Fact]
    public Task Type_and_corruption_errors_match_redis() => servers.RunAsync("hll-errors", [
        Exact("PFADD"),
        Exact("PFCOUNT"),
        Exact("PFMERGE"),
        Exact("PFDEBUG", "ENCODING"),
        Exact("PFDEBUG", "ENCODING", "h", "x"),
        Exact("PFSELFTEST", "x"),
        Exact("LPUSH", "list", "a"),
        Exact("PFADD", "list", "a"),
        Exact("PFCOUNT", "list"),
        Exact("PFCOUNT", "missing", "list"),
        Exact("PFMERGE", "list"),
        Exact("PFMERGE", "dst", "list"),
        Exact("EXISTS", "dst"),
        Exact("PFDEBUG", "ENCODING", "list"),
        Exact("SET", "str", "not an hll"),
        Exact("PFADD", "str", "a"),
        Exact("PFCOUNT", "str"),
        Exact("PFCOUNT", "str", "missing"),
        Exact("PFMERGE", "str"),
        Exact("PFDEBUG", "GETREG", "str"),
        Exact("SET", "int", "1234567890123456"),
        Exact("PFCOUNT", "int"),
        Exact("PFDEBUG", "ENCODING", "missing"),
        Exact("PFDEBUG", "NOSUCH", "missing"),
        Exact("PFADD", "h", "a", "b", "c"),
        Exact("PFDEBUG", "NOSUCH", "h"),
        // Redis's own corruption cases: a tail after the opcodes, a broken magic, an unknown encoding, a
        // dense header over sparse bytes.
        Exact("APPEND", "h", "hello"),
        Exact("PFCOUNT", "h"),
        Exact("PFCOUNT", "h", "missing"),
        Exact("PFMERGE", "dst", "h"),
        Exact("EXISTS", "dst"),
        Exact("PFDEBUG", "TODENSE", "h"),
        Exact("PFDEBUG", "GETREG", "h"),
        Exact("PFDEBUG", "DECODE", "h"),
        Exact("PFADD", "h", "new"),
        Exact("GET", "h"),
        Exact("DEL", "h"),
        Exact("PFADD", "h", "a", "b", "c"),
        Exact("SETRANGE", "h", "0", "0123"),
        Exact("PFCOUNT", "h"),
        Exact("SETRANGE", "h", "0", "HYLLx"),
        Exact("PFCOUNT", "h"),
        Exact("SETRANGE", "h", "4", "\u0000"),
        Exact("PFCOUNT", "h"),
        Exact("PFDEBUG", "ENCODING", "h"),
        Exact("SET", "short", "HYLL"),
        Exact("PFADD", "short", "a"),
    ], output);

    [Fact]
    public Task Values_written_by_hand_are_read_as_redis_reads_them() => servers.RunAsync("hll-crafted", [
        // An embstr HyperLogLog (SET of 18 bytes): PFCOUNT answers from its cache and makes it raw.
        Exact("SET", "e", (byte[])[.. Header(1), 0x7f, 0xff]),
        Exact("OBJECT", "ENCODING", "e"),
        Exact("PFCOUNT", "e"),
        Exact("OBJECT", "ENCODING", "e"),
        Exact("SET", "e", (byte[])[.. Header(1), 0x7f, 0xff]),
        Exact("PFADD", "e"),
        Exact("OBJECT", "ENCODING", "e"),
        Exact("SET", "e", (byte[])[.. Header(1), 0x7f, 0xff]),
        Exact("PFDEBUG", "ENCODING", "e"),
        Exact("OBJECT", "ENCODING", "e"),
        // A cache that claims a cardinality is believed while valid.
        Exact("SET", "cached", (byte[])[.. "HYLL"u8, 1, 0, 0, 0, 42, 1, 0, 0, 0, 0, 0, 0, 0x7f, 0xff]),
        Exact("PFCOUNT", "cached"),
        Exact("PFADD", "cached", "a"),
        Exact("PFCOUNT", "cached"),
        // Every register at 51 is beyond what the estimator can invert: llroundl's overflow value.
        Exact("SET", "full", DenseOf(51)),
        Exact("PFCOUNT", "full"),
        Exact("GET", "full"),
        Exact("SET", "high", DenseOf(40)),
        Exact("PFCOUNT", "high"),
        Exact("PFCOUNT", "high", "full"),
        Exact("SET", "odd", DenseOf(63)),
        Exact("PFCOUNT", "odd"),
        Exact("PFMERGE", "odd2", "odd"),
        Exact("GET", "odd2"),
        // Sparse runs that do not add up to 16384 registers, or run past them.
        Exact("SET", "short-runs", (byte[])[.. Header(1, 0x80), 0x7f, 0xfe]),
        Exact("PFCOUNT", "short-runs"),
        Exact("PFCOUNT", "short-runs", "e"),
        Exact("PFADD", "short-runs", "a", "b", "c", "d"),
        Exact("GET", "short-runs"),
        Exact("SET", "long-runs", (byte[])[.. Header(1, 0x80), 0x7f, 0xff, 0x80]),
        Exact("PFCOUNT", "long-runs"),
        Exact("PFADD", "long-runs", "a", "b", "c", "d", "e", "f"),
        Exact("GET", "long-runs"),
        Exact("SET", "val-over", (byte[])[.. Header(1, 0x80), 0x7f, 0xfd, 0x83]),
        Exact("PFCOUNT", "val-over"),
        Exact("PFDEBUG", "TODENSE", "val-over"),
        Exact("PFMERGE", "val-over"),
        // A truncated XZERO at the end (its second byte missing), edited in place.
        Exact("SET", "cut", (byte[])[.. Header(1, 0x80), 0x7f]),
        Exact("PFDEBUG", "DECODE", "cut"),
        Exact("PFADD", "cut", "a", "b"),
        Exact("GET", "cut"),
        Exact("SET", "cut", (byte[])[.. Header(1, 0x80), 0x40]),
        Exact("PFADD", "cut", "a", "b"),
        Exact("GET", "cut"),
        // An XZERO of one register and other odd but valid opcodes.
        Exact("SET", "odd-ops", (byte[])[.. Header(1, 0x80), 0x40, 0x00, 0x00, 0x80, 0x7f, 0xfc]),
        Exact("PFCOUNT", "odd-ops"),
        Exact(["PFADD", "odd-ops", .. Elements("o", 30)]),
        Exact("GET", "odd-ops"),
        Exact("PFDEBUG", "DECODE", "odd-ops"),
        // The header's unused bytes and cache are carried into the dense form.
        Exact("SET", "unused", (byte[])[.. "HYLL"u8, 1, 9, 8, 7, 1, 2, 3, 4, 5, 6, 7, 0x88, 0x7f, 0xff]),
        Exact("PFDEBUG", "TODENSE", "unused"),
        Exact("GETRANGE", "unused", "0", "15"),
    ], output);

    [Fact]
    public Task Watch_sees_pfadd_pfmerge_and_a_refreshed_count_but_not_pfdebug() => servers.RunAsync("hll-watch", [
        Exact("PFADD", "h", "a", "b"),
        Exact("WATCH", "h"),
        Exact("PFDEBUG", "TODENSE", "h"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        Exact("WATCH", "h"),
        Exact("PFCOUNT", "h"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        Exact("WATCH", "h"),
        Exact("PFCOUNT", "h"),
        Exact("PFADD", "h", "a"),
        Exact("MULTI"),
        Exact("PING"),
        Exact("EXEC"),
        Exact("WATCH", "h"),
        Exact("PFMERGE", "h"),
        Exact("MULTI"),
        Exact("PFADD", "h", "c"),
        Exact("PFCOUNT", "h"),
        Exact("EXEC"),
        Exact("MULTI"),
        Exact("PFADD", "h", "d"),
        Exact("PFCOUNT", "h"),
        Exact("PFDEBUG", "ENCODING", "h"),
        Exact("EXEC"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("PFCOUNT", "h"),
        Exact("PFDEBUG", "ENCODING", "h"),
        Exact("PFDEBUG", "DECODE", "h"),
        Exact("PFADD", "h", "e"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public Task Pfselftest_passes() => servers.RunAsync("hll-selftest", [Exact("PFSELFTEST")], output);
}

/// <summary>
/// Seeded random scripts over a few HyperLogLogs with a small sparse limit, so that values cross from
/// sparse to dense at every step: several thousand elements, all replies and all bytes compared.
/// <c>BASALT_INTEROP_SEED</c> varies the run.
/// </summary>
public sealed class HyperLogLogGeneratedTests(SmallSparseHllServerPair servers, ITestOutputHelper output) : IClassFixture<SmallSparseHllServerPair>
{
    private static readonly string[] Keys = ["h1", "h2", "h3", "h4"];

    private static IReadOnlyList<GeneratedCommand> Generate(int seed, int steps)
    {
        var random = new Random(seed);
        var commands = new List<GeneratedCommand>();
        void Add(params object[] args) => commands.Add(Script.On(0, ReplyCheck.Exact, args));
        string Key() => Keys[random.Next(Keys.Length)];
        for (var step = 0; step < steps; step++)
        {
            switch (random.Next(20))
            {
                case < 10:
                    var count = random.Next(4) == 0 ? random.Next(50, 300) : random.Next(0, 8);
                    Add(["PFADD", Key(), .. Enumerable.Range(0, count).Select(_ => (object)("m" + random.Next(5000).ToString(CultureInfo.InvariantCulture)))]);
                    break;
                case < 13:
                    Add("PFCOUNT", Key());
                    break;
                case 13:
                    Add(["PFCOUNT", .. Keys.Where(_ => random.Next(2) == 0).Append("missing")]);
                    break;
                case 14:
                    Add(["PFMERGE", Key(), .. Keys.Where(_ => random.Next(3) == 0)]);
                    break;
                case 15:
                    Add("PFDEBUG", "ENCODING", Key());
                    break;
                case 16:
                    Add("PFDEBUG", random.Next(10) == 0 ? "TODENSE" : "DECODE", Key());
                    break;
                case 17:
                    Add("DEL", Key());
                    break;
                default:
                    Add("GET", Key());
                    break;
            }
        }
        foreach (var key in Keys)
        {
            Add("GET", key);
        }
        return commands;
    }

    [Fact]
    public Task Random_scripts_match_redis()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("BASALT_INTEROP_SEED"), out var s) ? s : 20251122;
        output.WriteLine($"seed {seed}");
        return servers.RunAsync("hll-generated", Generate(seed, 600), output);
    }
}
