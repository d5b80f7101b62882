using System.Diagnostics;
using Basalt.Config;
using Xunit;

namespace Basalt.Tests.Config;

/// <summary>Runs the real redis-server on bad command lines and checks that Basalt reports them byte for byte alike.</summary>
public sealed class FatalReportInteropTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basalt-fatal-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    public static TheoryData<string[]> BadCommandLines() => new()
    {
        new[] { "--port", "abc" },
        new[] { "--port" },
        new[] { "--no-such-option", "1" },
        new[] { "--hz", "10", "--daemonize", "maybe" },
        new[] { "--maxmemory", "12xb" },
        new[] { "--maxmemory-clients", "101%" },
        new[] { "--unixsocketperm", "8" },
        new[] { "--save", "60" },
        new[] { "--save", "60 1 30" },
        new[] { "--bind", "1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17" },
        new[] { "--appendfsync", "sometimes" },
        new[] { "--shutdown-on-sigterm", "now", "bogus" },
        new[] { "--requirepass", "a", "b" },
        new[] { "--replicaof", "host", "70000" },
        new[] { "--notify-keyspace-events", "Kq" },
        new[] { "--client-output-buffer-limit", "pubsub 1mb 1mb x" },
        new[] { "--appenddirname", "a/b" },
        new[] { "--proc-title-template", "{title} {x}" },
        new[] { "--replicaof", "localhost 6379", "--cluster-enabled", "yes" },
    };

    [Theory]
    [MemberData(nameof(BadCommandLines))]
    public void SameReportAsRedis(string[] args)
    {
        var redis = RunRedis(args);
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var config = ServerConfig.FromCommandLine(args, stdout, stderr, TextReader.Null, "0.0.0", out var exitCode);

        Assert.Equal(1, redis.ExitCode);
        Assert.Null(config);
        Assert.Equal(redis.ExitCode, exitCode);
        Assert.Equal(redis.Stderr, stderr.ToString());
    }

    private (int ExitCode, string Stderr) RunRedis(string[] args)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("BASALT_REDIS_SERVER") ?? "redis-server")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            WorkingDirectory = _dir,
        };
        foreach (var arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(10_000))
        {
            // A command line Redis accepts would start a server: stop it and fail.
            process.Kill();
            Assert.Fail("redis-server accepted " + string.Join(' ', args));
        }
        return (process.ExitCode, stderr.Result);
    }
}
