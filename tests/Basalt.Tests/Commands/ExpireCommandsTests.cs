using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>EXPIRE, PEXPIRE, EXPIREAT, PEXPIREAT, TTL, PTTL, EXPIRETIME, PEXPIRETIME, PERSIST against redis-server.</summary>
public sealed class ExpireCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    /// <summary>2100-01-01T00:00:00Z, a fixed instant in the future, so absolute times compare exactly.</summary>
    private const long Year2100Ms = 4_102_444_800_000;

    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Seconds(params object[] args) => Script.On(0, ReplyCheck.ClockSeconds, args);

    private static GeneratedCommand Millis(params object[] args) => Script.On(0, ReplyCheck.ClockMillis, args);

    [Fact]
    public Task Errors_match_redis() => servers.RunAsync("expire-errors", [
        Exact("EXPIRE", "k"),
        Exact("TTL"),
        Exact("TTL", "a", "b"),
        Exact("PERSIST"),
        Exact("EXPIRETIME", "a", "b"),
        Exact("SET", "k", "v"),
        Exact("EXPIRE", "k", "x"),
        Exact("EXPIRE", "k", "1.5"),
        Exact("EXPIRE", "k", ""),
        Exact("EXPIRE", "k", "10", "foo"),
        Exact("EXPIRE", "k", "x", "foo"),
        Exact("EXPIRE", "k", "10", "nx", "foo"),
        Exact("EXPIRE", "k", "10", "NX", "XX"),
        Exact("EXPIRE", "k", "10", "nx", "gt"),
        Exact("EXPIRE", "k", "10", "lt", "nx"),
        Exact("EXPIRE", "k", "10", "GT", "LT"),
        Exact("EXPIRE", "k", "10", "xx", "gt", "lt"),
        Exact("EXPIRE", "nope", "10", "nx", "xx"),
        Exact("EXPIRE", "k", "x", "nx", "xx"),
        Exact("EXPIRE", "k", "9223372036854775"),
        Exact("EXPIRE", "k", "9223372036854776"),
        Exact("EXPIRE", "k", "-9223372036854776"),
        Exact("EXPIREAT", "k", "9223372036854776"),
        Exact("PEXPIRE", "k", "9223372036854775807"),
        Exact("PEXPIRE", "k", "9223372036854775808"),
        Exact("TTL", "k"),
        Exact("PEXPIREAT", "k", "9223372036854775807"),
        Exact("EXPIRETIME", "k"),
        Exact("PEXPIRETIME", "k"),
        Exact("EXPIRE", "k", "10", "NX"),
        Exact("EXPIREAT", "k", "-9223372036854775"),
        Exact("EXISTS", "k"),
    ], output);

    [Fact]
    public Task Nx_xx_gt_lt_match_redis()
    {
        var script = new List<GeneratedCommand>();
        var at = Year2100Ms;
        foreach (var option in new[] { "NX", "XX", "GT", "LT", "nx", "Gt" })
        {
            foreach (var (state, setup) in new (string, object[]?)[]
                     {
                         ("missing", null),
                         ("persistent", ["SET", "k", "v"]),
                         ("volatile", ["SET", "k", "v", "PXAT", at.ToString()]),
                     })
            {
                script.Add(Exact("DEL", "k"));
                if (setup is not null)
                {
                    script.Add(Exact(setup));
                }
                // Earlier, equal and later than the current expiry.
                foreach (var when in new[] { at - 1000, at, at + 1000 })
                {
                    script.Add(Exact("PEXPIREAT", "k", when.ToString(), option));
                    script.Add(Exact("PEXPIRETIME", "k"));
                }
                script.Add(Exact("PEXPIREAT", "k", at.ToString()));
                script.Add(Exact("EXPIREAT", "k", (at / 1000 + 5).ToString(), option));
                script.Add(Exact("EXPIRETIME", "k"));
                script.Add(Exact("EXPIRE", "k", "100000", option));
                script.Add(Seconds("TTL", "k"));
                script.Add(Exact("PEXPIRE", "k", "100000000000", option));
                script.Add(Millis("PTTL", "k"));
            }
        }
        // Without an expiry, LT treats the TTL as infinite: any time is lower.
        script.Add(Exact("SET", "p", "v"));
        script.Add(Exact("EXPIRE", "p", "-5", "LT"));
        script.Add(Exact("EXISTS", "p"));
        return servers.RunAsync("expire-conditions", script, output);
    }

    [Fact]
    public Task Times_in_the_past_delete_the_key() => servers.RunAsync("expire-past", [
        Exact("MSET", "a", "1", "b", "2", "c", "3", "d", "4", "e", "5"),
        Exact("EXPIRE", "a", "-1"),
        Exact("PEXPIRE", "b", "0"),
        Exact("EXPIREAT", "c", "1"),
        Exact("PEXPIREAT", "d", "-100"),
        Exact("EXPIREAT", "nope", "1"),
        Exact("EXISTS", "a", "b", "c", "d", "e"),
        Exact("DBSIZE"),
        Exact("TTL", "a"),
        Exact("SET", "w", "1"),
        Exact("WATCH", "w"),
        Script.On(1, ReplyCheck.Exact, "EXPIRE", "w", "0"),
        Exact("MULTI"),
        Exact("EXISTS", "w"),
        Exact("EXEC"),
    ], output);

    [Fact]
    public Task Ttl_family_and_persist_match_redis() => servers.RunAsync("ttl", [
        Exact("TTL", "nope"),
        Exact("PTTL", "nope"),
        Exact("EXPIRETIME", "nope"),
        Exact("PEXPIRETIME", "nope"),
        Exact("PERSIST", "nope"),
        Exact("SET", "k", "v"),
        Exact("TTL", "k"),
        Exact("PTTL", "k"),
        Exact("EXPIRETIME", "k"),
        Exact("PEXPIRETIME", "k"),
        Exact("PERSIST", "k"),
        // EXPIRETIME rounds the millisecond time to the nearest second.
        Exact("PEXPIREAT", "k", (Year2100Ms + 499).ToString()),
        Exact("EXPIRETIME", "k"),
        Exact("PEXPIREAT", "k", (Year2100Ms + 500).ToString()),
        Exact("EXPIRETIME", "k"),
        Exact("PEXPIRETIME", "k"),
        Exact("EXPIREAT", "k", (Year2100Ms / 1000).ToString()),
        Exact("PEXPIRETIME", "k"),
        Exact("EXPIRE", "k", "1000"),
        Seconds("TTL", "k"),
        Millis("PTTL", "k"),
        Seconds("EXPIRETIME", "k"),
        Millis("PEXPIRETIME", "k"),
        Exact("PERSIST", "k"),
        Exact("PERSIST", "k"),
        Exact("TTL", "k"),
        Exact("PEXPIRE", "k", "100000"),
        // Overwriting a value clears the TTL; SET KEEPTTL keeps it.
        Exact("SET", "k", "w", "KEEPTTL"),
        Millis("PTTL", "k"),
        Exact("SET", "k", "x"),
        Exact("TTL", "k"),
        Exact("MULTI"),
        Exact("EXPIRE", "k", "100"),
        Exact("TTL", "k"),
        Exact("PERSIST", "k"),
        Exact("EXPIRE", "k", "x"),
        Exact("EXEC"),
    ], output);

    [Fact]
    public async Task Active_expiry_removes_many_short_lived_keys_nobody_touches()
    {
        // Session tokens: 5000 keys with a 100-300 ms TTL (sent as one pipeline), plus a few to keep.
        const int sessions = 5000;
        foreach (var (name, server, connection) in new[]
                 {
                     ("basalt", servers.Pair.Basalt, servers.Pair.BasaltConnections[0]),
                     ("redis", servers.Pair.Redis, servers.Pair.RedisConnections[0]),
                 })
        {
            Assert.Equal("+OK\r\n"u8.ToArray(), (await connection.ExecuteAsync("FLUSHALL")).Raw);
            var commands = new List<object[]>();
            for (var i = 0; i < sessions; i++)
            {
                commands.Add(["SET", $"session:{i}", "token", "PX", (100 + i % 3 * 100).ToString()]);
            }
            commands.Add(["MSET", "user:1", "a", "user:2", "b"]);
            commands.Add(["PEXPIRE", "user:2", "3600000"]);
            await connection.SendRawAsync(RespFormat.EncodePipeline(commands));
            for (var i = 0; i < commands.Count; i++)
            {
                var reply = await connection.ReadReplyAsync();
                Assert.False(reply.IsError, $"{name}: {reply}");
            }

            long dbsize = -1;
            await Poll.UntilAsync(async () =>
            {
                dbsize = (await connection.ExecuteAsync("DBSIZE")).Value.Integer;
                return dbsize == 2;
            }, TimeSpan.FromSeconds(20), () => $"{name}: DBSIZE is still {dbsize}; the active expire cycle should leave only the 2 user keys");
            output.WriteLine($"{name} ({server.Pid}): {sessions} expired keys removed without being touched");
            Assert.Equal(":1\r\n"u8.ToArray(), (await connection.ExecuteAsync("EXISTS", "user:2")).Raw);
        }
    }
}
