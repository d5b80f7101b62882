using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// XADD, XLEN, XRANGE, XREVRANGE, XDEL, XTRIM, XSETID and non-blocking XREAD side by side with
/// redis-server, byte for byte. Entries use explicit IDs (auto IDs come from the clock and are
/// compared by shape); node-level behaviour (approximate trimming removes whole nodes of 100
/// entries) and DEBUG DIGEST-VALUE must match too.
/// </summary>
public sealed partial class StreamCommandsTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private async Task<Conversation> ConnectAsync(int protocol = 2)
    {
        var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        if (protocol == 3)
        {
            await c.SameHelloAsync("HELLO", "3");
        }
        return c;
    }

    private static async Task RunAllAsync(Conversation c, string script)
    {
        foreach (var line in script.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await c.SameAsync(line.Split(' '));
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Adding_and_ranges_match_redis(int protocol)
    {
        await using var c = await ConnectAsync(protocol);
        await RunAllAsync(c, """
            XADD s 1-1 a 1 b 2
            XADD s 1-1 a 1
            XADD s 1-* a 1 b 2
            XADD s 1 c 3
            XADD s 2-* c 3 d 4
            XADD s 3-0 f1 v1 f2 v2
            XADD s 3-1 f2 v1 f1 v2
            XADD s 3-2 f1 12345 f2 -7
            XLEN s
            XRANGE s - +
            XREVRANGE s + -
            XRANGE s - + COUNT 2
            XRANGE s - + COUNT 0
            XRANGE s - + COUNT -1
            XRANGE s (1-1 +
            XRANGE s (1 (3
            XRANGE s 1 1
            XREVRANGE s 2 1 COUNT 1
            XREVRANGE s (3-2 (1-0
            XRANGE nokey - +
            XLEN nokey
            OBJECT ENCODING s
            TYPE s
            DEBUG DIGEST-VALUE s
            DEBUG DIGEST
            """);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Errors_match_redis()
    {
        await using var c = await ConnectAsync();
        await RunAllAsync(c, """
            XADD s 5-5 a 1
            XADD s 0-0 x y
            XADD s 0 x y
            XADD s 5-5 x y
            XADD s 5-4 x y
            XADD s 3-0 x
            XADD s abc x y
            XADD s - x y
            XADD s + x y
            XADD s -1 x y
            XADD s 1-2-3 x y
            XADD s MAXLEN 5
            XADD s *
            XADD s * a
            XADD s MAXLEN
            XADD s MAXLEN 1 MINID 1 6-1 a 1
            XADD s MAXLEN -1 6-1 a 1
            XADD s MAXLEN 1 LIMIT 10 6-1 a 1
            XADD s MAXLEN ~ 1 LIMIT -1 6-1 a 1
            XADD s LIMIT 10 6-1 a 1
            XADD s LIMIT 0 6-1 a 1
            XADD s MAXLEN x 6-1 a 1
            XADD s MINID x 6-1 a 1
            XADD s MINID + 6-1 a 1
            XADD n NOMKSTREAM * a 1
            EXISTS n
            XRANGE s - + FOO
            XRANGE s - + COUNT x
            XRANGE s (- +
            XRANGE s - (+
            XRANGE s (18446744073709551615-18446744073709551615 +
            XRANGE s - (0-0
            XRANGE s x +
            XRANGE s
            XDEL s bad
            XDEL s 5-5 bad
            XDEL s
            XLEN s
            XTRIM s
            XTRIM s MAXLEN
            XTRIM s FOO 1
            XTRIM s MAXLEN 1 LIMIT 5
            XTRIM nokey MAXLEN 0
            XSETID nokey 1-0
            XSETID s 1-0
            XSETID s 99-0 ENTRIESADDED -1
            XSETID s 99-0 MAXDELETEDID 100-0
            XSETID s 99-0 ENTRIESADDED 0
            XSETID s 99-0 FOO
            XSETID s +
            SET str x
            XADD str * a 1
            XLEN str
            XRANGE str - +
            XREVRANGE str + -
            XDEL str 1-1
            XTRIM str MAXLEN 0
            XSETID str 1-1
            XREAD STREAMS str 0
            """);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Largest_ids_and_partial_sequence_match_redis()
    {
        await using var c = await ConnectAsync();
        await RunAllAsync(c, """
            XADD s 18446744073709551615-18446744073709551614 z 1
            XADD s 18446744073709551615-* z 2
            XADD s 18446744073709551615-* z 3
            XADD s * z 4
            XRANGE s - +
            XADD t 7-* a 1
            XADD t 7-* a 2
            XADD t 8-* a 3
            XADD t 0-* a 4
            XRANGE t - +
            XADD u 5-18446744073709551615 f v
            XADD u 5-* f v
            XADD u 6-* f v
            """);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Creating_a_stream_is_one_change_as_in_redis()
    {
        await using var c = await ConnectAsync();
        var redisBefore = await ChangesAsync(c.Redis);
        var basaltBefore = await ChangesAsync(c.Basalt);
        await c.SameAsync("XADD", "fresh", "1-1", "f", "v");
        await c.SameAsync("XADD", "fresh", "1-2", "f", "v");
        c.AssertNoMismatches();
        Assert.Equal(await ChangesAsync(c.Redis) - redisBefore, await ChangesAsync(c.Basalt) - basaltBefore);
    }

    private static async Task<long> ChangesAsync(RespConnection connection)
    {
        var info = (await connection.ExecuteAsync("INFO", "persistence")).Text!;
        return long.Parse(Regex.Match(info, @"rdb_changes_since_last_save:(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Deleting_trimming_and_setid_match_redis()
    {
        await using var c = await ConnectAsync();
        for (var i = 1; i <= 350; i++)
        {
            object[] args = i % 7 == 0 ? ["XADD", "big", $"{i}-1", "f", $"v{i}", "g", "x"] : ["XADD", "big", $"{i}-1", "f", $"v{i}"];
            await c.SameAsync(args);
        }
        await RunAllAsync(c, """
            DEBUG DIGEST-VALUE big
            XTRIM big MAXLEN ~ 120
            XLEN big
            XRANGE big - + COUNT 3
            XTRIM big MINID ~ 260
            XLEN big
            XTRIM big MINID 265
            XRANGE big - + COUNT 2
            XDEL big 300-1 301-1 266-1 300-1 9999-0
            XRANGE big 295 305
            XREVRANGE big 305 295
            XADD big MAXLEN ~ 10 LIMIT 200 999-1 a b
            XLEN big
            DEBUG DIGEST-VALUE big
            XTRIM big MAXLEN 0
            XLEN big
            XRANGE big - +
            EXISTS big
            DEBUG DIGEST-VALUE big
            XADD big 1000-1 f 1
            XADD s2 MAXLEN 2 1-1 a 1
            XADD s2 MAXLEN 2 2-1 a 1
            XADD s2 MAXLEN = 2 3-1 a 1
            XRANGE s2 - +
            XADD s2 MINID 3 5-1 a 1
            XRANGE s2 - +
            XADD s2 NOMKSTREAM 9-1 a 1
            XSETID s2 10-0
            XADD s2 10-0 a 1
            XSETID s2 99-0 ENTRIESADDED 1000 MAXDELETEDID 50-0
            XADD s2 99-* a 1
            XRANGE s2 - +
            """);
        for (var i = 1; i < 30; i++)
        {
            await c.SameAsync("XADD", "d", $"{i}-1", "f", $"{i}");
        }
        for (var i = 1; i < 30; i += 2)
        {
            await c.SameAsync("XDEL", "d", $"{i}-1");
        }
        await RunAllAsync(c, """
            XRANGE d - +
            XREVRANGE d + -
            XRANGE d 10 20
            XREVRANGE d 20 10 COUNT 2
            DEBUG DIGEST-VALUE d
            DEBUG DIGEST
            """);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Large_values_start_new_nodes_as_in_redis()
    {
        await using var c = await ConnectAsync();
        var big = new string('x', 100_000);
        for (var i = 1; i <= 5; i++)
        {
            await c.SameAsync("XADD", "s", $"{i}-0", "f", big + i, "small", "1");
        }
        await RunAllAsync(c, """
            XLEN s
            XTRIM s MAXLEN ~ 2
            XLEN s
            XRANGE s 5 5
            DEBUG DIGEST-VALUE s
            """);
        c.AssertNoMismatches();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Xread_without_blocking_matches_redis(int protocol)
    {
        await using var c = await ConnectAsync(protocol);
        await RunAllAsync(c, """
            XADD b 1-1 f1 v1 f2 v2
            XADD b 1-2 f1 v3
            XADD s 2-1 x y
            XREAD STREAMS b 0
            XREAD COUNT 1 STREAMS b s 1-1 0
            XREAD STREAMS b s $ $
            XREAD STREAMS b nokey 0 0
            XREAD STREAMS b
            XREAD STREAMS b s 0
            XREAD COUNT x STREAMS b 0
            XREAD BLOCK x STREAMS b 0
            XREAD BLOCK -1 STREAMS b 0
            XREAD GROUP g c STREAMS b 0
            XREAD NOACK STREAMS b 0
            XREAD FOO STREAMS b 0
            XREAD COUNT 1
            XREAD STREAMS b >
            XREAD STREAMS b bad
            XREAD STREAMS nokey 0
            XREAD BLOCK 10 STREAMS b $
            MULTI
            XREAD BLOCK 0 STREAMS b $
            EXEC
            """);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Auto_ids_have_the_shape_and_order_of_redis()
    {
        await using var c = await ConnectAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var (redis, basalt) = await c.BothAsync("XADD", "s", "*", "f", $"{i}");
            Assert.Matches(BulkId(), redis.RawText);
            Assert.Matches(BulkId(), basalt.RawText);
            ids.Add(basalt.Value.Text!);
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var parsed = ids.Select(id => id.Split('-').Select(ulong.Parse).ToArray()).ToList();
        Assert.InRange((long)parsed[0][0], now - 60_000, now + 1000);
        for (var i = 1; i < parsed.Count; i++)
        {
            Assert.True(parsed[i][0] > parsed[i - 1][0] || (parsed[i][0] == parsed[i - 1][0] && parsed[i][1] > parsed[i - 1][1]));
        }
        await c.SameAsync("XLEN", "s");
        c.AssertNoMismatches();
    }

    [GeneratedRegex(@"^\$\d+\\r\\n\d{13}-\d+\\r\\n$")]
    private static partial Regex BulkId();
}
