using System.Buffers;
using Basalt.Types;

namespace Basalt.Persistence;

/// <summary>
/// How a snapshot writes the keyspace: an RDB file (dump.rdb, an RDB AOF base) or RESP commands (an
/// AOF base with aof-use-rdb-preamble no). <see cref="KeyspaceSnapshot"/> decides what is written
/// when; the format decides the bytes.
/// </summary>
public interface ISnapshotFormat
{
    /// <summary>What comes before the first key (RDB magic and AUX fields, function libraries).</summary>
    void WriteHeader(IBufferWriter<byte> output);

    /// <summary>Switches to database <paramref name="db"/>; <paramref name="sizes"/> is given the first time.</summary>
    void WriteSelectDb(IBufferWriter<byte> output, int db, (long Keys, long Expires)? sizes);

    /// <summary>
    /// One key with its value and expiry (-1: none), and its LRU idle time / LFU counter (-1: not
    /// written). <paramref name="urgent"/>: a client's write waits for this (the segment is saved
    /// before it changes), so speed matters more than size (RDB skips LZF then).
    /// </summary>
    void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency, bool urgent);

    /// <summary>Whether the file ends with RDB's EOF opcode and CRC-64.</summary>
    bool EndsWithChecksum { get; }
}
