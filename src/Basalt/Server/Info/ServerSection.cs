using System.Runtime.InteropServices;

namespace Basalt.Server.Info;

/// <summary>INFO server: version, process, ports, uptime, clocks, as Redis 7.0 lists them.</summary>
public static class ServerSection
{
    // Redis's LRU clock: seconds, on 24 bits.
    private const long LruClockMax = (1 << 24) - 1;

    private static readonly string BuildId =
        typeof(BasaltServer).Assembly.ManifestModule.ModuleVersionId.ToString("N")[..16];

    private static readonly string Executable = ResolveExecutable();

    public static void Write(InfoWriter info, BasaltServer server)
    {
        var config = server.Config;
        var now = DateTimeOffset.UtcNow;
        var uptime = (long)server.Uptime.Elapsed.TotalSeconds;
        info.Section("Server");
        info.Field("redis_version", BasaltServer.Version);
        info.Field("redis_git_sha1", "00000000");
        info.Field("redis_git_dirty", 0);
        info.Field("redis_build_id", BuildId);
        info.Field("redis_mode", "standalone");
        info.Field("os", ProcessMetrics.Os);
        info.Field("arch_bits", IntPtr.Size * 8);
        // .NET's Stopwatch and Socket are clock_gettime(CLOCK_MONOTONIC) and epoll on Linux, as Redis's defaults.
        info.Field("monotonic_clock", "POSIX clock_gettime");
        info.Field("multiplexing_api", OperatingSystem.IsLinux() ? "epoll" : OperatingSystem.IsWindows() ? "iocp" : "kqueue");
        info.Field("atomicvar_api", "c11-builtin");
        // Not built with GCC: Redis prints 0.0.0 in that case.
        info.Field("gcc_version", "0.0.0");
        info.Field("process_id", Environment.ProcessId);
        info.Field("process_supervised", Supervised(config.Supervised));
        info.Field("run_id", server.RunId);
        info.Field("tcp_port", config.Port);
        info.Field("server_time_usec", now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10);
        info.Field("uptime_in_seconds", uptime);
        info.Field("uptime_in_days", uptime / (3600 * 24));
        info.Field("hz", config.Hz);
        info.Field("configured_hz", config.Hz);
        info.Field("lru_clock", now.ToUnixTimeSeconds() & LruClockMax);
        info.Field("executable", Executable);
        info.Field("config_file", config.ConfigFile ?? "");
        info.Field("io_threads_active", 0);
    }

    // Redis reports the supervision it actually detected: "auto" resolves through the environment.
    private static string Supervised(string mode) => mode switch
    {
        "upstart" => "upstart",
        "systemd" => "systemd",
        "auto" when Environment.GetEnvironmentVariable("UPSTART_JOB") is not null => "upstart",
        "auto" when Environment.GetEnvironmentVariable("NOTIFY_SOCKET") is not null => "systemd",
        _ => "no",
    };

    // The absolute path the server was started as (argv[0]): the basalt-server binary or its dll.
    private static string ResolveExecutable()
    {
        var args = Environment.GetCommandLineArgs();
        var path = args.Length > 0 && args[0].Length > 0 ? args[0] : Environment.ProcessPath ?? "";
        try
        {
            return path.Length == 0 ? "" : Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            return path;
        }
    }
}
