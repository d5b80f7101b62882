using Basalt.Config.Parameters;
using static Basalt.Config.ConfigFlags;

namespace Basalt.Config;

/// <summary>
/// Every parameter Redis 7.0 knows (the static_configs table of config.c, TLS ones included),
/// with the same names, aliases, flags, bounds and defaults, in the same order. Basalt acts on a
/// part of them; the others are accepted, checked and kept so that any redis.conf loads and
/// CONFIG GET / SET / REWRITE behave as on Redis.
/// </summary>
internal static class ConfigTable
{
    public const int ShutdownSave = 1;
    public const int ShutdownNoSave = 2;

    private const long IntMax = int.MaxValue;
    private const long IntMin = int.MinValue;
    private const long UIntMax = uint.MaxValue;
    private const long LongMax = long.MaxValue;
    private const long ULongLongMax = -1; // compared as unsigned

    private static readonly (string, int)[] MaxMemoryPolicies =
    [
        ("volatile-lru", 0), ("volatile-lfu", 1), ("volatile-random", 2), ("volatile-ttl", 3),
        ("allkeys-lru", 4), ("allkeys-lfu", 5), ("allkeys-random", 6), ("noeviction", 7),
    ];

    private static readonly (string, int)[] SyslogFacilities =
    [
        ("user", 8), ("local0", 128), ("local1", 136), ("local2", 144), ("local3", 152),
        ("local4", 160), ("local5", 168), ("local6", 176), ("local7", 184),
    ];

    private static readonly (string, int)[] LogLevels = [("debug", 0), ("verbose", 1), ("notice", 2), ("warning", 3)];
    private static readonly (string, int)[] SupervisedModes = [("upstart", 1), ("systemd", 2), ("auto", 3), ("no", 0)];
    private static readonly (string, int)[] FsyncPolicies = [("everysec", 1), ("always", 2), ("no", 0)];

    private static readonly (string, int)[] ShutdownFlags =
        [("default", 0), ("save", ShutdownSave), ("nosave", ShutdownNoSave), ("now", 4), ("force", 8)];

    private static readonly (string, int)[] DisklessLoad = [("disabled", 0), ("on-empty-db", 1), ("swapdb", 2)];
    private static readonly (string, int)[] TlsAuthClients = [("no", 0), ("yes", 1), ("optional", 2)];
    private static readonly (string, int)[] OomScoreAdj = [("no", 0), ("yes", 1), ("relative", 1), ("absolute", 2)];
    private static readonly (string, int)[] AclPubsubDefault = [("allchannels", 1), ("resetchannels", 0)];
    private static readonly (string, int)[] SanitizeDumpPayload = [("no", 0), ("yes", 1), ("clients", 2)];
    private static readonly (string, int)[] ProtectedAction = [("no", 0), ("yes", 1), ("local", 2)];
    private static readonly (string, int)[] EndpointTypes = [("ip", 0), ("hostname", 1), ("unknown-endpoint", 2)];
    private static readonly (string, int)[] PropagationErrorBehavior = [("ignore", 0), ("panic", 1), ("panic-on-replicas", 2)];

    /// <summary>The enum values of enable-protected-configs / enable-debug-command / enable-module-command.</summary>
    public const int ProtectedActionNo = 0;
    public const int ProtectedActionYes = 1;
    public const int ProtectedActionLocal = 2;

    /// <summary>Creates a fresh set of parameters, all at their defaults, for one <see cref="ServerConfig"/>.</summary>
    public static List<ConfigParameter> Create(string initialDirectory)
    {
        var clusterEnabled = new BoolParameter("cluster-enabled", null, Immutable, false);
        var list = new List<ConfigParameter>
        {
            // Bool configs
            Bool("rdbchecksum", Immutable, true),
            Bool("daemonize", Immutable, false),
            Bool("io-threads-do-reads", Debug | Immutable, false),
            Bool("always-show-logo", Immutable, false),
            Bool("protected-mode", None, true),
            Bool("rdbcompression", None, true),
            Bool("rdb-del-sync-files", None, false),
            Bool("activerehashing", None, true),
            Bool("stop-writes-on-bgsave-error", None, true),
            Bool("set-proc-title", Immutable, true),
            Bool("dynamic-hz", None, true),
            Bool("lazyfree-lazy-eviction", Debug, false),
            Bool("lazyfree-lazy-expire", Debug, false),
            Bool("lazyfree-lazy-server-del", Debug, false),
            Bool("lazyfree-lazy-user-del", Debug, false),
            Bool("lazyfree-lazy-user-flush", Debug, false),
            Bool("repl-disable-tcp-nodelay", None, false),
            Bool("repl-diskless-sync", Debug, true),
            Bool("aof-rewrite-incremental-fsync", None, true),
            Bool("no-appendfsync-on-rewrite", None, false),
            Bool("cluster-require-full-coverage", None, true),
            Bool("rdb-save-incremental-fsync", None, true),
            Bool("aof-load-truncated", None, true),
            Bool("aof-use-rdb-preamble", None, true),
            Bool("aof-timestamp-enabled", None, false),
            new BoolParameter("cluster-replica-no-failover", "cluster-slave-no-failover", None, false),
            new BoolParameter("replica-lazy-flush", "slave-lazy-flush", None, false),
            new BoolParameter("replica-serve-stale-data", "slave-serve-stale-data", None, true),
            new BoolParameter("replica-read-only", "slave-read-only", Debug, true),
            new BoolParameter("replica-ignore-maxmemory", "slave-ignore-maxmemory", None, true),
            Bool("jemalloc-bg-thread", None, true),
            new BoolParameter("activedefrag", null, Debug, false, ConfigValidators.ActiveDefrag),
            Bool("syslog-enabled", Immutable, false),
            clusterEnabled,
            Bool("appendonly", DenyLoading, false),
            Bool("cluster-allow-reads-when-down", None, false),
            Bool("cluster-allow-pubsubshard-when-down", None, true),
            Bool("crash-log-enabled", None, true),
            Bool("crash-memcheck-enabled", None, true),
            Bool("use-exit-on-panic", Hidden, false),
            Bool("disable-thp", Immutable, true),
            Bool("cluster-allow-replica-migration", None, true),
            Bool("replica-announced", None, true),
            Bool("latency-tracking", None, true),
            Bool("aof-disable-auto-gc", None, false),
            Bool("replica-ignore-disk-write-errors", None, false),

            // String configs (the bool says whether "" means unset)
            Str("aclfile", Immutable, false, ""),
            Str("unixsocket", Immutable, true, null),
            Str("pidfile", Immutable, true, null),
            new StringParameter("replica-announce-ip", "slave-announce-ip", None, true, null),
            Str("masteruser", Sensitive, true, null),
            Str("cluster-announce-ip", None, true, null),
            Str("cluster-config-file", Immutable, false, "nodes.conf"),
            Str("cluster-announce-hostname", None, true, null, ConfigValidators.AnnouncedHostname),
            Str("syslog-ident", Immutable, false, "redis"),
            Str("dbfilename", Protected, false, "dump.rdb", ConfigValidators.DbFilename),
            Str("appendfilename", Immutable, false, "appendonly.aof", ConfigValidators.AppendFilename),
            Str("appenddirname", Immutable, false, "appendonlydir", ConfigValidators.AppendDirname),
            Str("server_cpulist", Immutable, true, null),
            Str("bio_cpulist", Immutable, true, null),
            Str("aof_rewrite_cpulist", Immutable, true, null),
            Str("bgsave_cpulist", Immutable, true, null),
            Str("ignore-warnings", None, false, ""),
            Str("proc-title-template", None, false, "{title} {listen-addr} {server-mode}", ConfigValidators.ProcTitleTemplate),
            Str("bind-source-addr", None, true, null),
            Str("logfile", Immutable, false, ""),
            Str("masterauth", Sensitive, true, null),
            Str("requirepass", Sensitive, true, null),

            // Enum configs
            Enum("supervised", Immutable, SupervisedModes, 0),
            Enum("syslog-facility", Immutable, SyslogFacilities, 128),
            Enum("repl-diskless-load", Debug | DenyLoading, DisklessLoad, 0),
            Enum("loglevel", None, LogLevels, 2),
            Enum("maxmemory-policy", None, MaxMemoryPolicies, 7),
            Enum("appendfsync", None, FsyncPolicies, 1),
            Enum("oom-score-adj", None, OomScoreAdj, 0),
            Enum("acl-pubsub-default", None, AclPubsubDefault, 0),
            Enum("sanitize-dump-payload", Debug, SanitizeDumpPayload, 0),
            Enum("enable-protected-configs", Immutable, ProtectedAction, ProtectedActionNo),
            Enum("enable-debug-command", Immutable, ProtectedAction, ProtectedActionNo),
            Enum("enable-module-command", Immutable, ProtectedAction, ProtectedActionNo),
            Enum("cluster-preferred-endpoint-type", None, EndpointTypes, 0),
            Enum("propagation-error-behavior", None, PropagationErrorBehavior, 0),
            new EnumParameter("shutdown-on-sigint", null, MultiArg, ShutdownFlags, 0, ConfigValidators.ShutdownOnSignal),
            new EnumParameter("shutdown-on-sigterm", null, MultiArg, ShutdownFlags, 0, ConfigValidators.ShutdownOnSignal),

            // Integer configs
            Int("databases", Immutable, 1, IntMax, 16),
            Int("port", None, 0, 65535, 6379),
            Int("io-threads", Debug | Immutable, 1, 128, 1),
            Int("auto-aof-rewrite-percentage", None, 0, IntMax, 100),
            new NumericParameter("cluster-replica-validity-factor", "cluster-slave-validity-factor", None, 0, IntMax, 10),
            new NumericParameter("list-max-listpack-size", "list-max-ziplist-size", None, IntMin, IntMax, -2),
            Int("tcp-keepalive", None, 0, IntMax, 300),
            Int("cluster-migration-barrier", None, 0, IntMax, 1),
            Int("active-defrag-cycle-min", None, 1, 99, 1),
            Int("active-defrag-cycle-max", None, 1, 99, 25),
            Int("active-defrag-threshold-lower", None, 0, 1000, 10),
            Int("active-defrag-threshold-upper", None, 0, 1000, 100),
            Int("lfu-log-factor", None, 0, IntMax, 10),
            Int("lfu-decay-time", None, 0, IntMax, 1),
            new NumericParameter("replica-priority", "slave-priority", None, 0, IntMax, 100),
            Int("repl-diskless-sync-delay", None, 0, IntMax, 5),
            Int("maxmemory-samples", None, 1, IntMax, 5),
            Int("maxmemory-eviction-tenacity", None, 0, 100, 10),
            Int("timeout", None, 0, IntMax, 0),
            new NumericParameter("replica-announce-port", "slave-announce-port", None, 0, 65535, 0),
            Int("tcp-backlog", Immutable, 0, IntMax, 511),
            Int("cluster-port", Immutable, 0, 65535, 0),
            Int("cluster-announce-bus-port", None, 0, 65535, 0),
            Int("cluster-announce-port", None, 0, 65535, 0),
            Int("cluster-announce-tls-port", None, 0, 65535, 0),
            Int("repl-timeout", None, 1, IntMax, 60),
            new NumericParameter("repl-ping-replica-period", "repl-ping-slave-period", None, 1, IntMax, 10),
            Int("list-compress-depth", Debug, 0, IntMax, 0),
            Int("rdb-key-save-delay", Hidden, IntMin, IntMax, 0),
            Int("key-load-delay", Hidden, IntMin, IntMax, 0),
            Int("active-expire-effort", None, 1, 10, 1),
            Int("hz", None, 0, IntMax, 10),
            new NumericParameter("min-replicas-to-write", "min-slaves-to-write", None, 0, IntMax, 0),
            new NumericParameter("min-replicas-max-lag", "min-slaves-max-lag", None, 0, IntMax, 10),
            Int("watchdog-period", Hidden, 0, IntMax, 0),
            Int("shutdown-timeout", None, 0, IntMax, 10),
            Int("repl-diskless-sync-max-replicas", None, 0, IntMax, 0),
            // Basalt's own (hidden from CONFIG GET *, like snapshot-memory-limit, so listings match Redis):
            // how many superseded BASE/INCR sets a rewrite keeps, for point-in-time restore.
            Int("aof-history-retention", Hidden, 0, IntMax, 0),

            // Unsigned int configs
            Unsigned("maxclients", None, 1, UIntMax, 10000),
            Unsigned("unixsocketperm", Immutable, 0, Convert.ToInt64("777", 8), 0, NumericFormat.Octal),
            Unsigned("socket-mark-id", Immutable, 0, UIntMax, 0),

            // Unsigned long configs (compared as signed in Redis)
            Int("active-defrag-max-scan-fields", None, 1, LongMax, 1000),
            Int("slowlog-max-len", None, 0, LongMax, 128),
            Int("acllog-max-len", None, 0, LongMax, 128),

            // Long long configs
            new NumericParameter("busy-reply-threshold", "lua-time-limit", None, 0, LongMax, 5000),
            Int("cluster-node-timeout", None, 0, LongMax, 15000),
            Int("slowlog-log-slower-than", None, -1, LongMax, 10000),
            Int("latency-monitor-threshold", None, 0, LongMax, 0),
            Memory("proto-max-bulk-len", Debug, 1024 * 1024, LongMax, 512L * 1024 * 1024),
            Int("stream-node-max-entries", None, 0, LongMax, 100),
            Memory("repl-backlog-size", None, 1, LongMax, 1024 * 1024),

            // Unsigned long long configs
            Unsigned("maxmemory", None, 0, ULongLongMax, 0, NumericFormat.Memory),
            Unsigned("cluster-link-sendbuf-limit", None, 0, ULongLongMax, 0, NumericFormat.Memory),

            // Size_t configs
            new NumericParameter("hash-max-listpack-entries", "hash-max-ziplist-entries", None, 0, LongMax, 512, isUnsigned: true),
            Unsigned("set-max-intset-entries", None, 0, LongMax, 512),
            new NumericParameter("zset-max-listpack-entries", "zset-max-ziplist-entries", None, 0, LongMax, 128, isUnsigned: true),
            Unsigned("active-defrag-ignore-bytes", None, 1, LongMax, 100 << 20, NumericFormat.Memory),
            new NumericParameter("hash-max-listpack-value", "hash-max-ziplist-value", None, 0, LongMax, 64, NumericFormat.Memory, isUnsigned: true),
            Unsigned("stream-node-max-bytes", None, 0, LongMax, 4096, NumericFormat.Memory),
            new NumericParameter("zset-max-listpack-value", "zset-max-ziplist-value", None, 0, LongMax, 64, NumericFormat.Memory, isUnsigned: true),
            Unsigned("hll-sparse-max-bytes", None, 0, LongMax, 3000, NumericFormat.Memory),
            Unsigned("tracking-table-max-keys", None, 0, LongMax, 1000000),
            Unsigned("client-query-buffer-limit", Debug, 1024 * 1024, LongMax, 1024 * 1024 * 1024, NumericFormat.Memory),
            new NumericParameter("maxmemory-clients", null, None, -100, LongMax, 0, NumericFormat.Memory | NumericFormat.Percent),

            // Other numeric configs
            Int("repl-backlog-ttl", None, 0, LongMax, 60 * 60),
            Memory("auto-aof-rewrite-min-size", None, 0, LongMax, 64 * 1024 * 1024),
            // Basalt's own: the cap on a forkless snapshot's serialized-but-unwritten bytes (hidden from CONFIG GET *).
            Memory("snapshot-memory-limit", Hidden, 1024 * 1024, LongMax, 64 * 1024 * 1024),
            Int("loading-process-events-interval-bytes", Hidden, 1024, IntMax, 1024 * 1024 * 2),

            // TLS configs: Debian's Redis is built with TLS, so its CONFIG GET lists them.
            Int("tls-port", None, 0, 65535, 0),
            Int("tls-session-cache-size", None, 0, IntMax, 20 * 1024),
            Int("tls-session-cache-timeout", None, 0, IntMax, 300),
            Bool("tls-cluster", None, false),
            Bool("tls-replication", None, false),
            Enum("tls-auth-clients", None, TlsAuthClients, 1),
            Bool("tls-prefer-server-ciphers", None, false),
            Bool("tls-session-caching", None, true),
            Str("tls-cert-file", ConfigFlags.Volatile, true, null),
            Str("tls-key-file", ConfigFlags.Volatile, true, null),
            Str("tls-key-file-pass", None, true, null),
            Str("tls-client-cert-file", ConfigFlags.Volatile, true, null),
            Str("tls-client-key-file", ConfigFlags.Volatile, true, null),
            Str("tls-client-key-file-pass", None, true, null),
            Str("tls-dh-params-file", ConfigFlags.Volatile, true, null),
            Str("tls-ca-cert-file", ConfigFlags.Volatile, true, null),
            Str("tls-ca-cert-dir", ConfigFlags.Volatile, true, null),
            Str("tls-protocols", None, true, null),
            Str("tls-ciphers", None, true, null),
            Str("tls-ciphersuites", None, true, null),

            // Special configs
            new DirParameter(initialDirectory),
            new SaveParameter(),
            new ClientOutputBufferLimitParameter(),
            new OomScoreAdjValuesParameter(),
            new NotifyKeyspaceEventsParameter(),
            new BindParameter(),
            new ReplicaOfParameter(clusterEnabled),
            new LatencyTrackingPercentilesParameter(),
        };
        return list;
    }

    private static BoolParameter Bool(string name, ConfigFlags flags, bool defaultValue) => new(name, null, flags, defaultValue);

    private static StringParameter Str(string name, ConfigFlags flags, bool emptyIsNull, string? defaultValue, Func<string, string?>? validate = null) =>
        new(name, null, flags, emptyIsNull, defaultValue, validate);

    private static EnumParameter Enum(string name, ConfigFlags flags, (string, int)[] choices, int defaultValue) =>
        new(name, null, flags, choices, defaultValue);

    private static NumericParameter Int(string name, ConfigFlags flags, long lower, long upper, long defaultValue) =>
        new(name, null, flags, lower, upper, defaultValue);

    private static NumericParameter Memory(string name, ConfigFlags flags, long lower, long upper, long defaultValue) =>
        new(name, null, flags, lower, upper, defaultValue, NumericFormat.Memory);

    private static NumericParameter Unsigned(string name, ConfigFlags flags, long lower, long upper, long defaultValue,
        NumericFormat format = NumericFormat.Integer) =>
        new(name, null, flags, lower, upper, defaultValue, format, isUnsigned: true);
}
