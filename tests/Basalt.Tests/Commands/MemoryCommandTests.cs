using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>MEMORY USAGE, MALLOC-STATS, PURGE: replies and errors side by side with redis-server, sizes from Basalt's own accounting.</summary>
public sealed class MemoryCommandTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Replies_and_errors_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        await c.SameAsync("MEMORY");
        await c.SameAsync("MEMORY", "USAGE");
        await c.SameAsync("MEMORY", "USAGE", "nokey");
        await c.SameAsync("MEMORY", "USAGE", "nokey", "SAMPLES", "x");
        await c.SameAsync("MEMORY", "USAGE", "nokey", "SAMPLES", "-1");
        await c.SameAsync("MEMORY", "USAGE", "nokey", "SAMPLES");
        await c.SameAsync("MEMORY", "USAGE", "nokey", "BOGUS", "1");
        await c.SameAsync("MEMORY", "USAGE", "nokey", "samples", "0", "SAMPLES", "3");
        await c.SameAsync("MEMORY", "MALLOC-STATS", "x");
        await c.SameAsync("MEMORY", "PURGE");
        await c.SameAsync("MEMORY", "PURGE", "x");
        await c.SameAsync("MEMORY", "NOSUCH");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Usage_is_what_the_key_costs_in_used_memory()
    {
        await using var b = await servers.Basalt.ConnectAsync();
        await b.ExecuteAsync("FLUSHALL");
        await b.ExecuteAsync("SET", "small", "xxx");
        await b.ExecuteAsync("SET", "large", new string('v', 10_000));
        await b.ExecuteAsync("RPUSH", "list", "a", "b", "c");
        var small = long.Parse((await b.ExecuteAsync("MEMORY", "USAGE", "small")).Text!, System.Globalization.CultureInfo.InvariantCulture);
        var large = long.Parse((await b.ExecuteAsync("MEMORY", "USAGE", "large", "SAMPLES", "0")).Text!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(small, 40, 200);
        Assert.InRange(large - small, 10_000, 10_100);

        // Deleting the key gives back exactly what MEMORY USAGE said it cost.
        var usage = long.Parse((await b.ExecuteAsync("MEMORY", "USAGE", "list")).Text!, System.Globalization.CultureInfo.InvariantCulture);
        var before = await UsedMemoryAsync(b);
        await b.ExecuteAsync("DEL", "list");
        Assert.Equal(usage, before - await UsedMemoryAsync(b));
    }

    private static async Task<long> UsedMemoryAsync(RespConnection c)
    {
        var text = (await c.ExecuteAsync("INFO", "memory")).Text!;
        var match = System.Text.RegularExpressions.Regex.Match(text, @"\r\nused_memory:(\d+)\r\n");
        return long.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
