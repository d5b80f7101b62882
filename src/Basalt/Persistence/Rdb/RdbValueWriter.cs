using System.Buffers;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// Serializes values as Redis 7.0's rdbSaveObjectType / rdbSaveObject / rdbSaveKeyValuePair do:
/// the type byte follows the in-memory encoding, compact encodings (listpack, intset, stream
/// nodes) go out as one blob string each, and large encodings element by element, so the bytes
/// match what Redis writes for the same value.
/// </summary>
/// <remarks>
/// Nothing here allocates per element: elements are written straight from the value's own
/// storage into the output, and an integer element is formatted in a stack buffer (the only
/// allocations are the enumerators of a stream's group, PEL and consumer dictionaries). A huge
/// list or hash streams out node by node (element by element), never as one buffer.
/// </remarks>
public static class RdbValueWriter
{
    /// <summary>A stream ID in its raw form: ms then seq, each a big-endian u64.</summary>
    private const int StreamIdSize = 16;

    /// <summary>rdbSaveObjectType: the type byte 7.0 writes for this value's encoding.</summary>
    public static byte TypeOf(RedisObject value) => value switch
    {
        RedisString => RdbFormat.TypeString,
        RedisList => RdbFormat.TypeListQuicklist2,
        RedisSet set => set.IsIntset ? RdbFormat.TypeSetIntset : RdbFormat.TypeSet,
        RedisSortedSet zset => zset.IsListpack ? RdbFormat.TypeZsetListpack : RdbFormat.TypeZset2,
        RedisHash hash => hash.IsListpack ? RdbFormat.TypeHashListpack : RdbFormat.TypeHash,
        RedisStream => RdbFormat.TypeStreamListpacks2,
        _ => throw new NotSupportedException($"no RDB type for {value.GetType().Name}"),
    };

    /// <summary>rdbSaveObject: the value payload only, without its type byte.</summary>
    public static void Write(IBufferWriter<byte> output, RedisObject value, bool compress)
    {
        switch (value)
        {
            case RedisString s:
                WriteStringValue(output, s, compress);
                break;
            case RedisList list:
                WriteList(output, list, compress);
                break;
            case RedisSet set:
                WriteSet(output, set, compress);
                break;
            case RedisSortedSet zset:
                WriteSortedSet(output, zset, compress);
                break;
            case RedisHash hash:
                WriteHash(output, hash, compress);
                break;
            case RedisStream stream:
                WriteStream(output, stream, compress);
                break;
            default:
                throw new NotSupportedException($"no RDB encoding for {value.GetType().Name}");
        }
    }

    /// <summary>
    /// rdbSaveKeyValuePair without LRU/LFU information: [FC ms] type key value.
    /// <paramref name="expireAtMs"/> -1 means no expiry.
    /// </summary>
    public static void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, bool compress) =>
        WriteKey(output, key, value, expireAtMs, lruIdleSeconds: -1, lfuFrequency: -1, compress);

    /// <summary>
    /// rdbSaveKeyValuePair: [FC ms] [F8 idle seconds] [F9 frequency] type key value, the IDLE
    /// record being written under an LRU maxmemory-policy and FREQ under an LFU one (-1: absent).
    /// </summary>
    public static void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs,
        long lruIdleSeconds, int lfuFrequency, bool compress)
    {
        if (expireAtMs != -1)
        {
            RdbEncoder.WriteByte(output, RdbFormat.OpExpireTimeMs);
            RdbEncoder.WriteMillisecondsTime(output, expireAtMs);
        }
        if (lruIdleSeconds >= 0)
        {
            RdbEncoder.WriteByte(output, RdbFormat.OpIdle);
            RdbEncoder.WriteLength(output, (ulong)lruIdleSeconds);
        }
        if (lfuFrequency >= 0)
        {
            RdbEncoder.WriteByte(output, RdbFormat.OpFreq);
            RdbEncoder.WriteByte(output, (byte)lfuFrequency);
        }
        RdbEncoder.WriteByte(output, TypeOf(value));
        RdbEncoder.WriteString(output, key, compress);
        Write(output, value, compress);
    }

    /// <summary>rdbSaveStringObject: an int-encoded value without going through its text.</summary>
    private static void WriteStringValue(IBufferWriter<byte> output, RedisString value, bool compress)
    {
        if (value.IsInteger)
        {
            RdbEncoder.WriteInteger(output, value.IntegerValue);
        }
        else
        {
            RdbEncoder.WriteString(output, value.Bytes, compress);
        }
    }

    /// <summary>Quicklist 2: the node count, then per node its container (always PACKED here) and its listpack.</summary>
    private static void WriteList(IBufferWriter<byte> output, RedisList list, bool compress)
    {
        // Basalt keeps every element in a listpack node (no PLAIN nodes, no compressed nodes).
        var nodes = list.NodeCount;
        RdbEncoder.WriteLength(output, (ulong)nodes);
        for (var i = 0; i < nodes; i++)
        {
            RdbEncoder.WriteLength(output, RdbFormat.QuicklistNodePacked);
            RdbEncoder.WriteString(output, list.GetNode(i).AsSpan(), compress);
        }
    }

    /// <summary>An intset as one blob, a hashtable as its count and members.</summary>
    private static void WriteSet(IBufferWriter<byte> output, RedisSet set, bool compress)
    {
        if (set.IntsetEncoding is { } intset)
        {
            // The set keeps a shorter header than Redis's blob (see Intset): the blob is composed here.
            var length = intset.BlobLength;
            byte[]? rented = null;
            var blob = length <= 1024 ? stackalloc byte[length] : (rented = ArrayPool<byte>.Shared.Rent(length)).AsSpan(0, length);
            intset.WriteBlob(blob);
            RdbEncoder.WriteString(output, blob, compress);
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
            return;
        }
        var count = set.Count;
        RdbEncoder.WriteLength(output, (ulong)count);
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        for (var i = 0; i < count; i++)
        {
            RdbEncoder.WriteString(output, set[i].AsSpan(scratch), compress);
        }
    }

    /// <summary>
    /// A listpack as one blob; a skiplist as ZSET_2: the count, then member and binary score from
    /// the highest rank down (Redis walks from the tail so that loading inserts at the head).
    /// </summary>
    private static void WriteSortedSet(IBufferWriter<byte> output, RedisSortedSet zset, bool compress)
    {
        if (zset.IsListpack)
        {
            RdbEncoder.WriteString(output, zset.ListpackBlob, compress);
            return;
        }
        RdbEncoder.WriteLength(output, (ulong)zset.Count);
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var cursor = zset.Last; cursor.IsValid; cursor.MovePrevious())
        {
            RdbEncoder.WriteString(output, cursor.MemberBytes(scratch), compress);
            RdbEncoder.WriteBinaryDouble(output, cursor.Score);
        }
    }

    /// <summary>A listpack as one blob, a hashtable as its count and field/value pairs.</summary>
    private static void WriteHash(IBufferWriter<byte> output, RedisHash hash, bool compress)
    {
        if (hash.IsListpack)
        {
            RdbEncoder.WriteString(output, hash.ListpackBlob, compress);
            return;
        }
        RdbEncoder.WriteLength(output, (ulong)hash.Count);
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var handle = hash.FirstPair; handle >= 0; handle = hash.NextPair(handle))
        {
            RdbEncoder.WriteString(output, hash.FieldAt(handle).AsSpan(scratch), compress);
            RdbEncoder.WriteString(output, hash.ValueAt(handle).AsSpan(scratch), compress);
        }
    }

    /// <summary>
    /// STREAM_LISTPACKS_2: the nodes (16-byte big-endian master ID, node listpack), the counters
    /// (length, last ID, first ID, max deleted ID, entries added), then each group with its
    /// entries_read, its PEL (ID, delivery time, delivery count) and its consumers (name,
    /// seen-time, the IDs they own).
    /// </summary>
    private static void WriteStream(IBufferWriter<byte> output, RedisStream stream, bool compress)
    {
        var nodes = stream.Nodes;
        RdbEncoder.WriteLength(output, (ulong)nodes.Count);
        Span<byte> masterId = stackalloc byte[StreamIdSize];
        for (var i = 0; i < nodes.Count; i++)
        {
            var node = nodes[i];
            node.MasterId.WriteBigEndian(masterId);
            RdbEncoder.WriteString(output, masterId, compress);
            RdbEncoder.WriteString(output, node.Listpack.AsSpan(), compress);
        }

        RdbEncoder.WriteLength(output, (ulong)stream.Length);
        WriteIdAsLengths(output, stream.LastId);
        WriteIdAsLengths(output, stream.FirstId);
        WriteIdAsLengths(output, stream.MaxDeletedId);
        RdbEncoder.WriteLength(output, (ulong)stream.EntriesAdded);

        var groups = stream.Groups;
        RdbEncoder.WriteLength(output, (ulong)(groups?.Count ?? 0));
        if (groups is null)
        {
            return;
        }
        foreach (var group in groups.Values)
        {
            RdbEncoder.WriteString(output, group.Name, compress);
            WriteIdAsLengths(output, group.LastId);
            // -1 (unknown) goes out as UINT64_MAX, as the C cast does.
            RdbEncoder.WriteLength(output, unchecked((ulong)group.EntriesRead));

            RdbEncoder.WriteLength(output, (ulong)group.Pending.Count);
            foreach (var (id, pending) in group.Pending)
            {
                WriteRawId(output, id);
                RdbEncoder.WriteMillisecondsTime(output, pending.DeliveryTimeMs);
                RdbEncoder.WriteLength(output, pending.DeliveryCount);
            }

            RdbEncoder.WriteLength(output, (ulong)group.Consumers.Count);
            foreach (var consumer in group.Consumers.Values)
            {
                RdbEncoder.WriteString(output, consumer.Name, compress);
                RdbEncoder.WriteMillisecondsTime(output, consumer.SeenTimeMs);
                RdbEncoder.WriteLength(output, (ulong)consumer.Pending.Count);
                foreach (var id in consumer.Pending.Keys)
                {
                    WriteRawId(output, id);
                }
            }
        }
    }

    private static void WriteIdAsLengths(IBufferWriter<byte> output, StreamId id)
    {
        RdbEncoder.WriteLength(output, id.Ms);
        RdbEncoder.WriteLength(output, id.Seq);
    }

    /// <summary>A PEL ID as its 16 raw big-endian bytes (the rax key), not as a string.</summary>
    private static void WriteRawId(IBufferWriter<byte> output, StreamId id)
    {
        var span = output.GetSpan(StreamIdSize);
        id.WriteBigEndian(span);
        output.Advance(StreamIdSize);
    }
}
