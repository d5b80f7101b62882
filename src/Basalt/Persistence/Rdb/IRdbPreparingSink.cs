using Basalt.Types;

namespace Basalt.Persistence.Rdb;

/// <summary>What a sink prepared for a key off its own thread: an object of its own, the key's hash and size.</summary>
public readonly record struct RdbPreparedKey(object? Item, ulong Hash, long Bytes);

/// <summary>
/// A sink that has part of each key's work done on the thread that parses the file (when read
/// with <see cref="RdbPipelinedReader"/>): <see cref="PrepareKey"/> runs there, where the key and
/// value were just built and are still in that core's cache, and must touch nothing shared; what
/// it returns comes back with <see cref="OnPreparedKey"/> on the sink's thread, in file order.
/// Read without the pipeline, a sink still gets <see cref="IRdbLoadSink.OnKey"/>.
/// </summary>
public interface IRdbPreparingSink : IRdbLoadSink
{
    RdbPreparedKey PrepareKey(byte[] key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency);

    void OnPreparedKey(in RdbPreparedKey prepared, byte[] key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency);
}
