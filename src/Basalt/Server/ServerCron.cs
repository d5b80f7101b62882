using System.Diagnostics;

namespace Basalt.Server;

/// <summary>
/// Redis's serverCron: runs <c>hz</c> times a second under the server lock — active expiry,
/// idle-client timeouts, the instantaneous metrics, and a requested shutdown.
/// </summary>
public sealed class ServerCron
{
    private readonly BasaltServer _server;
    private readonly Action<ShutdownRequest> _shutdown;
    private readonly InstantaneousMetrics _metrics;
    private readonly MemoryReclaimer _reclaimer = new();
    private Thread? _thread;
    private volatile bool _stopping;

    public ServerCron(BasaltServer server, Action<ShutdownRequest> shutdown)
    {
        _server = server;
        _shutdown = shutdown;
        _metrics = server.Metrics;
    }

    /// <summary>Times the cron ran (DEBUG and tests use it to wait for a cycle).</summary>
    public long Cycles { get; private set; }

    /// <summary>DEBUG PAUSE-CRON: while true the cron does nothing.</summary>
    public bool Paused { get; set; }

    public void Start()
    {
        _thread = new Thread(Run) { IsBackground = true, Name = "basalt-cron" };
        _thread.Start();
    }

    public void Stop() => _stopping = true;

    private void Run()
    {
        var clock = Stopwatch.StartNew();
        while (!_stopping)
        {
            var hz = Math.Clamp(_server.Config.Hz, 1, 500);
            Thread.Sleep(Math.Max(1, 1000 / hz));
            if (Paused)
            {
                continue;
            }
            ShutdownRequest? shutdown;
            lock (_server.Sync)
            {
                _server.Databases.UpdateClock();
                if (!_server.Loading)
                {
                    _server.ActiveExpire.Run(_server.Databases, hz, _server.Config.ActiveExpireEffort);
                }
                CloseIdleClients();
                // Blocked clients whose timeout passed get their null reply (at hz resolution).
                _server.Blocking.ExpireTimeouts(_server.Databases.NowMs);
                _reclaimer.MaybeCollect(Interlocked.Read(ref _server.Stats.TotalConnectionsReceived), _server.Clients.Count, _server.Databases.NowMs);
                _metrics.Sample(_server, clock.ElapsedMilliseconds);
                _server.Memory.Sample(_server.Databases);
                _server.Rdb.Cron();
                _server.Aof.Cron();
                Cycles++;
                shutdown = _server.PendingShutdown;
            }
            if (shutdown is not null)
            {
                _shutdown(shutdown);
                return;
            }
        }
    }

    private void CloseIdleClients()
    {
        var timeout = _server.Config.Timeout;
        if (timeout <= 0)
        {
            return;
        }
        var now = _server.Databases.NowMs;
        foreach (var client in _server.Clients.All)
        {
            // A blocked client is waiting on purpose: its own timeout applies, not the idle one.
            if (client.Has(ClientFlags.Monitor) || client.Has(ClientFlags.Blocked))
            {
                continue;
            }
            if (now - client.LastInteractionMs > timeout * 1000L)
            {
                _server.Log.Verbose("Closing idle client");
                client.Channel.Close();
            }
        }
    }
}
