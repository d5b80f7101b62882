using System.Globalization;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// KEYS and SCAN. Replies that do not depend on the hash function are compared with redis-server
/// byte for byte; SCAN walks are checked for their guarantees on both servers (every key present
/// for the whole walk is returned, cursors are unsigned decimals, the walk ends with 0).
/// </summary>
public sealed class ScanCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Unordered(params object[] args) => Script.On(0, ReplyCheck.Unordered, args);

    private IEnumerable<(string Name, RespConnection Connection)> BothServers =>
        [("basalt", servers.Pair.BasaltConnections[0]), ("redis", servers.Pair.RedisConnections[0])];

    [Fact]
    public Task Scan_argument_errors_match_redis() => servers.RunAsync("scan-errors", [
        Exact("SCAN"),
        Exact("SCAN", "x"),
        Exact("SCAN", " 1"),
        Exact("SCAN", "1 "),
        Exact("SCAN", "+"),
        Exact("SCAN", "-"),
        Exact("SCAN", "0x10"),
        Exact("SCAN", "1.0"),
        Exact("SCAN", "18446744073709551616"),
        Exact("SCAN", "-18446744073709551616"),
        Exact("SCAN", "0", "COUNT"),
        Exact("SCAN", "0", "COUNT", "0"),
        Exact("SCAN", "0", "COUNT", "-1"),
        Exact("SCAN", "0", "COUNT", "x"),
        Exact("SCAN", "0", "COUNT", "9223372036854775808"),
        Exact("SCAN", "0", "MATCH"),
        Exact("SCAN", "0", "TYPE"),
        Exact("SCAN", "0", "FOO", "bar"),
        Exact("SCAN", "0", "MATCH", "*", "COUNT"),
        Exact("SCAN", "x", "FOO"),
        Exact("KEYS"),
        Exact("KEYS", "a", "b"),
    ], output);

    [Fact]
    public Task Scan_of_an_empty_or_single_key_database_matches_redis() => servers.RunAsync("scan-small", [
        // Cursors the way strtoul reads them: empty, signs, leading zeros, negative wrap-around.
        Exact("SCAN", "0"),
        Exact("SCAN", ""),
        Exact("SCAN", "+0"),
        Exact("SCAN", "-0"),
        Exact("SCAN", "000"),
        Exact("SCAN", "-1"),
        Exact("SCAN", "18446744073709551615"),
        Exact("SCAN", "-18446744073709551615", "COUNT", "5"),
        Exact("SET", "only", "1"),
        Exact("SCAN", "0"),
        Exact("SCAN", "0", "COUNT", "9223372036854775807"),
        Exact("SCAN", "0", "MATCH", "on*"),
        Exact("SCAN", "0", "MATCH", "x*"),
        Exact("SCAN", "0", "MATCH", "*"),
        Exact("SCAN", "0", "TYPE", "string"),
        Exact("SCAN", "0", "TYPE", "STRING"),
        Exact("SCAN", "0", "TYPE", "hash"),
        Exact("SCAN", "0", "TYPE", "nosuchtype"),
        Exact("SCAN", "0", "type", "string", "match", "o*", "count", "1", "count", "100"),
    ], output);

    [Fact]
    public Task Keys_matches_redis()
    {
        var script = new List<GeneratedCommand>
        {
            Exact("MSET", "hello", "1", "hallo", "2", "hxllo", "3", "hllo", "4", "heeeello", "5", "", "empty", "a*b", "6",
                "[x]", "7", "user:1:name", "8", "user:2:name", "9"),
            Exact("SET", "gone", "x", "PX", "100000"),
        };
        foreach (var pattern in new[] { "*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "a\\*b", "\\[x\\]", "user:*:name",
                     "user:?:*", "", "?", "*x*", "H*", "nomatch*" })
        {
            script.Add(Unordered("KEYS", pattern));
        }
        script.Add(Exact("KEYS", "nomatch"));
        script.Add(Exact("KEYS", "hello"));
        return servers.RunAsync("keys", script, output);
    }

    /// <summary>SCAN cursor [MATCH] [COUNT] [TYPE] repeated until the cursor is 0; returns the keys and the number of calls.</summary>
    private static async Task<(List<string> Keys, int Calls)> ScanAllAsync(RespConnection connection, string name, string[] options,
        Func<int, Task>? betweenCalls = null)
    {
        var keys = new List<string>();
        var cursor = "0";
        var calls = 0;
        do
        {
            var reply = (await connection.ExecuteAsync(["SCAN", cursor, .. options])).Value;
            Assert.True(reply.Type == RespType.Array && reply.Count == 2, $"{name}: SCAN replied {reply}");
            cursor = reply[0].Text!;
            Assert.True(ulong.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out _),
                $"{name}: the cursor '{cursor}' is not an unsigned decimal");
            keys.AddRange(reply[1].Items.Select(k => k.Text!));
            calls++;
            Assert.True(calls < 100_000, $"{name}: the scan did not end");
            if (betweenCalls is not null)
            {
                await betweenCalls(calls);
            }
        }
        while (cursor != "0");
        return (keys, calls);
    }

    private static async Task FillAsync(RespConnection connection, string prefix, int from, int count)
    {
        var args = new List<object> { "MSET" };
        for (var i = from; i < from + count; i++)
        {
            args.Add(prefix + i);
            args.Add("v");
        }
        Assert.Equal("+OK\r\n"u8.ToArray(), (await connection.ExecuteAsync(args.ToArray())).Raw);
    }

    [Fact]
    public async Task A_full_scan_returns_every_key()
    {
        foreach (var (name, connection) in BothServers)
        {
            await connection.ExecuteAsync("FLUSHALL");
            await FillAsync(connection, "key:", 0, 3000);
            foreach (var options in new[] { Array.Empty<string>(), ["COUNT", "1"], ["COUNT", "7"], ["COUNT", "1000"], ["COUNT", "100000"] })
            {
                var (keys, calls) = await ScanAllAsync(connection, name, options);
                Assert.Equal(3000, keys.Distinct().Count());
                Assert.All(keys, k => Assert.StartsWith("key:", k));
                output.WriteLine($"{name} SCAN {string.Join(' ', options)}: {keys.Count} keys in {calls} calls");
            }
        }
    }

    [Fact]
    public async Task Match_and_type_filter_the_walk()
    {
        foreach (var (name, connection) in BothServers)
        {
            await connection.ExecuteAsync("FLUSHALL");
            await FillAsync(connection, "user:", 0, 500);
            await FillAsync(connection, "item:", 0, 500);
            var (users, _) = await ScanAllAsync(connection, name, ["MATCH", "user:*", "COUNT", "50"]);
            Assert.Equal(Enumerable.Range(0, 500).Select(i => "user:" + i).Order(), users.Distinct().Order());
            var (strings, _) = await ScanAllAsync(connection, name, ["TYPE", "String", "COUNT", "50"]);
            Assert.Equal(1000, strings.Distinct().Count());
            var (hashes, _) = await ScanAllAsync(connection, name, ["TYPE", "hash", "COUNT", "50"]);
            Assert.Empty(hashes);
            var (none, _) = await ScanAllAsync(connection, name, ["MATCH", "user:1?", "TYPE", "string"]);
            Assert.Equal(Enumerable.Range(10, 10).Select(i => "user:" + i).Order(), none.Order());
        }
    }

    [Fact]
    public async Task A_scan_cursor_survives_the_table_growing_under_it()
    {
        foreach (var (name, connection) in BothServers)
        {
            await connection.ExecuteAsync("FLUSHALL");
            const int initial = 2000;
            await FillAsync(connection, "old:", 0, initial);
            var added = 0;
            // Between two SCAN calls add 1000 keys, so the table grows and splits many times over.
            var (keys, calls) = await ScanAllAsync(connection, name, ["COUNT", "20"], async _ =>
            {
                if (added < 60_000)
                {
                    await FillAsync(connection, "new:", added, 1000);
                    added += 1000;
                }
            });
            var seen = keys.ToHashSet();
            var missing = Enumerable.Range(0, initial).Select(i => "old:" + i).Where(k => !seen.Contains(k)).ToList();
            Assert.True(missing.Count == 0, $"{name}: {missing.Count} keys present for the whole walk were never returned, e.g. {string.Join(", ", missing.Take(5))}");
            output.WriteLine($"{name}: walked while growing to {initial + added} keys in {calls} calls");
        }
    }

    [Fact]
    public async Task A_scan_cursor_survives_the_table_shrinking_under_it()
    {
        foreach (var (name, connection) in BothServers)
        {
            await connection.ExecuteAsync("FLUSHALL");
            await FillAsync(connection, "keep:", 0, 1000);
            await FillAsync(connection, "drop:", 0, 30_000);
            var dropped = 0;
            var (keys, _) = await ScanAllAsync(connection, name, ["COUNT", "50"], async _ =>
            {
                if (dropped < 30_000)
                {
                    var args = new List<object> { "UNLINK" };
                    args.AddRange(Enumerable.Range(dropped, 1500).Select(i => (object)("drop:" + i)));
                    await connection.ExecuteAsync(args.ToArray());
                    dropped += 1500;
                }
            });
            var seen = keys.ToHashSet();
            Assert.All(Enumerable.Range(0, 1000), i => Assert.Contains("keep:" + i, seen));
        }
    }

    [Fact]
    public async Task Scan_skips_and_deletes_expired_keys()
    {
        foreach (var (name, connection) in BothServers)
        {
            await connection.ExecuteAsync("FLUSHALL");
            await FillAsync(connection, "live:", 0, 100);
            for (var i = 0; i < 100; i++)
            {
                await connection.ExecuteAsync("SET", "dead:" + i, "v", "PX", "1");
            }
            var clock = System.Diagnostics.Stopwatch.StartNew();
            await Poll.UntilAsync(() => clock.ElapsedMilliseconds > 5, TimeSpan.FromSeconds(5), () => "clock");
            var (keys, _) = await ScanAllAsync(connection, name, ["COUNT", "1000"]);
            Assert.Equal(100, keys.Count);
            Assert.All(keys, k => Assert.StartsWith("live:", k));
            Assert.Equal(100, (await connection.ExecuteAsync("DBSIZE")).Value.Integer);
        }
    }
}
