using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Server;

/// <summary>The start-up lines scripts wait for, worded as redis-server 7.0.15 words them.</summary>
public sealed partial class StartupLogTests
{
    [Fact]
    public async Task Startup_lines_read_as_redis_writes_them()
    {
        await using var redis = await ServerProcess.StartAsync(ServerKind.Redis);
        await using var basalt = await ServerProcess.StartAsync(ServerKind.Basalt);
        // Command-line options make a loaded configuration, as a file does.
        string[] lines = ["# Configuration loaded", "# Server initialized", "* Ready to accept connections"];
        Assert.Equal(lines, Messages(redis).Where(lines.Contains));
        Assert.Equal(lines, Messages(basalt).Where(lines.Contains));
    }

    /// <summary>Each log line without its "pid:role date time" prefix.</summary>
    private static IEnumerable<string> Messages(ServerProcess server) =>
        server.LogLines.Select(line => Prefix().Replace(line, ""));

    [GeneratedRegex(@"^\d+:[A-Z] \d+ \w+ \d+ [\d:.]+ ")]
    private static partial Regex Prefix();
}
