using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>An AOF that Redis 7.0.15 wrote with BITFIELD in it loads in Basalt to the dataset Redis loads from it.</summary>
public sealed class AofBitFieldLoadTests
{
    private static IEnumerable<object[]> Workload()
    {
        yield return ["BITFIELD", "counter", "INCRBY", "u8", "0", "1", "INCRBY", "u8", "0", "1", "GET", "u8", "0"];
        yield return ["BITFIELD", "counter", "OVERFLOW", "SAT", "INCRBY", "i5", "#2", "100", "OVERFLOW", "WRAP", "INCRBY", "u3", "17", "9"];
        yield return ["BITFIELD", "counter", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1000", "INCRBY", "u8", "0", "3"];
        yield return ["SET", "n", "1234"];
        yield return ["BITFIELD", "n", "SET", "u8", "0", "50", "SET", "i64", "7", "-2"];
        yield return ["SET", "e", "abc"];
        yield return ["BITFIELD", "e", "SET", "u8", "100", "7"];
        // Writes that all fail: Redis creates or grows the key but logs nothing, so neither load has it.
        yield return ["BITFIELD", "ghost", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "10"];
        yield return ["BITFIELD", "e", "OVERFLOW", "FAIL", "SET", "u8", "400", "1000"];
        // Past the 1mb proto-max-bulk-len Basalt loads with: the AOF is not held to it, as in Redis.
        yield return ["BITFIELD", "big", "SET", "u8", "12000000", "255", "INCRBY", "i64", "#187501", "-5"];
        yield return ["SETBIT", "bigbit", "10000000", "1"];
        for (var i = 0; i < 200; i++)
        {
            yield return ["BITFIELD", "rate:" + (i % 7), "OVERFLOW", "SAT", "INCRBY", "u4", "#" + (i % 13), (i % 5 - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)];
        }
    }

    [Fact]
    public async Task Basalt_loads_a_redis_aof_holding_bitfield()
    {
        using var scratch = new ScratchDirectory("aof-bitfield");
        var redisDir = scratch.Sub("redis");
        await using (var redis = await AofFiles.StartWithAofAsync(ServerKind.Redis, redisDir, "--proto-max-bulk-len", "2mb"))
        {
            await using var c = await redis.ConnectAsync();
            await Pipeline.RunAsync(c, Workload());
            await AofWorkload.ShutdownAsync(redis, c);
        }
        var incr = File.ReadAllText(AofFiles.AofPath(redisDir, "appendonly.aof.1.incr.aof"));
        Assert.Contains("BITFIELD", incr);
        Assert.DoesNotContain("ghost", incr);

        // What Redis itself loads from the file is the reference.
        var reloadDir = AofFiles.CopyAofDirectory(redisDir, scratch.Sub("redis-reload"));
        string digest;
        await using (var reloaded = await AofFiles.StartWithAofAsync(ServerKind.Redis, reloadDir, "--proto-max-bulk-len", "1mb"))
        {
            digest = await AofFiles.DigestAsync(reloaded);
        }
        Assert.NotEqual(AofWorkload.EmptyDigest, digest);

        var basaltDir = AofFiles.CopyAofDirectory(redisDir, scratch.Sub("basalt"));
        await using var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, basaltDir, "--proto-max-bulk-len", "1mb");
        Assert.Equal(digest, await AofFiles.DigestAsync(basalt));
        await using var check = await basalt.ConnectAsync();
        Assert.Equal(":0\r\n", await AofFiles.RawAsync(check, "EXISTS", "ghost"));
        Assert.Equal(":1500016\r\n", await AofFiles.RawAsync(check, "STRLEN", "big"));
    }
}
