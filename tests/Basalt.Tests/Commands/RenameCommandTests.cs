using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>rename-command, side by side with redis-server: the new name answers, the old one is unknown, "" removes.</summary>
public sealed class RenameCommandTests(RenamedCommandServers servers) : IClassFixture<RenamedCommandServers>
{
    [Fact]
    public async Task A_renamed_command_answers_only_to_its_new_name()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("SET", "k", "v");
        await c.SameAsync("FETCH", "k");
        await c.SameAsync("fetch", "k");
        await c.SameAsync("GET", "k");
        await c.SameAsync("FETCH");
        await c.SameAsync("MULTI");
        await c.SameAsync("GET", "k");
        await c.SameAsync("FETCH", "k");
        await c.SameAsync("EXEC");
        await c.SameAsync("FLUSHALL");
        await c.SameAsync("DBSIZE");
        await c.SameAsync("MY-FLUSH-WITH-A-NAME-LONGER-THAN-ANY-COMMAND-HAS-0123456789-0123456789-0123456789");
        await c.SameAsync("DBSIZE");
        await c.SameAsync("COMMAND", "INFO", "get");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task A_command_renamed_to_nothing_is_gone()
    {
        await using var c = await servers.ConnectAsync();
        await c.SameAsync("RANDOMKEY");
        await c.SameAsync("randomkey", "extra");
        c.AssertNoMismatches();
    }
}

/// <summary>Servers with GET renamed to FETCH, FLUSHALL to a long name, RANDOMKEY removed.</summary>
public sealed class RenamedCommandServers : ConnectionServers
{
    protected override string[] ExtraArgs =>
    [
        "--rename-command", "get", "fetch",
        "--rename-command", "FLUSHALL", "my-flush-with-a-name-longer-than-any-command-has-0123456789-0123456789-0123456789",
        "--rename-command", "randomkey", "",
    ];
}
