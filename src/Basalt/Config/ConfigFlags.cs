namespace Basalt.Config;

/// <summary>The flags Redis 7.0 gives each configuration parameter (server.h *_CONFIG).</summary>
[Flags]
public enum ConfigFlags
{
    None = 0,

    /// <summary>Only set from redis.conf or the command line; CONFIG SET refuses it.</summary>
    Immutable = 1 << 0,

    /// <summary>Holds a secret: the command layer hides its value in SLOWLOG, MONITOR and the like.</summary>
    Sensitive = 1 << 1,

    /// <summary>Shown in DEBUG output of the configuration (INFO-like dumps for bug reports).</summary>
    Debug = 1 << 2,

    /// <summary>Only reached by its exact name: CONFIG GET patterns never list it.</summary>
    Hidden = 1 << 3,

    /// <summary>CONFIG SET allowed only when enable-protected-configs permits it.</summary>
    Protected = 1 << 4,

    /// <summary>CONFIG SET refused with -LOADING while a dataset is being loaded.</summary>
    DenyLoading = 1 << 5,

    /// <summary>Takes several arguments (save, bind, ...): CONFIG SET splits its value on spaces.</summary>
    MultiArg = 1 << 6,

    /// <summary>Setting it always counts as a change, even to the same value (files that may change on disk).</summary>
    Volatile = 1 << 7,
}
