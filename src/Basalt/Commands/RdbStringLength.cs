using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// The number of bytes a string value takes in an RDB file (rdbSavedObjectLen for strings), which
/// DEBUG OBJECT reports as serializedlength: integers that fit 8, 16 or 32 bits are stored as such,
/// anything else as a length-prefixed string.
/// </summary>
/// <remarks>
/// Redis may also LZF-compress strings longer than 20 bytes when rdbcompression is on; Basalt has
/// no LZF compressor yet, so for those the uncompressed length is given.
/// </remarks>
public static class RdbStringLength
{
    public static long Of(RedisString value)
    {
        if (value.IsInteger)
        {
            var encoded = IntegerEncodingLength(value.IntegerValue);
            if (encoded > 0)
            {
                return encoded;
            }
            Span<byte> digits = stackalloc byte[RedisNumber.MaxInt64Chars];
            var length = RedisNumber.FormatInt64(value.IntegerValue, digits);
            return LengthPrefix(length) + length;
        }
        var bytes = value.Bytes;
        // rdbTryIntegerEncoding: short canonical integers are saved as integers even when held as text.
        if (bytes.Length <= 11 && RedisNumber.TryParseInt64(bytes, out var number))
        {
            var encoded = IntegerEncodingLength(number);
            if (encoded > 0)
            {
                return encoded;
            }
        }
        return LengthPrefix(bytes.Length) + bytes.Length;
    }

    /// <summary>rdbEncodeInteger: a type byte plus 1, 2 or 4 bytes; 0 when the value needs more.</summary>
    private static int IntegerEncodingLength(long value) => value switch
    {
        >= sbyte.MinValue and <= sbyte.MaxValue => 2,
        >= short.MinValue and <= short.MaxValue => 3,
        >= int.MinValue and <= int.MaxValue => 5,
        _ => 0,
    };

    /// <summary>rdbSaveLen: 1, 2, 5 or 9 bytes depending on the length.</summary>
    private static int LengthPrefix(long length) => length switch
    {
        < 1 << 6 => 1,
        < 1 << 14 => 2,
        <= uint.MaxValue => 5,
        _ => 9,
    };
}
