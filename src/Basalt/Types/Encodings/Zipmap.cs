namespace Basalt.Types.Encodings;

/// <summary>
/// Reads Redis's zipmap (hashes in files of Redis 2.4 and older; never built):
/// <c>zmlen u8 | (len field len free value [free bytes])* | FF</c>, where a len is one byte below
/// 254, else FE followed by a u32 in little endian, and free is one byte counting unused bytes
/// after the value.
/// </summary>
public static class Zipmap
{
    private const byte End = 0xFF;
    private const byte BigLength = 0xFE;

    /// <summary>
    /// zipmapValidateIntegrity, deep: every field and value lies inside the blob, there is at
    /// least one pair, and the count byte (unless 254 or more: unknown) is right.
    /// </summary>
    public static bool Validate(ReadOnlySpan<byte> blob)
    {
        if (blob.Length < 2 || blob[^1] != End)
        {
            return false;
        }
        long last = blob.Length - 1;
        long pos = 1;
        var count = 0;
        while (blob[(int)pos] != End)
        {
            var size = LengthSize(blob[(int)pos]);
            if (pos + size > last)
            {
                return false;
            }
            pos += size + DecodeLength(blob, (int)pos);
            if (pos > last)
            {
                return false;
            }
            size = LengthSize(blob[(int)pos]);
            if (pos + size > last)
            {
                return false;
            }
            var valueLength = DecodeLength(blob, (int)pos);
            pos += size;
            var free = blob[(int)pos];
            pos += 1 + valueLength + free;
            count++;
            if (pos > last)
            {
                return false;
            }
        }
        return count != 0 && (blob[0] >= BigLength || blob[0] == count);
    }

    /// <summary>The field/value pairs of a blob that passed <see cref="Validate"/>.</summary>
    public static Enumerator Pairs(ReadOnlySpan<byte> blob) => new(blob);

    /// <summary>Walks the pairs of a validated zipmap.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _blob;
        private int _next;

        internal Enumerator(ReadOnlySpan<byte> blob)
        {
            _blob = blob;
            _next = 1;
        }

        public ReadOnlySpan<byte> Field { get; private set; }

        public ReadOnlySpan<byte> Value { get; private set; }

        public bool MoveNext()
        {
            if (_blob[_next] == End)
            {
                return false;
            }
            var fieldLength = (int)DecodeLength(_blob, _next);
            _next += LengthSize(_blob[_next]);
            Field = _blob.Slice(_next, fieldLength);
            _next += fieldLength;
            var valueLength = (int)DecodeLength(_blob, _next);
            _next += LengthSize(_blob[_next]);
            var free = _blob[_next++];
            Value = _blob.Slice(_next, valueLength);
            _next += valueLength + free;
            return true;
        }
    }

    private static int LengthSize(byte first) => first < BigLength ? 1 : 5;

    private static long DecodeLength(ReadOnlySpan<byte> blob, int pos) =>
        blob[pos] < BigLength ? blob[pos] : System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(blob[(pos + 1)..]);
}
