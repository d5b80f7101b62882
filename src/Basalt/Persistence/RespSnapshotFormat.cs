using System.Buffers;
using Basalt.Persistence.Aof;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;
using static Basalt.Persistence.Aof.RespCommandEncoder;

namespace Basalt.Persistence;

/// <summary>
/// The RESP form of an AOF BASE (aof-use-rdb-preamble no): the commands that rebuild the dataset,
/// as Redis 7.0's rewriteAppendOnlyFileRio writes them. A "#TS:" line when aof-timestamp-enabled,
/// FUNCTION LOAD per library, SELECT before each run of a database's keys, then per key SET,
/// RPUSH, SADD, ZADD or HMSET (at most <see cref="ItemsPerCommand"/> elements or pairs per
/// command), or for a stream its XADDs, XSETID and consumer groups; PEXPIREAT after a key with a TTL.
/// </summary>
/// <remarks>
/// Elements go from the value's own storage into the output; the only allocations are the
/// enumerators of a stream's group, consumer and PEL dictionaries. The order of a hash's or a
/// set's elements is Basalt's table order and a sorted set is written in rank order where Redis
/// walks its dict: the commands rebuild the same value either way. LRU/LFU information is not
/// written (Redis's RESP base has none).
/// </remarks>
public sealed class RespSnapshotFormat(IReadOnlyList<byte[]> functionLibraries, bool timestampAnnotation) : ISnapshotFormat
{
    /// <summary>AOF_REWRITE_ITEMS_PER_CMD.</summary>
    public const int ItemsPerCommand = 64;

    public bool EndsWithChecksum => false;

    public void WriteHeader(IBufferWriter<byte> output)
    {
        if (timestampAnnotation)
        {
            // genAofTimestampAnnotationIfNeeded(1): the wall clock when the rewrite starts.
            Raw(output, "#TS:"u8);
            Span<byte> text = stackalloc byte[RedisNumber.MaxInt64Chars];
            Raw(output, text[..RedisNumber.FormatInt64(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), text)]);
            Raw(output, "\r\n"u8);
        }
        foreach (var code in functionLibraries)
        {
            Raw(output, "*3\r\n$8\r\nFUNCTION\r\n$4\r\nLOAD\r\n"u8);
            Bulk(output, code);
        }
    }

    public void WriteSelectDb(IBufferWriter<byte> output, int db, (long Keys, long Expires)? sizes)
    {
        Raw(output, "*2\r\n$6\r\nSELECT\r\n"u8);
        Bulk(output, db);
    }

    public void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency, bool urgent)
    {
        switch (value)
        {
            case RedisString s:
                WriteString(output, key, s);
                break;
            case RedisList list:
                WriteList(output, key, list);
                break;
            case RedisSet set:
                WriteSet(output, key, set);
                break;
            case RedisSortedSet zset:
                WriteSortedSet(output, key, zset);
                break;
            case RedisHash hash:
                WriteHash(output, key, hash);
                break;
            case RedisStream stream:
                WriteStream(output, key, stream);
                break;
            default:
                throw new NotSupportedException($"no AOF rewrite for {value.GetType().Name}");
        }
        if (expireAtMs != -1)
        {
            Raw(output, "*3\r\n$9\r\nPEXPIREAT\r\n"u8);
            Bulk(output, key);
            Bulk(output, expireAtMs);
        }
    }

    private static void WriteString(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisString value)
    {
        Raw(output, "*3\r\n$3\r\nSET\r\n"u8);
        Bulk(output, key);
        if (value.IsInteger)
        {
            Bulk(output, value.IntegerValue);
        }
        else
        {
            Bulk(output, value.Bytes);
        }
    }

    /// <summary>
    /// Starts the next command of a variadic rewrite: its arguments are the name, the key and
    /// min(<paramref name="remaining"/>, 64) items of <paramref name="itemArgs"/> arguments each.
    /// </summary>
    private static void BatchStart(IBufferWriter<byte> output, ReadOnlySpan<byte> nameBulk, ReadOnlySpan<byte> key, long remaining, int itemArgs)
    {
        ArrayHeader(output, 2 + (Math.Min(remaining, ItemsPerCommand) * itemArgs));
        Raw(output, nameBulk);
        Bulk(output, key);
    }

    private static void WriteList(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisList list)
    {
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        var remaining = list.Count;
        var inCommand = 0;
        for (var i = 0; i < list.NodeCount; i++)
        {
            var node = list.GetNode(i);
            for (var pos = node.First; pos >= 0; pos = node.Next(pos))
            {
                if (inCommand == 0)
                {
                    BatchStart(output, "$5\r\nRPUSH\r\n"u8, key, remaining, 1);
                }
                Bulk(output, node.Get(pos).AsSpan(scratch));
                inCommand = (inCommand + 1) % ItemsPerCommand;
                remaining--;
            }
        }
    }

    private static void WriteSet(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisSet set)
    {
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        var count = set.Count;
        for (var i = 0; i < count; i++)
        {
            if (i % ItemsPerCommand == 0)
            {
                BatchStart(output, "$4\r\nSADD\r\n"u8, key, count - i, 1);
            }
            Bulk(output, set[i].AsSpan(scratch));
        }
    }

    /// <summary>ZADD key score member ...: scores as "%.17g" (rioWriteBulkDouble), so they load back bit for bit.</summary>
    private static void WriteSortedSet(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisSortedSet zset)
    {
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        var remaining = zset.Count;
        var inCommand = 0;
        for (var cursor = zset.First; cursor.IsValid; cursor.MoveNext())
        {
            if (inCommand == 0)
            {
                BatchStart(output, "$4\r\nZADD\r\n"u8, key, remaining, 2);
            }
            BulkDouble(output, cursor.Score);
            Bulk(output, cursor.MemberBytes(scratch));
            inCommand = (inCommand + 1) % ItemsPerCommand;
            remaining--;
        }
    }

    private static void WriteHash(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisHash hash)
    {
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        long remaining = hash.Count;
        var inCommand = 0;
        for (var handle = hash.FirstPair; handle >= 0; handle = hash.NextPair(handle))
        {
            if (inCommand == 0)
            {
                BatchStart(output, "$5\r\nHMSET\r\n"u8, key, remaining, 2);
            }
            Bulk(output, hash.FieldAt(handle).AsSpan(scratch));
            Bulk(output, hash.ValueAt(handle).AsSpan(scratch));
            inCommand = (inCommand + 1) % ItemsPerCommand;
            remaining--;
        }
    }

    /// <summary>
    /// rewriteStreamObject: XADD per entry (an empty stream is made by XADD MAXLEN 0 of a dummy
    /// entry 0-1), XSETID for the counters, then per group XGROUP CREATE with its read counter,
    /// an XCLAIM ... JUSTID FORCE per pending entry (which also creates its consumer), and XGROUP
    /// CREATECONSUMER for a consumer that has none.
    /// </summary>
    private static void WriteStream(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisStream stream)
    {
        if (stream.Length > 0)
        {
            Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
            var iterator = stream.Range(StreamId.Min, StreamId.Max);
            while (iterator.MoveNext())
            {
                var fields = iterator.Node.Fields(iterator.Position);
                ArrayHeader(output, 3 + (2L * fields.Count));
                Raw(output, "$4\r\nXADD\r\n"u8);
                Bulk(output, key);
                Bulk(output, iterator.Id);
                while (fields.MoveNext(out var field, out var value))
                {
                    Bulk(output, field.AsSpan(scratch));
                    Bulk(output, value.AsSpan(scratch));
                }
            }
        }
        else
        {
            Raw(output, "*7\r\n$4\r\nXADD\r\n"u8);
            Bulk(output, key);
            Raw(output, "$6\r\nMAXLEN\r\n$1\r\n0\r\n$3\r\n0-1\r\n$1\r\nx\r\n$1\r\ny\r\n"u8);
        }

        // After the XADDs, so that the last ID is right even when the last entries were deleted.
        Raw(output, "*7\r\n$6\r\nXSETID\r\n"u8);
        Bulk(output, key);
        Bulk(output, stream.LastId);
        Raw(output, "$12\r\nENTRIESADDED\r\n"u8);
        Bulk(output, stream.EntriesAdded);
        Raw(output, "$12\r\nMAXDELETEDID\r\n"u8);
        Bulk(output, stream.MaxDeletedId);

        if (stream.Groups is not { } groups)
        {
            return;
        }
        foreach (var group in groups.Values)
        {
            Raw(output, "*7\r\n$6\r\nXGROUP\r\n$6\r\nCREATE\r\n"u8);
            Bulk(output, key);
            Bulk(output, group.Name);
            Bulk(output, group.LastId);
            Raw(output, "$11\r\nENTRIESREAD\r\n"u8);
            Bulk(output, group.EntriesRead);
            foreach (var consumer in group.Consumers.Values)
            {
                if (consumer.Pending.Count == 0)
                {
                    Raw(output, "*5\r\n$6\r\nXGROUP\r\n$14\r\nCREATECONSUMER\r\n"u8);
                    Bulk(output, key);
                    Bulk(output, group.Name);
                    Bulk(output, consumer.Name);
                    continue;
                }
                foreach (var (id, pending) in consumer.Pending)
                {
                    WritePendingEntry(output, key, group.Name, consumer.Name, id, pending);
                }
            }
        }
    }

    /// <summary>XCLAIM key group consumer 0 id TIME ms RETRYCOUNT n JUSTID FORCE (rioWriteStreamPendingEntry).</summary>
    private static void WritePendingEntry(IBufferWriter<byte> output, ReadOnlySpan<byte> key, byte[] group, byte[] consumer, StreamId id, StreamPendingEntry pending)
    {
        Raw(output, "*12\r\n$6\r\nXCLAIM\r\n"u8);
        Bulk(output, key);
        Bulk(output, group);
        Bulk(output, consumer);
        Raw(output, "$1\r\n0\r\n"u8);
        Bulk(output, id);
        Raw(output, "$4\r\nTIME\r\n"u8);
        Bulk(output, pending.DeliveryTimeMs);
        Raw(output, "$10\r\nRETRYCOUNT\r\n"u8);
        // rioWriteBulkLongLong of the uint64 counter: a signed decimal, as the C cast gives.
        Bulk(output, unchecked((long)pending.DeliveryCount));
        Raw(output, "$6\r\nJUSTID\r\n$5\r\nFORCE\r\n"u8);
    }
}
