using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>Expiry commands and expiry behaviour, side by side with redis-server.</summary>
public sealed class ExpiryInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Generated_expiry_commands_match_redis() =>
        SideBySide.RunAsync("expiry", SideBySide.SeedFor(3001), g => g.Expiry(SideBySide.Scaled(1200)), output);

    [Fact]
    public async Task Short_lived_keys_disappear_without_being_touched()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        foreach (var (name, conn) in new[] { ("redis", pair.RedisConnections[0]), ("basalt", pair.BasaltConnections[0]) })
        {
            for (int i = 0; i < 200; i++)
            {
                var r = await conn.ExecuteAsync("SET", $"session:{i}", "token", "PX", 50 + (i % 5) * 50);
                Assert.Equal("+OK\r\n", r.RawText.Replace("\\r\\n", "\r\n"));
            }
            for (int i = 0; i < 10; i++)
            {
                await conn.ExecuteAsync("SET", $"keep:{i}", "v");
            }
        }
        foreach (var (name, conn) in new[] { ("redis", pair.RedisConnections[0]), ("basalt", pair.BasaltConnections[0]) })
        {
            long last = -1;
            await Poll.UntilAsync(async () =>
            {
                last = (await conn.ExecuteAsync("DBSIZE")).Value.Integer;
                return last == 10;
            }, TimeSpan.FromSeconds(15), () => $"{name}: DBSIZE still {last}, expected 10 (active expiry should remove 200 keys with 50-250 ms TTLs)");
            output.WriteLine($"{name}: active expiry done");
        }
    }

    [Fact]
    public async Task Expired_keys_are_gone_on_access_when_active_expiry_is_off()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        var script = Script.Of(
            ["DEBUG", "SET-ACTIVE-EXPIRE", "0"],
            ["SET", "a", "1", "PX", "100"],
            ["SET", "b", "2", "PX", "100"],
            ["SET", "c", "3", "PX", "100"],
            ["SET", "d", "4", "PX", "100"],
            ["SET", "e", "5", "PX", "100"],
            ["SET", "f", "6", "PX", "100"],
            ["SET", "keep", "v"]);
        await SideBySide.RunAsync(pair, "lazy-expiry-setup", 0, script, output);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Poll.UntilAsync(() => clock.ElapsedMilliseconds > 250, TimeSpan.FromSeconds(5), () => "clock");
        var after = Script.Of(
            ["GET", "a"],
            ["EXISTS", "b"],
            ["TTL", "c"],
            ["APPEND", "d", "x"],
            ["GET", "d"],
            ["INCR", "e"],
            ["SET", "f", "new", "XX"]).ToList();
        after.Add(Script.On(0, ReplyCheck.Unordered, "KEYS", "*"));
        after.AddRange(Script.Of(["DBSIZE"], ["DEBUG", "SET-ACTIVE-EXPIRE", "1"]));
        await SideBySide.RunAsync(pair, "lazy-expiry", 0, after, output);
    }
}
