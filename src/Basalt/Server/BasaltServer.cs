using System.Diagnostics;
using Basalt.Commands;
using Basalt.Config;
using Basalt.Keyspace;

namespace Basalt.Server;

/// <summary>
/// The server's shared state: configuration, log, databases, commands, clients and statistics.
/// Everything here is read and changed under <see cref="Sync"/>, the lock that puts all commands
/// in one order (DESIGN.md decision 1).
/// </summary>
public sealed class BasaltServer
{
    public const string Version = "7.0.15";

    public BasaltServer(ServerConfig config, ServerLog log)
    {
        Config = config;
        Log = log;
        Databases = new DatabaseSet(config.Databases);
        Blocking = new Blocking.BlockingRegistry(this);
        Databases.ReadyListener = Blocking;
        Commands = CommandRegistry.Build();
        foreach (var (name, newName) in config.RenamedCommands)
        {
            // Checked as the configuration was read: it cannot fail here.
            Commands.Rename(name, newName);
        }
        Executor = new CommandExecutor(this);
        RunId = KernelRandom.Hex(20);
        StartTimeMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        Persistence = new Info.PersistenceInfo(StartTimeMs / 1000);
        Rdb = new Basalt.Persistence.RdbPersistence(this);
        Aof = new Basalt.Persistence.AofPersistence(this);
        KeyspaceEvents = new PubSub.KeyspaceEvents(this);
        Databases.EventSink = KeyspaceEvents;
        // One forkless snapshot at a time, as Redis runs one child at a time.
        // A BACKUP's snapshot (neither BGSAVE's nor the rewrite's) also keeps a BGSAVE waiting.
        Rdb.OtherSnapshotRunning = () => Aof.RewriteInProgress || ActiveSnapshot is { } s && !ReferenceEquals(s, Rdb.Background);
        // writeCommandsDeniedByDiskError: a failed BGSAVE first, then a failing AOF.
        WriteRefusalCheck = () => Rdb.WriteRefusal() ?? Aof.WriteRefusal();
        // Keys deleted on the way are written to the AOF as DEL (UNLINK when freed lazily), where they happen.
        Databases.KeyExpired += (db, entry) =>
        {
            if (Propagation.Active)
            {
                Propagation.Also(db.Index, Config.LazyfreeLazyExpire ? "UNLINK"u8.ToArray() : "DEL"u8.ToArray(), entry.Key.ToArray());
            }
            KeyspaceEvents.Notify(Basalt.Config.Parameters.KeyspaceEventClasses.Expired, "expired", db.Index, entry.Key);
        };
        Databases.KeyEvicted += (db, entry) =>
        {
            if (Propagation.Active)
            {
                Propagation.Also(db.Index, Config.LazyfreeLazyEviction ? "UNLINK"u8.ToArray() : "DEL"u8.ToArray(), entry.Key.ToArray());
            }
            KeyspaceEvents.Notify(Basalt.Config.Parameters.KeyspaceEventClasses.Evicted, "evicted", db.Index, entry.Key);
        };
        // appendonly yes at runtime starts the first rewrite (or schedules it); no closes the log.
        var apply = Config.Apply;
        Config.Apply = name =>
        {
            if (name == "appendonly")
            {
                if (Config.AppendOnly && !Aof.Enabled)
                {
                    return Aof.SwitchOn();
                }
                if (!Config.AppendOnly)
                {
                    Aof.Stop();
                }
            }
            else if (name is "appendfsync" or "aof-timestamp-enabled")
            {
                Aof.ApplyConfig();
            }
            else if (name == "aof-disable-auto-gc")
            {
                // updateAofAutoGCEnabled: turned off, the history kept meanwhile goes at once.
                Aof.DeleteHistory();
            }
            else if (UnsupportedSettings.TlsRefusal(Config, name) is { } tlsError)
            {
                Log.Warning("Basalt does not support TLS.");
                return tlsError;
            }
            else if (name == "maxclients" && OpenFilesLimit.Adjust(Config.MaxClients, Log) is var allowed && allowed < Config.MaxClients)
            {
                // updateMaxclients: the open files limit could not be raised that far.
                Config.LimitMaxClients(allowed);
                return $"The operating system is not able to handle the specified number of clients, try with {allowed}";
            }
            return apply?.Invoke(name);
        };
        ApplyConfig();
        Config.Changed += name =>
        {
            if (name == "dir")
            {
                EnterDataDirectory();
            }
            ApplyConfig();
        };
    }

    public Lock Sync { get; } = new();

    public ServerConfig Config { get; }

    public ServerLog Log { get; }

    public DatabaseSet Databases { get; }

    public CommandTable Commands { get; }

    /// <summary>Clients blocked on keys (BLPOP...) and the keys that became ready for them.</summary>
    public Blocking.BlockingRegistry Blocking { get; }

    public CommandExecutor Executor { get; }

    public ClientRegistry Clients { get; } = new();

    public List<ClientSession> Monitors { get; } = [];

    /// <summary>The pub/sub channels and patterns and who listens to them.</summary>
    public PubSub.PubSubHub PubSub { get; } = new();

    /// <summary>Keyspace notifications, published through <see cref="PubSub"/>.</summary>
    public PubSub.KeyspaceEvents KeyspaceEvents { get; }

    public ServerStats Stats { get; } = new();

    public SlowLog SlowLog { get; } = new();

    public LatencyMonitor Latency { get; } = new();

    public ActiveExpireCycle ActiveExpire { get; } = new();

    public InstantaneousMetrics Metrics { get; } = new();

    /// <summary>Managed memory in use, at start-up and at its peak (INFO memory).</summary>
    public Info.MemoryTracker Memory { get; } = new();

    /// <summary>The figures of INFO persistence that the RDB and AOF code keeps up to date.</summary>
    public Info.PersistenceInfo Persistence { get; }

    /// <summary>SAVE, BGSAVE and the save points: how and when dump.rdb is written.</summary>
    public Basalt.Persistence.RdbPersistence Rdb { get; }

    /// <summary>The forkless snapshot running now (BGSAVE or AOF rewrite), which writers may have to wait for.</summary>
    public Basalt.Persistence.KeyspaceSnapshot? ActiveSnapshot
    {
        get => Volatile.Read(ref _activeSnapshot);
        set => Volatile.Write(ref _activeSnapshot, value);
    }

    private Basalt.Persistence.KeyspaceSnapshot? _activeSnapshot;

    /// <summary>The append-only file, when appendonly is yes.</summary>
    public Basalt.Persistence.AofPersistence Aof { get; }

    /// <summary>The writes of each command in the form the AOF logs them.</summary>
    public Propagation.CommandPropagation Propagation { get; } = new();

    /// <summary>Function libraries, kept as source and carried from snapshot to snapshot.</summary>
    public FunctionLibraries Functions { get; } = new();

    /// <summary>The replication id and offsets (INFO replication, RDB aux fields).</summary>
    public Info.ReplicationInfo Replication { get; } = new();

    /// <summary>Set by the host once started; DEBUG PAUSE-CRON and tests use it.</summary>
    public ServerCron? Cron { get; set; }

    public string RunId { get; }

    public long StartTimeMs { get; }

    public Stopwatch Uptime { get; } = Stopwatch.StartNew();

    /// <summary>True while a dataset is being loaded: most commands get -LOADING.</summary>
    public bool Loading { get; set; }

    public bool AuthRequired => Config.RequirePass.Length > 0;

    /// <summary>Set by SIGTERM/SIGINT or SHUTDOWN; the cron performs it.</summary>
    public ShutdownRequest? PendingShutdown { get; set; }

    /// <summary>Completes when the server has shut down; the value is the exit code.</summary>
    public TaskCompletionSource<int> Stopped { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Why writes are refused right now (MISCONF after a failed save or AOF write), or null.
    /// The persistence layer plugs its checks in here.
    /// </summary>
    public Func<string?>? WriteRefusalCheck { get; set; }

    public string? WriteRefusal() => WriteRefusalCheck?.Invoke();

    /// <summary>Makes <c>dir</c> the working directory, as Redis does, so relative file names resolve there.</summary>
    public void EnterDataDirectory()
    {
        try
        {
            Directory.SetCurrentDirectory(Config.Dir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Log.Warning($"Can't chdir to '{Config.Dir}': {e.Message}");
        }
    }

    private void ApplyConfig()
    {
        Log.Level = LogLevels.TryParse(Config.LogLevel, out var level) ? level : LogLevel.Notice;
        SlowLog.Threshold = Config.SlowlogLogSlowerThan;
        SlowLog.MaxLength = Config.SlowlogMaxLen;
        Latency.ThresholdMs = Config.LatencyMonitorThreshold;
        Latency.TrackingEnabled = Config.LatencyTracking;
        Databases.AccessClock.Configure(Config.MaxMemoryPolicy.EndsWith("lfu", StringComparison.Ordinal),
            int.Parse(Config.Get("lfu-log-factor")!, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(Config.Get("lfu-decay-time")!, System.Globalization.CultureInfo.InvariantCulture));
    }
}
