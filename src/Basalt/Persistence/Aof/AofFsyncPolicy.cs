namespace Basalt.Persistence.Aof;

/// <summary>appendfsync: when the log is forced to the disk.</summary>
public enum AofFsyncPolicy
{
    /// <summary>After every write, before the replies it covers are sent.</summary>
    Always,

    /// <summary>About once a second, in the background.</summary>
    EverySec,

    /// <summary>Never: the kernel decides.</summary>
    No,
}
