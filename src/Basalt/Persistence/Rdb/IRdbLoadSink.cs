using Basalt.Types;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// Receives what <see cref="RdbFileReader"/> reads, in file order. The reader only parses; every
/// decision belongs to the sink: which AUX fields matter, whether a database index is acceptable,
/// whether an expired key is kept, what a duplicate key means. Exceptions a sink throws pass
/// through the reader unchanged. The input's Offset at the time of a call is just past the record.
/// </summary>
public interface IRdbLoadSink
{
    void OnAux(byte[] key, byte[] value);

    /// <summary>A function library's source ("#!lua name=..."); pre-GA FUNCTION records arrive converted.</summary>
    void OnFunction(byte[] librarySource);

    void OnSelectDb(int db);

    /// <summary>The hint of a RESIZEDB record (sizes of the current database).</summary>
    void OnResizeDb(ulong keys, ulong expires);

    /// <param name="key">The name, valid during the call only (the reader reuses its memory).</param>
    /// <param name="expireAtMs">Absolute Unix ms, or -1; expired keys are reported too.</param>
    /// <param name="lruIdleSeconds">The IDLE record before the key, or -1.</param>
    /// <param name="lfuFrequency">The FREQ record before the key, or -1.</param>
    void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency);

    /// <summary>A key whose value was an empty aggregate (Redis skips these with a log line).</summary>
    void OnEmptyKeySkipped(ReadOnlySpan<byte> key);

    /// <summary>A MODULE_AUX record skipped in check mode (redis-check-rdb prints "MODULE AUX for: name").</summary>
    void OnModuleAuxSkipped(string moduleName)
    {
    }
}
