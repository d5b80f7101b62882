namespace Basalt.Types;

/// <summary>
/// The integer type of a BITFIELD operation: signed (i1..i64) or unsigned (u1..u63), stored as
/// <see cref="Bits"/> bits in big-endian bit order (see <see cref="Bitmap.GetField"/>). u64 is not
/// a type because an integer reply could not hold its upper half.
/// </summary>
public readonly record struct BitFieldType(bool Signed, int Bits)
{
    /// <summary>
    /// Parses "i&lt;bits&gt;" or "u&lt;bits&gt;" as getBitfieldTypeFromArgument does: the sign letter is
    /// case-sensitive, and the width is read only up to the first NUL byte (Redis reads it as a C string).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> text, out BitFieldType type)
    {
        type = default;
        if (text.IsEmpty || text[0] is not ((byte)'i' or (byte)'u'))
        {
            return false;
        }
        var signed = text[0] == (byte)'i';
        var width = text[1..];
        var nul = width.IndexOf((byte)0);
        if (nul >= 0)
        {
            width = width[..nul];
        }
        if (!Text.RedisNumber.TryParseInt64(width, out var bits) || bits < 1 || bits > (signed ? 64 : 63))
        {
            return false;
        }
        type = new BitFieldType(signed, (int)bits);
        return true;
    }

    /// <summary>The largest value the type holds.</summary>
    public ulong UnsignedMax => Bits == 64 ? ulong.MaxValue : (1UL << Bits) - 1;

    /// <summary>The largest value the signed type holds.</summary>
    public long SignedMax => Bits == 64 ? long.MaxValue : (1L << (Bits - 1)) - 1;

    /// <summary>The smallest value the signed type holds.</summary>
    public long SignedMin => -SignedMax - 1;

    /// <summary>The field's bits read as a signed number: the top bit of the field is the sign.</summary>
    public long SignExtend(ulong fieldBits)
    {
        if (Bits < 64 && (fieldBits & (1UL << (Bits - 1))) != 0)
        {
            fieldBits |= ulong.MaxValue << Bits;
        }
        return (long)fieldBits;
    }
}
