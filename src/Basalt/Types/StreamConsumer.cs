namespace Basalt.Types;

/// <summary>A consumer of a group: its name, when it was last seen, and its own pending entries.</summary>
public sealed class StreamConsumer(byte[] name, long seenTimeMs)
{
    public byte[] Name { get; } = name;

    /// <summary>Unix milliseconds of the consumer's last attempted interaction.</summary>
    public long SeenTimeMs { get; set; } = seenTimeMs;

    /// <summary>The IDs this consumer owns, in ID order; the entries are the group's.</summary>
    public SortedDictionary<StreamId, StreamPendingEntry> Pending { get; } = [];
}
