namespace Basalt.Commands;

/// <summary>Command flags with the names COMMAND INFO reports.</summary>
[Flags]
public enum CommandFlags
{
    None = 0,
    Write = 1 << 0,
    ReadOnly = 1 << 1,
    DenyOom = 1 << 2,
    Admin = 1 << 3,
    PubSub = 1 << 4,
    NoScript = 1 << 5,
    Blocking = 1 << 6,
    Loading = 1 << 7,
    Stale = 1 << 8,
    SkipMonitor = 1 << 9,
    SkipSlowlog = 1 << 10,
    Fast = 1 << 11,
    NoAuth = 1 << 12,
    MayReplicate = 1 << 13,
    NoMulti = 1 << 14,
    AllowBusy = 1 << 15,
    NoMandatoryKeys = 1 << 16,
    MovableKeys = 1 << 17,
    NoAsyncLoading = 1 << 18,
    /// <summary>
    /// Refused unless a configuration option allows it (CMD_PROTECTED: DEBUG behind
    /// enable-debug-command). Redis does not list this flag in COMMAND INFO.
    /// </summary>
    Protected = 1 << 19,
}

public static class CommandFlagNames
{
    private static readonly (CommandFlags Flag, string Name)[] Names =
    [
        (CommandFlags.Write, "write"),
        (CommandFlags.ReadOnly, "readonly"),
        (CommandFlags.DenyOom, "denyoom"),
        (CommandFlags.Admin, "admin"),
        (CommandFlags.PubSub, "pubsub"),
        (CommandFlags.NoScript, "noscript"),
        (CommandFlags.Blocking, "blocking"),
        (CommandFlags.Loading, "loading"),
        (CommandFlags.Stale, "stale"),
        (CommandFlags.SkipMonitor, "skip_monitor"),
        (CommandFlags.SkipSlowlog, "skip_slowlog"),
        (CommandFlags.Fast, "fast"),
        (CommandFlags.NoAuth, "no_auth"),
        // may_replicate is hidden on purpose in Redis 7.0's COMMAND INFO.
        (CommandFlags.NoMandatoryKeys, "no_mandatory_keys"),
        (CommandFlags.NoAsyncLoading, "no_async_loading"),
        (CommandFlags.NoMulti, "no_multi"),
        (CommandFlags.MovableKeys, "movablekeys"),
        (CommandFlags.AllowBusy, "allow_busy"),
    ];

    public static IEnumerable<string> NamesOf(CommandFlags flags)
    {
        foreach (var (flag, name) in Names)
        {
            if ((flags & flag) != 0)
            {
                yield return name;
            }
        }
    }
}
