using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace Basalt.Tests.Infrastructure;

/// <summary>How to start a <see cref="ServerProcess"/>.</summary>
public sealed record ServerStartOptions
{
    /// <summary>Arguments appended after the defaults (later ones win, as with redis-server), e.g. <c>["--appendonly", "yes"]</c>.</summary>
    public IReadOnlyList<string> ExtraArgs { get; init; } = [];

    /// <summary>A redis.conf path passed as the first argument.</summary>
    public string? ConfigFile { get; init; }

    /// <summary>Adds <c>--save "" --appendonly no</c> (default true). Set false to get the server's own defaults.</summary>
    public bool DisablePersistence { get; init; } = true;

    /// <summary>Adds <c>--enable-debug-command yes</c> (default true).</summary>
    public bool EnableDebugCommand { get; init; } = true;

    /// <summary>Working directory (<c>--dir</c>) to use instead of a fresh temp dir. It is not deleted afterwards.</summary>
    public string? Dir { get; init; }

    /// <summary>A fixed port instead of an ephemeral one (no retry on another port if it is taken).</summary>
    public int? Port { get; init; }

    /// <summary>How long to wait for <c>Ready to accept connections</c> (default 60 s).</summary>
    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Environment variables for the server process.</summary>
    public IReadOnlyDictionary<string, string>? Environment { get; init; }
}

/// <summary>The outcome of <see cref="ServerProcess.RunToExitAsync"/>.</summary>
public sealed record ServerRunResult(int ExitCode, IReadOnlyList<string> Lines)
{
    public string Log => string.Join('\n', Lines);
}

/// <summary>
/// A basalt-server or redis-server child process on 127.0.0.1, on its own ephemeral port and temp dir, with its
/// stdout/stderr captured line by line. Disposing kills it (SIGKILL by PID) if still running and deletes the temp dir.
/// </summary>
public sealed partial class ServerProcess : IDisposable, IAsyncDisposable
{
    public const string ReadyLine = "Ready to accept connections";

    private const int SIGKILL = 9;
    private const int SIGTERM = 15;

    private static readonly ConcurrentDictionary<int, Process> Running = new();

    private readonly Process _process;
    private readonly List<string> _lines = [];
    private readonly Lock _linesGate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly bool _ownsDir;
    private bool _disposed;

    static ServerProcess()
    {
        // Never leave servers behind if the test host goes away.
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            foreach (var pid in Running.Keys)
            {
                _ = SendSignal(pid, SIGKILL);
            }
        };
    }

    private ServerProcess(ServerKind kind, Process process, int port, string dir, bool ownsDir, string fileName, IReadOnlyList<string> args)
    {
        Kind = kind;
        _process = process;
        Port = port;
        Dir = dir;
        _ownsDir = ownsDir;
        FileName = fileName;
        Arguments = args;
    }

    public ServerKind Kind { get; }

    /// <summary>True when this process is really redis-server (kind Redis, or Basalt redirected by BASALT_TEST_SERVER=redis).</summary>
    public bool IsRealRedis => Path.GetFileName(FileName).StartsWith("redis", StringComparison.Ordinal);

    public int Port { get; }

    /// <summary>The server's <c>--dir</c>.</summary>
    public string Dir { get; }

    public int Pid => _process.Id;

    public string FileName { get; }

    public IReadOnlyList<string> Arguments { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    /// <summary>A snapshot of the lines the process wrote so far (stdout and stderr interleaved as received).</summary>
    public IReadOnlyList<string> LogLines
    {
        get
        {
            lock (_linesGate)
            {
                return _lines.ToArray();
            }
        }
    }

    /// <summary>Number of lines captured so far; pass it as <c>startIndex</c> to wait only for later lines.</summary>
    public int LogLineCount
    {
        get
        {
            lock (_linesGate)
            {
                return _lines.Count;
            }
        }
    }

    public string LogText => string.Join('\n', LogLines);

    /// <summary>Resident set size of the server process (VmRSS).</summary>
    public long RssBytes => ProcessMemory.RssBytes(Pid);

    public override string ToString() => $"{Kind} ({Path.GetFileName(FileName)}) pid {Pid} port {Port}";

    public static Task<ServerProcess> StartAsync(ServerKind kind, params string[] extraArgs) =>
        StartAsync(kind, new ServerStartOptions { ExtraArgs = extraArgs });

    /// <summary>
    /// Starts a server with <c>--port N --bind 127.0.0.1 --dir D</c> (+ <c>--save "" --appendonly no
    /// --enable-debug-command yes</c> by default) + extra args, and waits for <see cref="ReadyLine"/>.
    /// If the port turns out to be taken, retries on another one.
    /// </summary>
    public static async Task<ServerProcess> StartAsync(ServerKind kind, ServerStartOptions options)
    {
        bool ownsDir = options.Dir is null;
        string dir = options.Dir ?? CreateTempDir(kind);
        Directory.CreateDirectory(dir);
        Exception? last = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            int port = options.Port ?? FreePorts.Next();
            var serverArgs = new List<string>();
            if (options.ConfigFile is not null)
            {
                serverArgs.Add(options.ConfigFile);
            }
            serverArgs.AddRange(["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir]);
            if (options.DisablePersistence)
            {
                serverArgs.AddRange(["--save", "", "--appendonly", "no"]);
            }
            if (options.EnableDebugCommand)
            {
                serverArgs.AddRange(["--enable-debug-command", "yes"]);
            }
            serverArgs.AddRange(options.ExtraArgs);

            var server = Launch(kind, serverArgs, port, dir, ownsDir, options.Environment);
            try
            {
                await server.WaitForReadyAsync(options.StartTimeout);
                return server;
            }
            catch (Exception e)
            {
                bool portTaken = PortTakenRegex().IsMatch(server.LogText);
                server.KillAndForget(deleteDir: false);
                last = e;
                if (!portTaken || options.Port is not null)
                {
                    break;
                }
            }
        }
        if (ownsDir)
        {
            DeleteDirectory(dir);
        }
        throw last!;
    }

    /// <summary>Runs the server binary with exactly <paramref name="args"/> (no defaults) until it exits; kills it after <paramref name="timeout"/>.</summary>
    public static async Task<ServerRunResult> RunToExitAsync(ServerKind kind, IReadOnlyList<string> args, TimeSpan timeout, string? workingDirectory = null)
    {
        var server = Launch(kind, args, 0, workingDirectory ?? Path.GetTempPath(), ownsDir: false, null, workingDirectory);
        try
        {
            using var cts = new CancellationTokenSource(timeout);
            try
            {
                await server._process.WaitForExitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"{server} did not exit within {timeout}; args: {DescribeArgs(args)}\n--- log ---\n{server.LogText}");
            }
            return new ServerRunResult(server._process.ExitCode, server.LogLines);
        }
        finally
        {
            server.Dispose();
        }
    }

    public Task<RespConnection> ConnectAsync(TimeSpan? timeout = null) => RespConnection.ConnectAsync(Port, timeout);

    /// <summary>
    /// Waits until a log line (index &gt;= <paramref name="startIndex"/>) matches <paramref name="pattern"/> and returns it.
    /// Throws <see cref="TimeoutException"/> (with the log) on timeout, or if the process exits without writing it.
    /// </summary>
    public async Task<string> WaitForLogLineAsync(Regex pattern, TimeSpan timeout, int startIndex = 0)
    {
        var deadline = DateTime.UtcNow + timeout;
        int next = startIndex;
        while (true)
        {
            Task changed;
            lock (_linesGate)
            {
                for (; next < _lines.Count; next++)
                {
                    if (pattern.IsMatch(_lines[next]))
                    {
                        return _lines[next];
                    }
                }
                changed = _changed.Task;
            }
            if (_process.HasExited && OutputDrained)
            {
                // One more look: lines may have arrived between the check and here.
                lock (_linesGate)
                {
                    for (; next < _lines.Count; next++)
                    {
                        if (pattern.IsMatch(_lines[next]))
                        {
                            return _lines[next];
                        }
                    }
                }
                throw new TimeoutException(
                    $"{this} exited (code {_process.ExitCode}) without a log line matching /{pattern}/; args: {DescribeArgs(Arguments)}\n--- log ---\n{LogText}");
            }
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                throw new TimeoutException(
                    $"{this}: no log line matching /{pattern}/ within {timeout}; args: {DescribeArgs(Arguments)}\n--- log ---\n{LogText}");
            }
            // Wake on a new line, on exit, or at least every 100 ms.
            await Task.WhenAny(changed, Task.Delay(remaining < TimeSpan.FromMilliseconds(100) ? remaining : TimeSpan.FromMilliseconds(100)));
        }
    }

    public Task<string> WaitForLogLineAsync(string regex, TimeSpan timeout, int startIndex = 0) =>
        WaitForLogLineAsync(new Regex(regex, RegexOptions.CultureInvariant), timeout, startIndex);

    /// <summary>Synchronous form of <see cref="WaitForLogLineAsync(Regex, TimeSpan, int)"/>.</summary>
    public string WaitForLogLine(Regex pattern, TimeSpan timeout, int startIndex = 0) =>
        WaitForLogLineAsync(pattern, timeout, startIndex).GetAwaiter().GetResult();

    public string WaitForLogLine(string regex, TimeSpan timeout, int startIndex = 0) =>
        WaitForLogLineAsync(regex, timeout, startIndex).GetAwaiter().GetResult();

    /// <summary>Sends a signal to the server's PID.</summary>
    public void Signal(int signal)
    {
        if (!_process.HasExited && SendSignal(Pid, signal) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (!_process.HasExited)
            {
                throw new InvalidOperationException($"kill({Pid}, {signal}) failed with errno {errno}");
            }
        }
    }

    /// <summary>SIGKILL by PID (a crash), then waits for the process to be gone.</summary>
    public void Kill()
    {
        Signal(SIGKILL);
        if (!_process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            throw new TimeoutException($"{this} still running 30 s after SIGKILL");
        }
        Running.TryRemove(Pid, out _);
    }

    /// <summary>SIGTERM by PID and waits for exit; returns the exit code. Throws (and SIGKILLs) if it does not exit in time.</summary>
    public async Task<int> StopAsync(TimeSpan? timeout = null)
    {
        var to = timeout ?? TimeSpan.FromSeconds(30);
        Signal(SIGTERM);
        using var cts = new CancellationTokenSource(to);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            Signal(SIGKILL);
            throw new TimeoutException($"{this} did not exit within {to} of SIGTERM\n--- log ---\n{LogText}");
        }
        Running.TryRemove(Pid, out _);
        return _process.ExitCode;
    }

    public int Stop(TimeSpan? timeout = null) => StopAsync(timeout).GetAwaiter().GetResult();

    /// <summary>Waits for the process to exit by itself (e.g. after SHUTDOWN); returns the exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{this} did not exit within {timeout}\n--- log ---\n{LogText}");
        }
        Running.TryRemove(Pid, out _);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        KillAndForget(deleteDir: _ownsDir);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private async Task WaitForReadyAsync(TimeSpan timeout)
    {
        await WaitForLogLineAsync(new Regex(Regex.Escape(ReadyLine)), timeout);
    }

    private void KillAndForget(bool deleteDir)
    {
        try
        {
            if (!_process.HasExited)
            {
                _ = SendSignal(Pid, SIGKILL);
                _process.WaitForExit(TimeSpan.FromSeconds(30));
            }
        }
        catch (InvalidOperationException)
        {
        }
        Running.TryRemove(_process.Id, out _);
        _process.Dispose();
        if (deleteDir)
        {
            DeleteDirectory(Dir);
        }
    }

    private int _openStreams = 2;

    private bool OutputDrained => Volatile.Read(ref _openStreams) == 0;

    private static ServerProcess Launch(ServerKind kind, IReadOnlyList<string> serverArgs, int port, string dir, bool ownsDir,
        IReadOnlyDictionary<string, string>? environment, string? workingDirectory = null)
    {
        var (fileName, prefix) = ResolveCommand(kind);
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
            WorkingDirectory = workingDirectory ?? dir,
        };
        foreach (var a in prefix)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var a in serverArgs)
        {
            psi.ArgumentList.Add(a);
        }
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        // No debugger pipes or diagnostics socket: the runtime makes them in /tmp and removes them at
        // a clean exit, so every server a test kills (kill -9) would leave three files behind.
        psi.Environment["DOTNET_EnableDiagnostics_Debugger"] = "0";
        psi.Environment["DOTNET_EnableDiagnostics_IPC"] = "0";
        if (environment is not null)
        {
            foreach (var (k, v) in environment)
            {
                psi.Environment[k] = v;
            }
        }
        var process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        var server = new ServerProcess(kind, process, port, dir, ownsDir, fileName, [.. prefix, .. serverArgs]);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server.Notify();
        if (!process.Start())
        {
            throw new InvalidOperationException($"could not start {fileName}");
        }
        Running[process.Id] = process;
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return server;
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            Interlocked.Decrement(ref _openStreams);
        }
        else
        {
            lock (_linesGate)
            {
                _lines.Add(line);
            }
        }
        Notify();
    }

    private void Notify()
    {
        TaskCompletionSource old;
        lock (_linesGate)
        {
            old = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        old.TrySetResult();
    }

    /// <summary>The executable and the arguments that go before the server's own.</summary>
    public static (string FileName, string[] Prefix) ResolveCommand(ServerKind kind)
    {
        string redis = System.Environment.GetEnvironmentVariable("BASALT_REDIS_SERVER") ?? "redis-server";
        if (kind == ServerKind.Redis ||
            string.Equals(System.Environment.GetEnvironmentVariable("BASALT_TEST_SERVER"), "redis", StringComparison.OrdinalIgnoreCase))
        {
            return (redis, []);
        }
        string dll = System.Environment.GetEnvironmentVariable("BASALT_SERVER_DLL")
            ?? Path.Combine(AppContext.BaseDirectory, "basalt-server.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"basalt-server.dll not found at {dll}", dll);
        }
        string dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host)
            ? host
            : "dotnet";
        return (dotnet, [dll]);
    }

    private static string CreateTempDir(ServerKind kind)
    {
        string dir = Path.Combine(Path.GetTempPath(), "basalt-tests", $"{kind.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static void DeleteDirectory(string dir)
    {
        for (int i = 0; i < 5; i++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(50);
            }
            catch (UnauthorizedAccessException)
            {
                Thread.Sleep(50);
            }
        }
    }

    private static string DescribeArgs(IEnumerable<string> args) =>
        string.Join(' ', args.Select(a => a.Length == 0 || a.Contains(' ') ? $"\"{a}\"" : a));

    [GeneratedRegex("Address already in use|Failed listening on port|Could not create server TCP listening socket|EADDRINUSE")]
    private static partial Regex PortTakenRegex();

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int SendSignal(int pid, int sig);
}
