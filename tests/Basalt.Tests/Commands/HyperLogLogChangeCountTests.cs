using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// The changes the HyperLogLog commands count for save points (rdb_changes_since_last_save), step by
/// step against redis-server: PFADD one per register raised plus one for a new key, PFMERGE one,
/// PFCOUNT one when it refreshes the cache, PFDEBUG one when it turns a value dense.
/// </summary>
public sealed class HyperLogLogChangeCountTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Each_command_counts_the_changes_redis_counts()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        object[][] steps =
        [
            ["PFADD", "h", "a", "b", "c", "d"],
            ["PFADD", "h", "a", "b"],
            ["PFADD", "h", "a", "e"],
            ["PFADD", "new"],
            ["PFCOUNT", "h"],
            ["PFCOUNT", "h"],
            ["PFCOUNT", "h", "new"],
            ["PFMERGE", "m", "h", "new"],
            ["PFMERGE", "m"],
            ["PFDEBUG", "TODENSE", "m"],
            ["PFDEBUG", "TODENSE", "m"],
            ["PFDEBUG", "GETREG", "h"],
            ["PFDEBUG", "GETREG", "h"],
            ["PFADD", "m", "zz", "yy", "xx"],
            ["APPEND", "new", "junk"],
            ["PFADD", "new", "a", "b"],
        ];
        foreach (var step in steps)
        {
            var (redisBefore, basaltBefore) = await ChangesAsync(c);
            await c.SameAsync(step);
            var (redisAfter, basaltAfter) = await ChangesAsync(c);
            if (redisAfter - redisBefore != basaltAfter - basaltBefore)
            {
                c.Mismatch($"{string.Join(' ', step)}: redis counted {redisAfter - redisBefore} changes, basalt {basaltAfter - basaltBefore}");
            }
        }
        c.AssertNoMismatches();
    }

    private static async Task<(long Redis, long Basalt)> ChangesAsync(Conversation c)
    {
        var (redis, basalt) = await c.BothAsync("INFO", "persistence");
        return (InfoText.Number(InfoText.Of(redis), "rdb_changes_since_last_save"), InfoText.Number(InfoText.Of(basalt), "rdb_changes_since_last_save"));
    }
}
