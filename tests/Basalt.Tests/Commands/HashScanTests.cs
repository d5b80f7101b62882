using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// HSCAN over hashtable-encoded hashes, where the cursor is opaque: the guarantees SCAN documents
/// are checked on both servers (every field present for the whole scan comes back, with its
/// value; the walk ends at cursor 0; MATCH filters fields), also while the hash grows and shrinks.
/// </summary>
public sealed class HashScanTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private static IEnumerable<RespConnection> Both(Conversation c) => [c.Redis, c.Basalt];

    private static async Task<Dictionary<string, string>> ScanAllAsync(RespConnection connection, string key, int count,
        string? match = null, Func<int, Task>? betweenCalls = null)
    {
        var seen = new Dictionary<string, string>();
        var cursor = "0";
        var calls = 0;
        do
        {
            object[] args = match is null
                ? ["HSCAN", key, cursor, "COUNT", count.ToString(CultureInfo.InvariantCulture)]
                : ["HSCAN", key, cursor, "COUNT", count.ToString(CultureInfo.InvariantCulture), "MATCH", match];
            var reply = (await connection.ExecuteAsync(args)).Value;
            Assert.Equal(RespType.Array, reply.Type);
            cursor = reply[0].Text!;
            var items = reply[1].Items;
            Assert.True(items.Count % 2 == 0, "fields and values come in pairs");
            for (var i = 0; i < items.Count; i += 2)
            {
                seen[items[i].Text!] = items[i + 1].Text!;
            }
            if (betweenCalls is not null)
            {
                await betweenCalls(calls);
            }
            calls++;
            Assert.True(calls < 100000, "the scan does not end");
        }
        while (cursor != "0");
        return seen;
    }

    private static async Task FillAsync(RespConnection connection, string key, IEnumerable<string> fields, string prefix = "v-")
    {
        foreach (var chunk in fields.Chunk(200))
        {
            var reply = await connection.ExecuteAsync(["HSET", key, .. chunk.SelectMany(f => new[] { f, prefix + f })]);
            Assert.False(reply.IsError, reply.RawText);
        }
    }

    [Fact]
    public async Task A_full_scan_returns_every_field_once_with_its_value()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        var fields = Enumerable.Range(0, 1500).Select(i => "f" + i).ToList();
        foreach (var server in Both(c))
        {
            await FillAsync(server, "h", fields);
            var seen = await ScanAllAsync(server, "h", 7);
            Assert.Equal(fields.Order(), seen.Keys.Order());
            Assert.All(seen, p => Assert.Equal("v-" + p.Key, p.Value));

            // A count that covers the hash answers everything at once.
            var all = (await server.ExecuteAsync("HSCAN", "h", "0", "COUNT", "100000")).Value;
            Assert.Equal("0", all[0].Text);
            Assert.Equal(3000, all[1].Count);
        }
        await c.SameAsync("OBJECT", "ENCODING", "h");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Match_filters_fields_and_takes_their_values_along()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        var fields = Enumerable.Range(0, 800).Select(i => (i % 3 == 0 ? "keep:" : "skip:") + i).ToList();
        foreach (var server in Both(c))
        {
            await FillAsync(server, "h", fields);
            var seen = await ScanAllAsync(server, "h", 10, "keep:*");
            Assert.Equal(fields.Where(f => f.StartsWith("keep:", StringComparison.Ordinal)).Order(), seen.Keys.Order());
            Assert.All(seen, p => Assert.Equal("v-" + p.Key, p.Value));
        }
    }

    [Fact]
    public async Task Fields_present_throughout_are_returned_while_the_hash_grows_and_shrinks()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        var stable = Enumerable.Range(0, 600).Select(i => "stable:" + i).ToList();
        foreach (var server in Both(c))
        {
            await FillAsync(server, "h", stable);
            var added = 0;
            var seen = await ScanAllAsync(server, "h", 5, betweenCalls: async call =>
            {
                if (call < 40)
                {
                    // Grow through several doublings of the table.
                    await FillAsync(server, "h", Enumerable.Range(added, 150).Select(i => "grow:" + i));
                    added += 150;
                }
                else if (call < 80 && added > 0)
                {
                    // Then shrink it back.
                    var remove = Enumerable.Range(Math.Max(0, added - 300), Math.Min(300, added)).Select(i => "grow:" + i).ToArray();
                    added = Math.Max(0, added - 300);
                    var reply = await server.ExecuteAsync(["HDEL", "h", .. remove]);
                    Assert.False(reply.IsError, reply.RawText);
                }
            });
            var missing = stable.Where(f => !seen.ContainsKey(f)).ToList();
            Assert.True(missing.Count == 0, $"{server.Port}: {missing.Count} stable fields never returned, e.g. {string.Join(", ", missing.Take(5))}");
            Assert.All(seen, p => Assert.Equal("v-" + p.Key, p.Value));
        }
    }
}
