using System.Globalization;
using System.Numerics;
using System.Text;

namespace Basalt.Text;

/// <summary>
/// C's printf "%.<i>N</i>f" of a double as glibc prints it: the exact binary value rounded to N
/// fraction digits, ties to even, every integer digit written out (1e300 prints 301 digits), the
/// sign kept for negative values that round to zero ("-0.000000"), "inf" / "-inf" / "nan".
/// Error texts that quote a number with "%f" need it (GEOADD's invalid longitude,latitude pair).
/// </summary>
public static class PrintfFixed
{
    public static string Format(double value, int fractionDigits)
    {
        if (double.IsNaN(value))
        {
            return double.IsNegative(value) ? "-nan" : "nan";
        }
        if (double.IsInfinity(value))
        {
            return value < 0 ? "-inf" : "inf";
        }
        var bits = BitConverter.DoubleToUInt64Bits(value);
        var biased = (int)((bits >> 52) & 0x7FF);
        var fraction = bits & ((1UL << 52) - 1);
        var mantissa = biased == 0 ? fraction : fraction | (1UL << 52);
        var exponent = (biased == 0 ? 1 : biased) - 1075;

        // scaled = round(|value| · 10^digits), ties to even.
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, fractionDigits);
        if (exponent >= 0)
        {
            scaled <<= exponent;
        }
        else
        {
            var shift = -exponent;
            var quotient = scaled >> shift;
            var remainder = scaled - (quotient << shift);
            var half = BigInteger.One << (shift - 1);
            if (remainder > half || (remainder == half && !quotient.IsEven))
            {
                quotient++;
            }
            scaled = quotient;
        }
        var digits = scaled.ToString(CultureInfo.InvariantCulture).PadLeft(fractionDigits + 1, '0');
        var text = new StringBuilder();
        if (double.IsNegative(value))
        {
            text.Append('-');
        }
        text.Append(digits, 0, digits.Length - fractionDigits);
        if (fractionDigits > 0)
        {
            text.Append('.').Append(digits, digits.Length - fractionDigits, fractionDigits);
        }
        return text.ToString();
    }
}
