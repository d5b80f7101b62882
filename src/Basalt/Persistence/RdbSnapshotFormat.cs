using System.Buffers;
using Basalt.Persistence.Rdb;
using Basalt.Types;

namespace Basalt.Persistence;

/// <summary>The RDB format of a snapshot: Redis 7.0's dump.rdb, or an AOF base when the header says aof-base 1.</summary>
public sealed class RdbSnapshotFormat(RdbHeaderFields header, IReadOnlyList<byte[]> functionLibraries, bool compress) : ISnapshotFormat
{
    public void WriteHeader(IBufferWriter<byte> output) => RdbFileWriter.WriteHeader(output, header, functionLibraries, compress);

    public void WriteSelectDb(IBufferWriter<byte> output, int db, (long Keys, long Expires)? sizes) =>
        RdbFileWriter.WriteSelectDb(output, db, sizes);

    public void WriteKey(IBufferWriter<byte> output, ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency, bool urgent) =>
        RdbValueWriter.WriteKey(output, key, value, expireAtMs, lruIdleSeconds, lfuFrequency, compress && !urgent);

    public bool EndsWithChecksum => true;
}
