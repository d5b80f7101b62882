namespace Basalt.Types;

/// <summary>
/// A field and its value packed in one array, the item of a hashtable-encoded hash:
/// <c>field length (LEB128) | field | value</c>. One array instead of two (and no pair object)
/// keeps a field near Redis's cost (a dictEntry and two sds strings). Pairs are never modified
/// in place: a new value makes a new pair, so copies of a hash may share them.
/// </summary>
public static class HashPair
{
    public static byte[] Create(ReadOnlySpan<byte> field, ReadOnlySpan<byte> value)
    {
        var prefix = PrefixSize(field.Length);
        var pair = GC.AllocateUninitializedArray<byte>(prefix + field.Length + value.Length);
        var length = (uint)field.Length;
        var i = 0;
        while (length >= 0x80)
        {
            pair[i++] = (byte)(length | 0x80);
            length >>= 7;
        }
        pair[i] = (byte)length;
        field.CopyTo(pair.AsSpan(prefix));
        value.CopyTo(pair.AsSpan(prefix + field.Length));
        return pair;
    }

    public static ReadOnlySpan<byte> Field(byte[] pair)
    {
        var length = ReadFieldLength(pair, out var prefix);
        return pair.AsSpan(prefix, length);
    }

    public static ReadOnlySpan<byte> Value(byte[] pair)
    {
        var length = ReadFieldLength(pair, out var prefix);
        return pair.AsSpan(prefix + length);
    }

    /// <summary>Bytes the pair's array occupies on the heap (header and padding included).</summary>
    public static long HeapSize(byte[] pair) => 24 + ((pair.Length + 7) & ~7);

    private static int PrefixSize(int fieldLength)
    {
        var size = 1;
        for (var length = (uint)fieldLength; length >= 0x80; length >>= 7)
        {
            size++;
        }
        return size;
    }

    private static int ReadFieldLength(byte[] pair, out int prefix)
    {
        var first = pair[0];
        if (first < 0x80)
        {
            prefix = 1;
            return first;
        }
        var length = 0;
        var shift = 0;
        var i = 0;
        byte b;
        do
        {
            b = pair[i++];
            length |= (b & 0x7F) << shift;
            shift += 7;
        }
        while ((b & 0x80) != 0);
        prefix = i;
        return length;
    }

    /// <summary>The table key of a pair: its field.</summary>
    public readonly struct FieldKey : IMemberKey<byte[]>
    {
        public static ReadOnlySpan<byte> KeyOf(byte[] item) => Field(item);

        public static long SizeOf(byte[] item) => HeapSize(item);
    }
}
