using Basalt.Persistence.Rdb;
using Basalt.Server;
using Basalt.Types;

namespace Basalt.Tools;

/// <summary>
/// Turns what <see cref="RdbFileReader"/> reads into <see cref="RdbKeyRecord"/>s: the database each
/// key is in, its size in the file (from the end of the previous record to the end of its value),
/// its element count and encoding.
/// </summary>
internal sealed class RdbInspectSink(RdbInput input, IRdbInspectOutput output, Action<long>? progress) : IRdbLoadSink
{
    private int _db;
    private long _recordStart = RdbFormat.HeaderLength;

    public void OnAux(byte[] key, byte[] value)
    {
        output.Aux(key, value);
        _recordStart = input.Offset;
    }

    public void OnFunction(byte[] librarySource)
    {
        output.Function(FunctionLibraries.NameOf(librarySource).ToArray());
        _recordStart = input.Offset;
    }

    public void OnSelectDb(int db)
    {
        _db = db;
        _recordStart = input.Offset;
    }

    public void OnResizeDb(ulong keys, ulong expires) => _recordStart = input.Offset;

    public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
    {
        output.Key(new RdbKeyRecord(_db, key.ToArray(), value.Type.Name(), value.EncodingName, input.Offset - _recordStart, Elements(value), expireAtMs));
        _recordStart = input.Offset;
        progress?.Invoke(input.Offset);
    }

    public void OnEmptyKeySkipped(ReadOnlySpan<byte> key)
    {
        output.Key(new RdbKeyRecord(_db, key.ToArray(), "empty", "-", input.Offset - _recordStart, 0, -1));
        _recordStart = input.Offset;
    }

    private static long Elements(RedisObject value) => value switch
    {
        RedisString s => s.Length,
        RedisList l => l.Count,
        RedisSet s => s.Count,
        RedisSortedSet z => z.Count,
        RedisHash h => h.Count,
        RedisStream x => x.Length,
        _ => 0,
    };
}
