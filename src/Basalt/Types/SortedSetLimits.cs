namespace Basalt.Types;

/// <summary>
/// The sizes up to which a sorted set stays a listpack: zset-max-listpack-entries members and
/// zset-max-listpack-value bytes per member, read from the configuration when a command runs.
/// </summary>
public readonly record struct SortedSetLimits(long MaxEntries, long MaxValue);
