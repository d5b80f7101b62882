using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// Consumer groups side by side with redis-server: XGROUP, XREADGROUP, XACK, XPENDING, XCLAIM,
/// XAUTOCLAIM and XINFO. Replies holding idle times or delivery timestamps are compared with
/// those numbers masked (they depend on the moment each server ran the command); everything
/// else byte for byte.
/// </summary>
public sealed partial class StreamGroupCommandsTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
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

    /// <summary>Compares with every integer of 13 digits (timestamps) and every small integer after an ID/consumer pair masked.</summary>
    private static async Task SameMaskedAsync(Conversation c, string line)
    {
        var (redis, basalt) = await c.BothAsync(line.Split(' '));
        var r = Mask(redis.RawText);
        var b = Mask(basalt.RawText);
        if (r != b)
        {
            c.Mismatch($"{line}\n    redis:  {redis.RawText}\n    basalt: {basalt.RawText}");
        }
    }

    private static string Mask(string raw) => IdleOrTime().Replace(raw, "$1<n>");

    // An integer that follows a consumer name in XPENDING extended form or "idle"/"seen-time", or a 13-digit timestamp.
    [GeneratedRegex(@"((?:\$\d+\\r\\nc\d\\r\\n|idle\\r\\n|seen-time\\r\\n):)\d+|(:)\d{13}")]
    private static partial Regex IdleOrTime();

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Group_management_and_reading_match_redis(int protocol)
    {
        await using var c = await ConnectAsync(protocol);
        await RunAllAsync(c, """
            XGROUP HELP
            XGROUP FOO
            XGROUP CREATE s g 0
            XGROUP CREATE s g $ MKSTREAM
            XGROUP CREATE s g $ MKSTREAM
            XGROUP CREATE s g2 0 ENTRIESREAD -2
            XGROUP CREATE s g2 0 ENTRIESREAD x
            XGROUP CREATE s g2 0 FOO
            XGROUP CREATE s g2 bad
            XGROUP CREATE s g2 0 MKSTREAM ENTRIESREAD 5 MKSTREAM
            XGROUP SETID s nog 0
            XGROUP SETID s g 0 MKSTREAM
            XGROUP CREATECONSUMER s nog c
            XGROUP CREATECONSUMER s g c1
            XGROUP CREATECONSUMER s g c1
            XGROUP DELCONSUMER s g nobody
            XGROUP DESTROY s nog
            XGROUP DESTROY nokey g
            XGROUP CREATE
            SET str x
            XGROUP CREATE str g 0
            XADD s 1-1 a 1
            XADD s 1-2 b 2
            XADD s 1-3 c 3
            XREADGROUP GROUP g c1 STREAMS s >
            XREADGROUP GROUP g c1 STREAMS s >
            XREADGROUP GROUP g c1 STREAMS s 0
            XREADGROUP GROUP g c2 COUNT 1 STREAMS s 0
            XREADGROUP GROUP g c1 COUNT 1 STREAMS s 1-1
            XREADGROUP GROUP g c1 STREAMS s $
            XREADGROUP GROUP nog c1 STREAMS s >
            XREADGROUP GROUP g c1 STREAMS nokey >
            XREADGROUP STREAMS s >
            XREADGROUP GROUP g c1 STREAMS str >
            XREADGROUP GROUP g c1 STREAMS s
            XREADGROUP GROUP g c1 BLOCK 10 STREAMS s >
            XPENDING s g
            XPENDING s g - + 10 c2
            XPENDING s nog
            XPENDING nokey g
            XPENDING s g - + x
            XPENDING s g -
            XPENDING s g IDLE x - + 10
            XPENDING s g IDLE 0 - +
            XPENDING str g
            XACK s g 1-1 1-1 9-9
            XACK s g bad
            XACK s nog 1-1
            XACK nokey g 1-1
            XACK str g 1-1
            XPENDING s g
            XDEL s 1-2
            XREADGROUP GROUP g c1 STREAMS s 0
            XADD s 2-1 d 4
            XREADGROUP GROUP g c3 NOACK STREAMS s >
            XPENDING s g
            XGROUP DELCONSUMER s g c1
            XPENDING s g
            XGROUP SETID s g 0 ENTRIESREAD 0
            XGROUP SETID s g $
            XGROUP SETID s g bad
            XGROUP SETID s g 1 ENTRIESREAD 1 x
            XGROUP CREATE s g3 1-1 ENTRIESREAD 1
            XREADGROUP GROUP g3 c COUNT 1 STREAMS s >
            XINFO GROUPS s
            XGROUP DESTROY s g3
            XINFO GROUPS s
            DEBUG DIGEST-VALUE s
            """);
        await SameMaskedAsync(c, "XPENDING s g - + 10");
        await SameMaskedAsync(c, "XINFO CONSUMERS s g");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Claiming_matches_redis()
    {
        await using var c = await ConnectAsync();
        await RunAllAsync(c, """
            XADD s 1-1 a 1
            XADD s 1-2 b 2
            XADD s 1-3 c 3
            XADD s 1-4 d 4
            XGROUP CREATE s g 0
            XREADGROUP GROUP g c1 STREAMS s >
            XCLAIM s g c2 0 1-1 1-2 JUSTID
            XCLAIM s g c2 0 1-1 RETRYCOUNT 7
            XCLAIM s g c2 1000000 1-3
            XCLAIM s g c3 0 1-9 FORCE
            XCLAIM s g c3 0 1-9
            XCLAIM s g c3 0 1-3 FOO
            XCLAIM s g c3 x 1-3
            XCLAIM s g c3 0 1-3 IDLE x
            XCLAIM s g c3 0 1-3 TIME x
            XCLAIM s g c3 0 1-3 RETRYCOUNT x
            XCLAIM s g c3 0 1-3 LASTID x
            XCLAIM s g c3 0 1-3 LASTID 5-0 JUSTID
            XCLAIM s nog c3 0 1-3
            XCLAIM nokey g c3 0 1-3
            XADD s 2-1 e 5
            XREADGROUP GROUP g c1 STREAMS s >
            XDEL s 1-2
            XCLAIM s g c4 0 1-2 1-4 JUSTID
            XPENDING s g
            XAUTOCLAIM s g c5 0 0 COUNT 1
            XAUTOCLAIM s g c5 0 0 COUNT 2 JUSTID
            XAUTOCLAIM s g c5 0 0
            XAUTOCLAIM s g c5 1000000 0
            XAUTOCLAIM s g c5 0 (1-1 COUNT 0
            XAUTOCLAIM s g c5 0 0 COUNT x
            XAUTOCLAIM s g c5 x 0
            XAUTOCLAIM s g c5 0 bad
            XAUTOCLAIM s g c5 0 0 FOO
            XAUTOCLAIM s nog c5 0 0
            XAUTOCLAIM nokey g c5 0 0
            XADD s 3-1 f 6
            XREADGROUP GROUP g c1 STREAMS s >
            XDEL s 3-1 1-3
            XAUTOCLAIM s g c6 0 0 COUNT 1
            XAUTOCLAIM s g c6 0 0
            XPENDING s g
            XGROUP CREATECONSUMER s g c9
            XPENDING s g
            XINFO GROUPS s
            """);
        await SameMaskedAsync(c, "XPENDING s g - + 10");
        await SameMaskedAsync(c, "XCLAIM s g c7 0 1-1 1-4 TIME 1700000000000");
        await SameMaskedAsync(c, "XINFO STREAM s FULL");
        c.AssertNoMismatches();
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Stream_info_matches_redis(int protocol)
    {
        await using var c = await ConnectAsync(protocol);
        await RunAllAsync(c, """
            XINFO HELP
            XINFO STREAM nokey
            SET str x
            XINFO STREAM str
            XINFO GROUPS str
            XADD e 1-1 a 1
            XDEL e 1-1
            XINFO STREAM e
            XINFO STREAM e FULL
            """);
        for (var i = 1; i <= 250; i++)
        {
            await c.SameAsync("XADD", "s", $"{i}-1", "f", $"v{i}");
        }
        await RunAllAsync(c, """
            XINFO STREAM s
            XINFO STREAM s FULL COUNT 2
            XINFO STREAM s FULL COUNT
            XINFO STREAM s FOO
            XINFO STREAM s FULL COUNT x
            XINFO GROUPS s
            XGROUP CREATE s g 0
            XGROUP CREATE s g2 $ ENTRIESREAD 3
            XINFO GROUPS s
            XINFO CONSUMERS s g
            XINFO CONSUMERS s nog
            XDEL s 100-1
            XINFO GROUPS s
            XINFO STREAM s
            XTRIM s MAXLEN ~ 120
            XINFO STREAM s
            XTRIM s MAXLEN 3
            XINFO STREAM s
            """);
        for (var i = 1; i < 2000; i += 7)
        {
            await c.SameAsync("XADD", "t", $"{i * 123457}-{i % 5}", "f", $"v{i}");
        }
        await c.SameAsync("XINFO", "STREAM", "t");
        c.AssertNoMismatches();
    }
}
