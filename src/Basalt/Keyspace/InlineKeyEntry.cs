using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// A <see cref="KeyEntry"/> whose name is kept in the object itself, in a buffer of
/// <typeparamref name="TBytes"/>'s size (one of the <c>KeyBytesN</c> below, N bytes of room).
/// </summary>
/// <remarks>
/// The runtime lays the buffer out right after the base class's fields, so the sizes N are steps of
/// 8 bytes, the granule of every object (<see cref="KeyEntry.ObjectBytes"/>): a 16-byte name makes a
/// 56-byte entry where an entry and an array of its own take 88.
/// </remarks>
internal sealed class InlineKeyEntry<TBytes> : KeyEntry
    where TBytes : struct
{
    private TBytes _bytes;

    internal InlineKeyEntry(ReadOnlySpan<byte> key, ulong hash, RedisObject value)
        : base(hash, value)
    {
        InlineKeyLength = key.Length;
        key.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<TBytes, byte>(ref _bytes), Unsafe.SizeOf<TBytes>()));
    }

    public override ReadOnlySpan<byte> Key => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TBytes, byte>(ref _bytes), InlineKeyLength);
}

[InlineArray(16)]
internal struct KeyBytes16
{
    private byte _first;
}

[InlineArray(24)]
internal struct KeyBytes24
{
    private byte _first;
}

[InlineArray(32)]
internal struct KeyBytes32
{
    private byte _first;
}

[InlineArray(40)]
internal struct KeyBytes40
{
    private byte _first;
}

[InlineArray(48)]
internal struct KeyBytes48
{
    private byte _first;
}

[InlineArray(56)]
internal struct KeyBytes56
{
    private byte _first;
}

[InlineArray(KeyEntry.MaxInlineKeyLength)]
internal struct KeyBytes64
{
    private byte _first;
}
