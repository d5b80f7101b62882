using System.Globalization;
using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>redis-cli and redis-benchmark against basalt-server, with redis-server as the reference.</summary>
public sealed partial class RedisToolsInteropTests(ITestOutputHelper output)
{
    private static readonly TimeSpan ToolTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Redis_cli_one_shot_and_piped_output_matches_redis()
    {
        await using var pair = await ServerPair.StartAsync(connections: 0);
        string[][] oneShot =
        [
            ["SET", "greeting", "hello world"],
            ["GET", "greeting"],
            ["GET", "missing"],
            ["INCR", "counter"],
            ["INCRBYFLOAT", "counter", "0.5"],
            ["MSET", "a", "1", "b", "2"],
            ["MGET", "a", "b", "nothing"],
            ["EXISTS", "a", "b", "c"],
            ["TYPE", "a"],
            ["DEL", "a"],
            ["GETRANGE", "greeting", "0", "4"],
            ["STRLEN", "greeting"],
            ["NOSUCHCOMMAND"],
            ["SET", "x"],
            ["ECHO", "tab\tand\nnewline"],
            ["PING"],
            ["DBSIZE"],
        ];
        foreach (var command in oneShot)
        {
            foreach (var mode in new[] { Array.Empty<string>(), ["--no-raw"], ["-3"] })
            {
                var redis = await ExternalTool.RunAsync("redis-cli", ["-p", pair.Redis.Port.ToString(CultureInfo.InvariantCulture), .. mode, .. command], ToolTimeout);
                var basalt = await ExternalTool.RunAsync("redis-cli", ["-p", pair.Basalt.Port.ToString(CultureInfo.InvariantCulture), .. mode, .. command], ToolTimeout);
                string what = $"redis-cli {string.Join(' ', mode)} {string.Join(' ', command)}";
                Assert.True(redis.Stdout == basalt.Stdout && redis.ExitCode == basalt.ExitCode,
                    $"{what}\n  redis (exit {redis.ExitCode}):  {redis.Stdout}{redis.Stderr}\n  basalt (exit {basalt.ExitCode}): {basalt.Stdout}{basalt.Stderr}");
            }
        }

        const string piped = "SET p1 v1\nGET p1\nAPPEND p1 \"quoted value\"\nGET p1\nEXPIRE p1 1000\nTTL p1\nMULTI\nINCR n\nINCR n\nEXEC\nKEYS p*\nSELECT 3\nDBSIZE\n";
        var r = await ExternalTool.RunAsync("redis-cli", ["-p", pair.Redis.Port.ToString(CultureInfo.InvariantCulture)], ToolTimeout, piped);
        var b = await ExternalTool.RunAsync("redis-cli", ["-p", pair.Basalt.Port.ToString(CultureInfo.InvariantCulture)], ToolTimeout, piped);
        output.WriteLine(r.Stdout);
        Assert.Equal(r.Stdout, b.Stdout);
        Assert.Equal(r.ExitCode, b.ExitCode);
    }

    [Fact]
    public async Task Redis_benchmark_completes_every_string_and_key_test()
    {
        await using var server = await ServerProcess.StartAsync(ServerKind.Basalt);
        const string tests = "ping_inline,ping_mbulk,set,get,incr,mset";
        var result = await ExternalTool.RunAsync("redis-benchmark",
            ["-h", "127.0.0.1", "-p", server.Port.ToString(CultureInfo.InvariantCulture), "-t", tests, "-n", "100000", "-c", "50", "-q"], ToolTimeout);
        output.WriteLine(result.Stdout);
        output.WriteLine(result.Stderr);
        Assert.True(result.ExitCode == 0, $"redis-benchmark exited with {result.ExitCode}: {result.Stdout}{result.Stderr}");
        foreach (var name in new[] { "PING_INLINE", "PING_MBULK", "SET", "GET", "INCR", "MSET (10 keys)" })
        {
            Assert.True(Regex.IsMatch(result.Stdout, "(^|\\r|\\n)" + Regex.Escape(name) + @": [\d.]+ requests per second"),
                $"no result line for {name} in:\n{result.Stdout}{result.Stderr}");
        }
        Assert.DoesNotMatch(ErrorLine(), result.Stdout + result.Stderr);
        await using var c = await server.ConnectAsync();
        Assert.Equal("+PONG\\r\\n", (await c.ExecuteAsync("PING")).RawText);
    }

    [GeneratedRegex("ERR|Error|error")]
    private static partial Regex ErrorLine();
}
