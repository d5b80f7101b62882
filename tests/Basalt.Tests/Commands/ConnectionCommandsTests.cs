using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>PING, ECHO, SELECT, QUIT, RESET, HELLO and TIME side by side with redis-server.</summary>
public sealed class ConnectionCommandsTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    [Fact]
    public async Task Ping_echo_and_select_match_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("PING");
        await c.SameAsync("ping", "hello world");
        await c.SameAsync("PING", "");
        await c.SameAsync("PING", "a", "b");
        await c.SameAsync("ECHO");
        await c.SameAsync("ECHO", "a", "b");
        await c.SameAsync("ECHO", "bin\r\n\0ary");
        await c.SameAsync("SELECT");
        await c.SameAsync("SELECT", "x");
        await c.SameAsync("SELECT", "1.5");
        await c.SameAsync("SELECT", "-1");
        await c.SameAsync("SELECT", "16");
        await c.SameAsync("SELECT", "2147483648");
        await c.SameAsync("SELECT", "-2147483649");
        await c.SameAsync("SELECT", "99999999999999999999");
        await c.SameAsync("SELECT", "15");
        await c.SameAsync("SET", "where", "fifteen");
        await c.SameAsync("SELECT", "0");
        await c.SameAsync("GET", "where");
        await c.SameAsync("SELECT", "15");
        await c.SameAsync("GET", "where");
        await c.SameAsync("FLUSHDB");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Hello_switches_protocol_and_validates_its_options_like_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameHelloAsync("HELLO");
        await c.SameAsync("HELLO", "1");
        await c.SameAsync("HELLO", "4");
        await c.SameAsync("HELLO", "-1");
        await c.SameAsync("HELLO", "x");
        await c.SameAsync("HELLO", "99999999999999999999");
        await c.SameAsync("HELLO", "3", "foo");
        await c.SameAsync("HELLO", "3", "auth");
        await c.SameAsync("HELLO", "3", "AUTH", "default");
        await c.SameAsync("HELLO", "3", "SETNAME");
        await c.SameAsync("HELLO", "3", "SETNAME", "a b");
        await c.SameAsync("HELLO", "2", "AUTH", "nobody", "x");
        // Still RESP2: every failed HELLO leaves the protocol alone.
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameHelloAsync("HELLO", "3");
        await c.SameAsync("PING");
        await c.SameAsync("GET", "missing");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("SET", "n", "1");
        await c.SameAsync("DEL", "n");
        // A SETNAME before a bad option is applied all the same.
        await c.SameAsync("HELLO", "3", "SETNAME", "first", "bogus");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameHelloAsync("HELLO", "2", "SETNAME", "a", "SETNAME", "b");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameHelloAsync("hello", "3", "auth", "default", "anything", "setname", "named");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameHelloAsync("HELLO", "2");
        await c.SameAsync("GET", "missing");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Hello_reports_this_connection()
    {
        await using var connection = await servers.Basalt.ConnectAsync();
        var id = (await connection.ExecuteAsync("CLIENT", "ID")).Value.Integer;
        var hello = (await connection.ExecuteAsync("HELLO", "3")).Value;
        Assert.Equal(RespType.Map, hello.Type);
        Assert.Equal("redis", hello.MapGet("server")?.Text);
        Assert.Equal("7.0.15", hello.MapGet("version")?.Text);
        Assert.Equal(3, hello.MapGet("proto")?.Integer);
        Assert.Equal(id, hello.MapGet("id")?.Integer);
        Assert.Equal("standalone", hello.MapGet("mode")?.Text);
        Assert.Equal("master", hello.MapGet("role")?.Text);
        Assert.Equal(0, hello.MapGet("modules")?.Count);
    }

    [Fact]
    public async Task Reset_restores_a_fresh_connection_like_redis()
    {
        await using var c = await servers.ConnectAsync();
        await using var other = await servers.ConnectAsync();
        await c.SameHelloAsync("HELLO", "3", "SETNAME", "before-reset");
        await c.SameAsync("SELECT", "4");
        await c.SameAsync("SET", "watched", "1");
        await c.SameAsync("WATCH", "watched");
        await c.SameAsync("MULTI");
        await c.SameAsync("INCR", "watched");
        await c.SameAsync("RESET");
        // Back to RESP2, database 0, no name, no transaction.
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameAsync("GET", "watched");
        await c.SameAsync("EXEC");
        await c.SameAsync("DISCARD");
        // The watch is gone too: a change by another client does not abort the next transaction.
        await c.SameAsync("WATCH", "w2");
        await c.SameAsync("RESET");
        await other.SameAsync("SET", "w2", "changed");
        await c.SameAsync("MULTI");
        await c.SameAsync("PING");
        await c.SameAsync("EXEC");
        await c.SameAsync("RESET", "extra");
        await c.SameAsync("SELECT", "4");
        await c.SameAsync("FLUSHDB");
        await c.SameAsync("SELECT", "0");
        await c.SameAsync("DEL", "w2");
        c.AssertNoMismatches();
        other.AssertNoMismatches();
    }

    [Fact]
    public async Task Quit_replies_ok_and_closes_the_connection()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("QUIT", "with", "arguments");
        Assert.True(await c.Redis.WaitForCloseAsync(TimeSpan.FromSeconds(5)), "redis-server kept the connection open");
        Assert.True(await c.Basalt.WaitForCloseAsync(TimeSpan.FromSeconds(5)), "basalt-server kept the connection open");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Quit_inside_a_transaction_is_not_queued()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("MULTI");
        await c.SameAsync("QUIT");
        Assert.True(await c.Basalt.WaitForCloseAsync(TimeSpan.FromSeconds(5)), "basalt-server kept the connection open");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Role_says_master_without_replicas_as_redis_does()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("ROLE");
        await c.SameAsync("ROLE", "x");
        await c.SameHelloAsync("HELLO", "3");
        await c.SameAsync("ROLE");
        await c.SameAsync("COMMAND", "INFO", "role");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Time_gives_the_clock_in_seconds_and_microseconds()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("TIME", "x");
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var time = (await c.Basalt.ExecuteAsync("TIME")).Value;
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Assert.Equal(RespType.Array, time.Type);
        Assert.Equal(2, time.Count);
        Assert.All(time.Items, item => Assert.Equal(RespType.BulkString, item.Type));
        var seconds = long.Parse(time[0].Text!, CultureInfo.InvariantCulture);
        var micros = long.Parse(time[1].Text!, CultureInfo.InvariantCulture);
        Assert.InRange(micros, 0, 999_999);
        Assert.InRange(seconds * 1000 + micros / 1000, before - 1, after + 1);
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Auth_without_a_password_configured_matches_redis()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("AUTH");
        await c.SameAsync("AUTH", "whatever");
        await c.SameAsync("AUTH", "default", "whatever");
        await c.SameAsync("AUTH", "nobody", "whatever");
        await c.SameAsync("AUTH", "a", "b", "c");
        await c.SameAsync("PING");
        c.AssertNoMismatches();
    }
}
