using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>A <see cref="KeyEntry"/> whose name is too long to keep inside it: the name has its own array.</summary>
internal sealed class ArrayKeyEntry : KeyEntry
{
    private readonly byte[] _key;

    internal ArrayKeyEntry(byte[] key, ulong hash, RedisObject value)
        : base(hash, value) => _key = key;

    public override ReadOnlySpan<byte> Key => _key;
}
