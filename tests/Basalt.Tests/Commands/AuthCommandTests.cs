using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>AUTH, HELLO AUTH and RESET with requirepass, side by side with redis-server.</summary>
public sealed class AuthCommandTests(PasswordServers servers) : IClassFixture<PasswordServers>
{
    private const string Password = PasswordServers.Password;

    [Fact]
    public async Task Commands_need_authentication_until_auth_succeeds()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("PING");
        await c.SameAsync("GET", "k");
        await c.SameAsync("CLIENT", "ID");
        await c.SameAsync("NOSUCHCOMMAND");
        await c.SameAsync("AUTH", "wrong");
        await c.SameAsync("AUTH", "default", "wrong");
        await c.SameAsync("AUTH", "nobody", Password);
        await c.SameAsync("AUTH", "Default", Password);
        await c.SameAsync("AUTH", "a", "b", "c");
        await c.SameAsync("PING");
        await c.SameAsync("AUTH", Password);
        await c.SameAsync("PING");
        // A failed AUTH does not log an authenticated client out.
        await c.SameAsync("AUTH", "wrong");
        await c.SameAsync("PING");
        await c.SameAsync("AUTH", "default", Password);
        await c.SameAsync("PING");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Hello_needs_authentication_or_its_auth_option()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("HELLO");
        await c.SameAsync("HELLO", "3");
        await c.SameAsync("HELLO", "3", "SETNAME", "x");
        await c.SameAsync("HELLO", "3", "AUTH", "default", "wrong");
        await c.SameAsync("HELLO", "3", "AUTH", "default");
        await c.SameAsync("PING");
        await c.SameHelloAsync("HELLO", "3", "AUTH", "default", Password, "SETNAME", "authed");
        await c.SameAsync("PING");
        await c.SameAsync("CLIENT", "GETNAME");
        await c.SameHelloAsync("HELLO");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Reset_logs_the_client_out()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("AUTH", Password);
        await c.SameAsync("PING");
        await c.SameAsync("RESET");
        await c.SameAsync("PING");
        await c.SameAsync("QUIT");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Unauthenticated_clients_may_still_quit()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("QUIT");
        Assert.True(await c.Basalt.WaitForCloseAsync(TimeSpan.FromSeconds(5)), "basalt-server kept the connection open");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Passwords_never_reach_monitor()
    {
        await using var monitor = await servers.Basalt.ConnectAsync();
        await using var client = await servers.Basalt.ConnectAsync();
        Assert.Equal("OK", (await monitor.ExecuteAsync("AUTH", Password)).Text);
        Assert.Equal("OK", (await monitor.ExecuteAsync("MONITOR")).Text);
        await client.ExecuteAsync("AUTH", "wrong-secret");
        await client.ExecuteAsync("AUTH", "default", Password);
        await client.ExecuteAsync("HELLO", "2", "AUTH", "default", Password);
        await client.ExecuteAsync("ECHO", "done");

        var lines = new List<string>();
        while (lines.Count == 0 || !lines[^1].Contains("\"done\"", StringComparison.Ordinal))
        {
            lines.Add((await monitor.ReadReplyAsync()).Text!);
        }
        Assert.Equal(4, lines.Count);
        Assert.EndsWith("\"AUTH\" \"(redacted)\"", lines[0]);
        Assert.EndsWith("\"AUTH\" \"(redacted)\" \"(redacted)\"", lines[1]);
        Assert.EndsWith("\"HELLO\" \"2\" \"AUTH\" \"(redacted)\" \"(redacted)\"", lines[2]);
        Assert.DoesNotContain(lines, line => line.Contains(Password, StringComparison.Ordinal) || line.Contains("wrong-secret", StringComparison.Ordinal));
    }
}
