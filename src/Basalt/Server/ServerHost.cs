using System.Runtime.InteropServices;
using Basalt.Network;

namespace Basalt.Server;

/// <summary>
/// The server's life: start-up with Redis's log lines, the listeners, the cron, signals, and the
/// orderly shutdown that scripts wait for.
/// </summary>
public sealed class ServerHost
{
    private readonly BasaltServer _server;
    private readonly ListenerSet _listeners;
    private readonly List<PosixSignalRegistration> _signals = [];
    private int _signalCount;

    public ServerHost(BasaltServer server)
    {
        _server = server;
        _listeners = new ListenerSet(server);
        // CONFIG SET port / bind move the listeners (Redis's apply functions updatePort, applyBind).
        var apply = server.Config.Apply;
        server.Config.Apply = name => name is "port" or "bind" ? _listeners.Reopen(name) : apply?.Invoke(name);
    }

    public BasaltServer Server => _server;

    /// <summary>Starts the server; returns the exit code once it has stopped.</summary>
    public async Task<int> RunAsync()
    {
        var log = _server.Log;
        var config = _server.Config;
        _server.EnterDataDirectory();
        if (config.AlwaysShowLogo)
        {
            foreach (var line in Logo.Lines(BasaltServer.Version, config.Port, Environment.ProcessId))
            {
                log.WriteRawLine(line);
            }
        }
        else
        {
            log.Notice($"Running mode=standalone, port={config.Port}.");
        }

        // adjustOpenFilesLimit: maxclients as the open files limit allows, before any socket opens.
        var allowedClients = OpenFilesLimit.Adjust(config.MaxClients, log);
        if (allowedClients == 0)
        {
            return 1;
        }
        config.LimitMaxClients(allowedClients);
        if (!_listeners.Open())
        {
            return 1;
        }
        WritePidFile();
        // Before "Server initialized", as Redis's initServer does: a signal sent as soon as the
        // ready line appears must find the handlers in place, not the default (die at once).
        InstallSignalHandlers();
        log.Warning("Server initialized");
        _server.Cron = new ServerCron(_server, Shutdown);
        _server.Cron.Start();
        // Clients may connect while the data loads: they get -LOADING until it is done.
        if (!LoadData())
        {
            return 1;
        }
        if (_listeners.HasTcp)
        {
            log.Notice("Ready to accept connections");
        }
        if (_listeners.UnixPath is not null)
        {
            log.Notice($"The server is now ready to accept connections at {_listeners.UnixPath}");
        }
        var code = await _server.Stopped.Task.ConfigureAwait(false);
        foreach (var registration in _signals)
        {
            registration.Dispose();
        }
        return code;
    }

    /// <summary>loadDataFromDisk: the AOF when it is on, else dump.rdb; false when the server must exit 1.</summary>
    private bool LoadData()
    {
        lock (_server.Sync)
        {
            // Accepting starts under the lock, so no command can run before the load has begun.
            _listeners.StartAccepting();
            // With appendonly yes only the AOF is loaded: dump.rdb is never read, even without an AOF.
            var loaded = _server.Config.AppendOnly ? _server.Aof.Start() : _server.Aof.ReadManifest() && _server.Rdb.LoadOnStartup();
            if (loaded)
            {
                _server.Aof.DeleteHistory();
            }
            return loaded;
        }
    }

    private void InstallSignalHandlers()
    {
        foreach (var signal in new[] { PosixSignal.SIGTERM, PosixSignal.SIGINT })
        {
            _signals.Add(PosixSignalRegistration.Create(signal, context =>
            {
                context.Cancel = true;
                var name = context.Signal == PosixSignal.SIGTERM ? "SIGTERM" : "SIGINT";
                var prefix = $"{Environment.ProcessId}:signal-handler ({DateTimeOffset.UtcNow.ToUnixTimeSeconds()}) ";
                if (Interlocked.Increment(ref _signalCount) > 1 && context.Signal == PosixSignal.SIGINT)
                {
                    _server.Log.WriteRawLine(prefix + "You insist... exiting now.");
                    RemovePidFile();
                    Environment.Exit(1);
                }
                _server.Log.WriteRawLine(prefix + $"Received {name} scheduling shutdown...");
                lock (_server.Sync)
                {
                    if (_server.PendingShutdown is not null)
                    {
                        return;
                    }
                    var request = ShutdownSequence.ForSignal(_server, name);
                    if (ShutdownSequence.Prepare(_server, request))
                    {
                        _server.PendingShutdown = request;
                    }
                    else
                    {
                        _server.Log.Warning($"{name} received but errors trying to shut down the server, check the logs for more information");
                    }
                }
            }));
        }
    }

    /// <summary>
    /// Runs on the cron thread once a shutdown was prepared (<see cref="ShutdownSequence"/>, by
    /// SHUTDOWN or a signal): closes the clients and the listeners, and exits.
    /// </summary>
    private void Shutdown(ShutdownRequest request)
    {
        var log = _server.Log;
        lock (_server.Sync)
        {
            foreach (var client in _server.Clients.All.ToList())
            {
                client.Channel.Close();
            }
        }
        _listeners.Dispose();
        log.Warning("Basalt is now ready to exit, bye bye...");
        _server.Stopped.TrySetResult(0);
    }

    private void WritePidFile()
    {
        var path = _server.Config.PidFile;
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        try
        {
            File.WriteAllText(path, Environment.ProcessId + "\n");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _server.Log.Warning($"Failed to write PID file: {e.Message}");
        }
    }

    private void RemovePidFile()
    {
        var path = _server.Config.PidFile;
        if (!string.IsNullOrEmpty(path))
        {
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
            }
        }
    }
}
