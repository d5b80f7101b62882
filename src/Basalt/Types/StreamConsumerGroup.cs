namespace Basalt.Types;

/// <summary>
/// A consumer group (Redis's streamCG): the last delivered ID, the logical read counter
/// (entries_read, -1 when unknown), the group-wide PEL in ID order, and its consumers by name.
/// </summary>
public sealed class StreamConsumerGroup(byte[] name, StreamId lastId, long entriesRead)
{
    public byte[] Name { get; } = name;

    public StreamId LastId { get; set; } = lastId;

    public long EntriesRead { get; set; } = entriesRead;

    public SortedDictionary<StreamId, StreamPendingEntry> Pending { get; } = [];

    /// <summary>Consumers in name order (Redis keeps them in a radix tree).</summary>
    public SortedDictionary<byte[], StreamConsumer> Consumers { get; } = new(ByteOrder.Instance);

    public StreamConsumer? FindConsumer(ReadOnlySpan<byte> name) =>
        Consumers.TryGetValue(name.ToArray(), out var consumer) ? consumer : null;

    /// <summary>Lexicographic byte order, as the radix trees Redis keeps names in.</summary>
    public sealed class ByteOrder : IComparer<byte[]>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);
    }
}
