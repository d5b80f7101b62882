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
    /// <param name="key">The name, valid during the call only: what the sink needs of it later goes in its result.</param>
    RdbPreparedKey PrepareKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency);

    /// <summary>
    /// On the sink's thread, for every key of a batch before the batch's <see cref="OnPreparedKey"/>
    /// calls: reads (without changing anything) the memory that call will read. The reads for different
    /// keys do not wait for each other, so the processor overlaps their cache misses, where the calls
    /// themselves would meet them one after the other.
    /// </summary>
    void Preload(in RdbPreparedKey prepared)
    {
    }

    /// <summary>The key's name is no longer at hand here: what the sink needs of it is in <paramref name="prepared"/>.</summary>
    void OnPreparedKey(in RdbPreparedKey prepared, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency);
}
