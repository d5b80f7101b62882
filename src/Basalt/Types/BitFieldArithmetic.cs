namespace Basalt.Types;

/// <summary>
/// The arithmetic of BITFIELD's SET and INCRBY as Redis 7.0 does it (checkSignedBitfieldOverflow,
/// checkUnsignedBitfieldOverflow and the body of bitfieldGeneric), including its corners: an unsigned
/// SET of a negative number is seen as a huge one (so SAT stores the maximum), and sums are taken
/// modulo 2^64 before the wrap keeps the field's bits.
/// </summary>
public static class BitFieldArithmetic
{
    /// <summary>
    /// SET (<paramref name="increment"/> false: <paramref name="operand"/> is the new value) or INCRBY
    /// (<paramref name="operand"/> is added) on a field holding <paramref name="oldBits"/>. False when
    /// the result overflows under <see cref="BitFieldOverflow.Fail"/>: nothing is written and the
    /// reply is null. Otherwise <paramref name="newBits"/> is what to store (its low bits),
    /// <paramref name="reply"/> the old value (SET) or the new one (INCRBY), and
    /// <paramref name="changed"/> whether the value differs from the old one.
    /// </summary>
    public static bool TryWrite(BitFieldType type, BitFieldOverflow overflow, bool increment, long operand, ulong oldBits,
        out ulong newBits, out long reply, out bool changed)
    {
        int outcome;
        if (type.Signed)
        {
            var oldValue = type.SignExtend(oldBits);
            long newValue;
            if (increment)
            {
                outcome = CheckSigned(type, oldValue, operand, overflow, out var limit);
                newValue = outcome != 0 ? limit : unchecked(oldValue + operand);
                reply = newValue;
            }
            else
            {
                outcome = CheckSigned(type, operand, 0, overflow, out var limit);
                newValue = outcome != 0 ? limit : operand;
                reply = oldValue;
            }
            newBits = (ulong)newValue;
            changed = newValue != oldValue;
        }
        else
        {
            ulong newValue;
            if (increment)
            {
                outcome = CheckUnsigned(type, oldBits, operand, overflow, out var limit);
                newValue = outcome != 0 ? limit : unchecked(oldBits + (ulong)operand);
                reply = (long)newValue;
            }
            else
            {
                outcome = CheckUnsigned(type, (ulong)operand, 0, overflow, out var limit);
                newValue = outcome != 0 ? limit : (ulong)operand;
                reply = (long)oldBits;
            }
            newBits = newValue;
            changed = newValue != oldBits;
        }
        return outcome == 0 || overflow != BitFieldOverflow.Fail;
    }

    /// <summary>
    /// Whether <paramref name="value"/> + <paramref name="increment"/> fits an unsigned field: 0 when
    /// it does, 1 past the maximum, -1 below zero; <paramref name="limit"/> is then what WRAP or SAT
    /// stores (0 under FAIL). The value itself may be out of range (SET passes its argument here).
    /// </summary>
    public static int CheckUnsigned(BitFieldType type, ulong value, long increment, BitFieldOverflow overflow, out ulong limit)
    {
        var max = type.UnsignedMax;
        var maxIncrement = unchecked((long)(max - value));
        var minIncrement = unchecked(-(long)value);
        limit = 0;
        int outcome;
        if (value > max || (increment > 0 && increment > maxIncrement))
        {
            outcome = 1;
            limit = max;
        }
        else if (increment < 0 && increment < minIncrement)
        {
            outcome = -1;
        }
        else
        {
            return 0;
        }
        if (overflow == BitFieldOverflow.Wrap)
        {
            limit = unchecked(value + (ulong)increment) & max;
            // As in Redis, a wrap reports 1 whichever way it went: callers only test for non-zero.
            return 1;
        }
        if (overflow == BitFieldOverflow.Fail)
        {
            limit = 0;
        }
        return outcome;
    }

    /// <summary>
    /// Whether <paramref name="value"/> + <paramref name="increment"/> fits a signed field: 0 when it
    /// does, 1 past the maximum, -1 below the minimum; <paramref name="limit"/> is then what WRAP or
    /// SAT stores (0 under FAIL). The value itself may be out of range (SET passes its argument here).
    /// </summary>
    public static int CheckSigned(BitFieldType type, long value, long increment, BitFieldOverflow overflow, out long limit)
    {
        var max = type.SignedMax;
        var min = type.SignedMin;
        // Both may wrap; each is only used once the value's range makes it exact.
        var maxIncrement = unchecked((long)((ulong)max - (ulong)value));
        var minIncrement = unchecked(min - value);
        var narrow = type.Bits != 64;
        int outcome;
        if (value > max || (narrow && increment > maxIncrement) || (value >= 0 && increment > 0 && increment > maxIncrement))
        {
            outcome = 1;
            limit = max;
        }
        else if (value < min || (narrow && increment < minIncrement) || (value < 0 && increment < 0 && increment < minIncrement))
        {
            outcome = -1;
            limit = min;
        }
        else
        {
            limit = 0;
            return 0;
        }
        if (overflow == BitFieldOverflow.Wrap)
        {
            var sum = unchecked((ulong)value + (ulong)increment);
            limit = type.SignExtend(sum & type.UnsignedMax);
            // As in Redis, a wrap reports 1 whichever way it went: callers only test for non-zero.
            return 1;
        }
        if (overflow == BitFieldOverflow.Fail)
        {
            limit = 0;
        }
        return outcome;
    }
}
