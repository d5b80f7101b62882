using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// One BGREWRITEAOF with aof-use-rdb-preamble no on basalt-server and on real redis-server, for
/// the same dataset: the fixture aof-multipart-rdb-preamble (the common data set, a function
/// library, database 3) plus values that reach every other path of the RESP rewrite — collections
/// of more than 64 elements in each encoding, values large enough for the snapshot to leave them
/// to the end, TTLs on every type, empty streams, consumer groups with pending entries and idle
/// consumers, database 15. Both servers are left running for the tests to inspect.
/// </summary>
public sealed class RespBaseRewrite : IAsyncLifetime
{
    private static readonly TimeSpan RewriteTimeout = TimeSpan.FromSeconds(60);

    private readonly ScratchDirectory _basaltDir = new("respbase-basalt");
    private readonly ScratchDirectory _redisDir = new("respbase-redis");
    private ServerProcess? _basalt;
    private ServerProcess? _redis;

    public ServerProcess Basalt => _basalt!;

    public ServerProcess Redis => _redis!;

    /// <summary>The manifest Basalt wrote after its rewrite.</summary>
    public string BasaltManifest { get; private set; } = "";

    public byte[] BasaltBase { get; private set; } = [];

    public byte[] RedisBase { get; private set; } = [];

    public string BasaltDigest { get; private set; } = "";

    public string RedisDigest { get; private set; } = "";

    /// <summary>The stream keys of the dataset, by database.</summary>
    public static readonly (int Db, string Key)[] Streams =
        [(0, "stream:events"), (0, "stream:empty"), (0, "stream:groups"), (0, "stream:mkstream"), (0, "stream:trimmed")];

    public static string AofDirectory(ServerProcess server) => Path.Combine(server.Dir, "appendonlydir");

    public async Task InitializeAsync()
    {
        _basalt = await StartOnFixtureAsync(ServerKind.Basalt, _basaltDir.Path);
        _redis = await StartOnFixtureAsync(ServerKind.Redis, _redisDir.Path);
        foreach (var server in new[] { _basalt, _redis })
        {
            await using var connection = await server.ConnectAsync();
            await Pipeline.RunAsync(connection, ExtraData());
            await RewriteAsync(connection);
        }
        BasaltManifest = await File.ReadAllTextAsync(Path.Combine(AofDirectory(_basalt), "appendonly.aof.manifest"));
        BasaltBase = ReadBase(_basalt);
        RedisBase = ReadBase(_redis);
        BasaltDigest = await DigestAsync(_basalt);
        RedisDigest = await DigestAsync(_redis);
    }

    public async Task DisposeAsync()
    {
        if (_basalt is not null)
        {
            await _basalt.DisposeAsync();
        }
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
        _basaltDir.Dispose();
        _redisDir.Dispose();
    }

    /// <summary>Starts a server with the AOF on, without the RDB preamble, on a writable copy of the fixture's appendonlydir.</summary>
    private static async Task<ServerProcess> StartOnFixtureAsync(ServerKind kind, string dir)
    {
        CopyAofDirectory(Path.Combine(RdbFixtureFiles.Root, "aof-multipart-rdb-preamble", "appendonlydir"), Path.Combine(dir, "appendonlydir"));
        return await ServerProcess.StartAsync(kind, new ServerStartOptions
        {
            Dir = dir,
            ExtraArgs = ["--appendonly", "yes", "--aof-use-rdb-preamble", "no", "--auto-aof-rewrite-percentage", "0"],
        });
    }

    /// <summary>Copies an appendonlydir, making the copies writable (the fixtures are read-only; the INCR is appended to).</summary>
    public static void CopyAofDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            var target = Path.Combine(to, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
            }
        }
    }

    /// <summary>BGREWRITEAOF, then waits until it is over and succeeded.</summary>
    public static async Task RewriteAsync(RespConnection connection)
    {
        var reply = await connection.ExecuteAsync("BGREWRITEAOF");
        Assert.False(reply.IsError, reply.RawText);
        await Poll.UntilAsync(
            async () => await ServerInfo.FieldAsync(connection, "aof_rewrite_in_progress") == "0" &&
                await ServerInfo.FieldAsync(connection, "aof_rewrite_scheduled") == "0",
            RewriteTimeout, () => "the AOF rewrite did not end");
        Assert.Equal("ok", await ServerInfo.FieldAsync(connection, "aof_last_bgrewrite_status"));
    }

    /// <summary>The BASE file the manifest lists.</summary>
    public static byte[] ReadBase(ServerProcess server)
    {
        var manifest = File.ReadAllLines(Path.Combine(AofDirectory(server), "appendonly.aof.manifest"));
        var baseLine = manifest.Single(line => line.EndsWith(" type b", StringComparison.Ordinal));
        var name = baseLine.Split(' ')[1];
        return File.ReadAllBytes(Path.Combine(AofDirectory(server), name));
    }

    public static async Task<string> DigestAsync(ServerProcess server)
    {
        await using var connection = await server.ConnectAsync();
        var reply = await connection.ExecuteAsync("DEBUG", "DIGEST");
        Assert.False(reply.IsError, reply.RawText);
        return reply.Text!;
    }

    private static string N(int i) => i.ToString(CultureInfo.InvariantCulture);

    /// <summary>What is added on top of the fixture, the same on both servers.</summary>
    private static IEnumerable<object[]> ExtraData()
    {
        const long FarFuture = 4102444800000;
        var far = FarFuture.ToString(CultureInfo.InvariantCulture);

        // Larger than the snapshot's 64 KB / 4096-element thresholds: serialized after the walk.
        yield return ["SET", "str:huge", string.Concat(Enumerable.Repeat("0123456789abcdef", 5000))];
        yield return ["PEXPIREAT", "str:huge", far];
        yield return ["SET", "str:neg", "-9223372036854775808"];
        yield return ["SET", "str:float", "3.5"];

        yield return ["RPUSH", "list:130", .. Enumerable.Range(0, 130).Select(i => i % 3 == 0 ? N(i * 1000) : $"item-{i}")];
        yield return ["PEXPIREAT", "list:130", far];
        yield return ["RPUSH", "list:huge", .. Enumerable.Range(0, 5000).Select(i => i % 2 == 0 ? N(i) : $"v{i}")];
        yield return ["RPUSH", "list:one", "only"];

        yield return ["SADD", "set:intset200", .. Enumerable.Range(0, 200).Select(i => N((i * 7919) - 500000))];
        yield return ["PEXPIREAT", "set:intset200", far];
        yield return ["SADD", "set:huge", .. Enumerable.Range(0, 5000).Select(i => $"m{i}")];
        yield return ["PEXPIREAT", "set:huge", far];

        // 100 members: still a listpack (zset-max-listpack-entries 128), and more than 64.
        yield return ["ZADD", "zset:100", .. Enumerable.Range(0, 100).SelectMany(i => new[] { (i / 10.0).ToString("R", CultureInfo.InvariantCulture), $"z{i}" })];
        yield return ["PEXPIREAT", "zset:100", far];
        yield return ["ZADD", "zset:huge", .. Enumerable.Range(0, 5000).SelectMany(i => new[] { (i * 0.3).ToString("R", CultureInfo.InvariantCulture), $"z{i}" })];
        yield return ["ZADD", "zset:tiny", "1e-300", "small", "-0.0", "negzero", "123456789012345678", "big"];

        yield return ["HSET", "hash:100", .. Enumerable.Range(0, 100).SelectMany(i => new[] { $"f{i}", i % 2 == 0 ? N(i) : $"value-{i}" })];
        yield return ["PEXPIREAT", "hash:100", far];
        yield return ["HSET", "hash:huge", .. Enumerable.Range(0, 5000).SelectMany(i => new[] { $"f{i}", $"v{i}" })];

        for (var i = 1; i <= 100; i++)
        {
            yield return ["XADD", "stream:groups", $"5-{i}", "n", N(i), i % 10 == 0 ? "extra" : "kind", "x"];
        }
        yield return ["XDEL", "stream:groups", "5-50"];
        yield return ["XGROUP", "CREATE", "stream:groups", "g1", "0"];
        yield return ["XGROUP", "CREATE", "stream:groups", "g0", "$"];
        yield return ["XGROUP", "CREATE", "stream:groups", "g2", "5-10", "ENTRIESREAD", "10"];
        yield return ["XREADGROUP", "GROUP", "g1", "alice", "COUNT", "3", "STREAMS", "stream:groups", ">"];
        yield return ["XREADGROUP", "GROUP", "g1", "bob", "COUNT", "2", "STREAMS", "stream:groups", ">"];
        yield return ["XREADGROUP", "GROUP", "g2", "alice", "COUNT", "1", "STREAMS", "stream:groups", ">"];
        yield return ["XCLAIM", "stream:groups", "g1", "bob", "0", "5-1", "RETRYCOUNT", "7"];
        yield return ["XGROUP", "CREATECONSUMER", "stream:groups", "g1", "carol"];
        yield return ["XGROUP", "CREATECONSUMER", "stream:groups", "g0", "dave"];
        yield return ["PEXPIREAT", "stream:groups", far];
        yield return ["XGROUP", "CREATE", "stream:mkstream", "g", "$", "MKSTREAM"];
        yield return ["XADD", "stream:trimmed", "7-1", "a", "1"];
        yield return ["XADD", "stream:trimmed", "7-2", "a", "2"];
        yield return ["XTRIM", "stream:trimmed", "MAXLEN", "0"];

        yield return ["SELECT", "15"];
        yield return ["SET", "db15:str", "fifteen"];
        yield return ["HSET", "db15:hash", "a", "1", "b", "2"];
        yield return ["PEXPIREAT", "db15:hash", far];
        yield return ["SELECT", "0"];
    }
}
