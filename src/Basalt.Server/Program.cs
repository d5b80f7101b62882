using Basalt.Config;
using Basalt.Server;

namespace Basalt.Server.Cli;

/// <summary>basalt-server: starts like redis-server ([config file] [--name value ...]).</summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        // First, before anything in the runtime looks at SIGINT (see InterruptSignal).
        InterruptSignal.StopIgnoring();
        // Run socket continuations on the epoll thread instead of hopping to the thread pool:
        // command execution never blocks (it takes the server lock briefly), and the hop
        // costs more than the command on the request/response path. Must precede any socket use.
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS", "1");
        }
        // One event thread, as Redis has one: with inlined completions .NET would start one per
        // core, and on a small machine those threads then fight over the server lock and over the
        // cores the clients need (measured: -P 16 throughput +30-50%, p99 4-8 ms -> ~1 ms on 2 cores).
        if (Environment.GetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT") is null)
        {
            Environment.SetEnvironmentVariable("DOTNET_SYSTEM_NET_SOCKETS_THREAD_COUNT", "1");
        }
        // Key names and file names reach stdout (the log, the RDB check report at a failed start) as
        // the bytes they are, as redis-server prints them, even when they are not UTF-8.
        Console.SetOut(new StreamWriter(Console.OpenStandardOutput(), Basalt.Text.SurrogateEscape.Encoding) { AutoFlush = true });
        var config = ServerConfig.FromCommandLine(args, Console.Out, Console.Error, Console.In, BasaltServer.Version, out var exitCode);
        if (config is null)
        {
            return exitCode;
        }
        if (config.Daemonize)
        {
            if (!Daemon.IsDaemonChild)
            {
                return Daemon.StartDetachedCopy();
            }
            Daemon.DetachSession();
            if (string.IsNullOrEmpty(config.PidFile))
            {
                // Redis writes a pid file by default when daemonized.
                config.TrySet([("pidfile", "/var/run/redis.pid")], out _, loading: true);
            }
        }
        var log = new ServerLog();
        try
        {
            log.UseFile(config.LogFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Can't open the log file: {e.Message}");
            return 1;
        }
        log.Write(LogLevel.Warning, "oO0OoO0OoO0Oo Basalt is starting oO0OoO0OoO0Oo", 'C');
        log.Write(LogLevel.Warning, $"Basalt version={BasaltServer.Version}, bits=64, commit=00000000, modified=0, pid={Environment.ProcessId}, just started", 'C');
        // As redis-server: any argument (a file or options) makes a loaded configuration.
        if (args.Length == 0)
        {
            log.Write(LogLevel.Warning, "Warning: no config file specified, using the default config. In order to specify a config file use basalt-server /path/to/redis.conf", 'C');
        }
        else
        {
            log.Write(LogLevel.Warning, "Configuration loaded", 'C');
        }

        var server = new BasaltServer(config, log);
        var host = new ServerHost(server);
        return await host.RunAsync();
    }
}
