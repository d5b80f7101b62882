using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// A <see cref="KeyEntry"/> whose name is kept in the object itself, in a buffer of
/// <typeparamref name="TBytes"/>'s size (one of the <c>KeyBytesN</c> below, N bytes of room).
/// </summary>
/// <remarks>
/// The runtime lays a byte buffer out right after the base class's last field, in its padding, so
/// the sizes N are those that fill an object up to the next multiple of 8 bytes
/// (<see cref="KeyEntry.ObjectBytes"/>): a 16-byte name makes a 72-byte entry where the entry and
/// an array of its own took 104.
/// </remarks>
internal sealed class InlineKeyEntry<TBytes> : KeyEntry
    where TBytes : struct
{
    private TBytes _bytes;

    internal InlineKeyEntry(ReadOnlySpan<byte> key, ulong hash, RedisObject value)
        : base(hash, value)
    {
        InlineKeyLength = (byte)key.Length;
        key.CopyTo(MemoryMarshal.CreateSpan(ref Unsafe.As<TBytes, byte>(ref _bytes), Unsafe.SizeOf<TBytes>()));
    }

    public override ReadOnlySpan<byte> Key => MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<TBytes, byte>(ref _bytes), InlineKeyLength);
}

[InlineArray(11)]
internal struct KeyBytes11
{
    private byte _first;
}

[InlineArray(19)]
internal struct KeyBytes19
{
    private byte _first;
}

[InlineArray(27)]
internal struct KeyBytes27
{
    private byte _first;
}

[InlineArray(35)]
internal struct KeyBytes35
{
    private byte _first;
}

[InlineArray(43)]
internal struct KeyBytes43
{
    private byte _first;
}

[InlineArray(51)]
internal struct KeyBytes51
{
    private byte _first;
}

[InlineArray(KeyEntry.MaxInlineKeyLength)]
internal struct KeyBytes59
{
    private byte _first;
}
