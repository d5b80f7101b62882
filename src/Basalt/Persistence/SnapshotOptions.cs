using Basalt.Persistence.Rdb;

namespace Basalt.Persistence;

/// <summary>How a snapshot is written: the AUX fields, the function libraries, LZF, and its memory cap.</summary>
public sealed record SnapshotOptions(
    RdbHeaderFields Header,
    IReadOnlyList<byte[]> FunctionLibraries,
    bool Compress,
    long PendingLimit,
    int KeySaveDelayMicros);
