namespace Basalt.Types;

/// <summary>
/// A value stored under a key. Each type keeps its own representation (compact or large) and
/// reports the encoding name OBJECT ENCODING gives in Redis.
/// </summary>
public abstract class RedisObject
{
    public abstract RedisType Type { get; }

    public abstract string EncodingName { get; }

    /// <summary>A deep copy, for COPY (and for a snapshot, unless the type shares more, see <see cref="CopyForSnapshot"/>).</summary>
    public abstract RedisObject DeepCopy();

    /// <summary>
    /// A copy for the keyspace to go on with while a snapshot still has to write this value, which
    /// from then on must never change. A type may share parts of itself with the copy as long as the
    /// copy never changes a shared part in place. <paramref name="copiedBytes"/> is what the copy
    /// cost at once (the snapshot's extra memory).
    /// </summary>
    public virtual RedisObject CopyForSnapshot(out long copiedBytes)
    {
        copiedBytes = ApproximateSize;
        return DeepCopy();
    }

    /// <summary>An estimate of the bytes this value occupies on the managed heap (for INFO and eviction).</summary>
    public abstract long ApproximateSize { get; }
}
