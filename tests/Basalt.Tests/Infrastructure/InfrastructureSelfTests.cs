using Xunit;

using System.Text;

namespace Basalt.Tests.Infrastructure;

/// <summary>Checks of the harness itself, against the real redis-server (so they hold before Basalt works).</summary>
public sealed class InfrastructureSelfTests
{
    [Fact]
    public void Parser_handles_every_resp3_type_and_incomplete_input()
    {
        var full = Encoding.ASCII.GetBytes(
            "*12\r\n+OK\r\n-ERR x\r\n:-5\r\n$3\r\na\r\n\r\n$-1\r\n*-1\r\n_\r\n,1.5\r\n#t\r\n(123\r\n=7\r\ntxt:abc\r\n" +
            "%1\r\n~1\r\n:1\r\n>1\r\n!2\r\nno\r\n");
        // Every strict prefix is incomplete.
        for (int i = 0; i < full.Length; i++)
        {
            Assert.False(RespParser.TryParse(full.AsSpan(0, i), out _, out _), $"prefix of {i} bytes parsed");
        }
        Assert.True(RespParser.TryParse(full, out var v, out int consumed));
        Assert.Equal(full.Length, consumed);
        Assert.Equal(RespType.Array, v!.Type);
        Assert.Equal(12, v.Count);
        Assert.Equal("a\r\n", v[3].Text);
        Assert.Equal('$', v[4].NullMarker);
        Assert.Equal('*', v[5].NullMarker);
        Assert.Equal(RespType.Map, v[11].Type);
        Assert.Equal(RespType.Set, v[11][0].Type);
        Assert.Equal(RespType.Push, v[11][1].Type);
        Assert.Equal(RespType.BlobError, v[11][1][0].Type);
        Assert.Equal(full, RespWriter.ToBytes(v));

        var attr = Encoding.ASCII.GetBytes("|1\r\n+key\r\n:1\r\n$1\r\nv\r\n");
        Assert.True(RespParser.TryParse(attr, out var a, out consumed));
        Assert.Equal(attr.Length, consumed);
        Assert.Equal("v", a!.Text);
        Assert.Equal(2, a.Attributes!.Count);
        Assert.Equal(attr, RespWriter.ToBytes(a));

        Assert.Throws<RespProtocolException>(() => RespParser.TryParse("?x\r\n"u8, out _, out _));
        Assert.Throws<RespProtocolException>(() => RespParser.TryParse("$1\r\nab\r\n"u8, out _, out _));
    }

    [Fact]
    public async Task Redis_server_starts_answers_and_stops_by_pid()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Redis);
        Assert.True(Directory.Exists(server.Dir));
        Assert.Contains(server.LogLines, l => l.Contains(ServerProcess.ReadyLine));
        await using var c = await server.ConnectAsync();
        var pong = await c.ExecuteAsync("PING");
        Assert.Equal("+PONG\r\n"u8.ToArray(), pong.Raw);
        var big = new string('x', 200_000);
        Assert.Equal("+OK\r\n"u8.ToArray(), (await c.ExecuteAsync("SET", "k", big)).Raw);
        var got = await c.ExecuteAsync("GET", "k");
        Assert.Equal(big, got.Text);
        Assert.True(server.RssBytes > 0);

        // A pipeline: replies come back one at a time.
        await c.SendRawAsync(RespFormat.EncodePipeline([["INCR", "n"], ["INCR", "n"], ["GET", "missing"]]));
        Assert.Equal(":1\r\n", (await c.ReadReplyAsync()).RawText.Replace("\\r\\n", "\r\n"));
        Assert.Equal(2, (await c.ReadReplyAsync()).Value.Integer);
        Assert.True((await c.ReadReplyAsync()).Value.IsNull);

        int lines = server.LogLineCount;
        int code = await server.StopAsync();
        Assert.Equal(0, code);
        await server.WaitForLogLineAsync("bye bye", TimeSpan.FromSeconds(5), lines);
    }

    [Fact]
    public async Task Kill_is_a_crash_and_dir_is_deleted_on_dispose()
    {
        string dir;
        await using (var server = await ServerProcess.StartAsync(ServerKind.Redis))
        {
            dir = server.Dir;
            server.Kill();
            Assert.True(server.HasExited);
            await Assert.ThrowsAsync<TimeoutException>(() => server.WaitForLogLineAsync("never printed", TimeSpan.FromSeconds(5)));
        }
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public async Task Start_failure_reports_the_log()
    {
        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            ServerProcess.StartAsync(ServerKind.Redis, "--no-such-directive", "1"));
        Assert.Contains("FATAL CONFIG FILE ERROR", e.Message);
    }

    [Fact]
    public async Task A_fixed_port_that_is_taken_fails_with_the_log()
    {
        await using var first = await ServerProcess.StartAsync(ServerKind.Redis);
        var e = await Assert.ThrowsAsync<TimeoutException>(() =>
            ServerProcess.StartAsync(ServerKind.Redis, new ServerStartOptions { Port = first.Port, StartTimeout = TimeSpan.FromSeconds(10) }));
        Assert.Contains("Address already in use", e.Message);
    }

    [Fact]
    public async Task Protocol_error_closes_connection()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Redis);
        await using var c = await server.ConnectAsync();
        await c.SendRawAsync("*1\r\n$-5\r\n"u8.ToArray());
        var r = await c.ReadUntilQuietAsync(TimeSpan.FromSeconds(2));
        Assert.True(r.ClosedByPeer);
        Assert.Equal("-ERR Protocol error: invalid bulk length\r\n", Encoding.ASCII.GetString(r.Bytes));
    }
}
