using Basalt.Tests.Commands;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE] (save, flush, load dump.rdb back) side by side with redis-server.</summary>
public sealed class DebugReloadTests
{
    [Fact]
    public async Task Reload_keeps_the_data_and_nosave_goes_back_to_the_last_file()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        foreach (var key in new[] { "str:short", "str:int64", "str:binary", "str:ttl", "list:big", "set:intset16", "set:big", "hash:small",
                     "hash:big", "zset:small", "zset:big", "stream:events" })
        {
            foreach (var command in CommonDataSet.Commands(key))
            {
                await c.SameAsync(command);
            }
        }
        var before = (await c.SameAsync("DEBUG", "DIGEST")).Text;
        await c.SameAsync("DEBUG", "RELOAD");
        Assert.Equal(before, (await c.SameAsync("DEBUG", "DIGEST")).Text);
        await c.SameAsync("DBSIZE");

        // NOSAVE loads the file of the RELOAD above: the later writes are gone.
        await c.SameAsync("SET", "later", "gone after the reload");
        await c.SameAsync("DEL", "list:big");
        await c.SameAsync("DEBUG", "RELOAD", "NOSAVE");
        Assert.Equal(before, (await c.SameAsync("DEBUG", "DIGEST")).Text);
        await c.SameAsync("EXISTS", "later", "list:big");

        // NOFLUSH MERGE adds the file's keys to what is there, the file's versions winning.
        await c.SameAsync("SET", "str:short", "changed");
        await c.SameAsync("SET", "only-in-memory", "kept");
        await c.SameAsync("DEBUG", "RELOAD", "NOSAVE", "NOFLUSH", "MERGE");
        await c.SameAsync("MGET", "str:short", "only-in-memory");
        await c.SameAsync("DEBUG", "DIGEST");

        await c.SameAsync("DEBUG", "RELOAD", "BADOPT");
        await c.SameAsync("DEBUG", "RELOAD", "NOSAVE", "BADOPT");
        await c.SameAsync("debug", "reload", "nosave", "noflush", "merge");
        await c.SameAsync("DBSIZE");
        c.AssertNoMismatches();
    }
}
