namespace Basalt.Types;

/// <summary>
/// A value stored under a key. Each type keeps its own representation (compact or large) and
/// reports the encoding name OBJECT ENCODING gives in Redis.
/// </summary>
public abstract class RedisObject
{
    public abstract RedisType Type { get; }

    public abstract string EncodingName { get; }

    /// <summary>A deep copy, for COPY and for snapshot copy-on-write.</summary>
    public abstract RedisObject DeepCopy();

    /// <summary>An estimate of the bytes this value occupies on the managed heap (for INFO and eviction).</summary>
    public abstract long ApproximateSize { get; }
}
