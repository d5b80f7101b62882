namespace Basalt.Persistence;

/// <summary>How a snapshot is written: its format, and its memory cap and per-key delay.</summary>
public sealed record SnapshotOptions(
    ISnapshotFormat Format,
    long PendingLimit,
    int KeySaveDelayMicros);
