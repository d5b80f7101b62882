using System.Globalization;
using System.Numerics;
using System.Text;

namespace Basalt.Text;

/// <summary>
/// C's printf("%.Nf"): the exact binary value of a double rounded to N decimals, halves to even,
/// as glibc does it (.NET's "F" format rounds some exact halves the other way). INFO's ratios,
/// rates and percentiles go through here so that they read exactly as Redis prints them, and so do
/// error texts that quote a number with "%f" (GEOADD's invalid longitude,latitude pair).
/// </summary>
public static class PrintfFixed
{
    public static string Format(double value, int decimals)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }
        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }
        var negative = value < 0 || (value == 0 && double.IsNegative(value));
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponentBits = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        int exponent;
        if (exponentBits == 0)
        {
            exponent = -1074;
        }
        else
        {
            mantissa |= 1L << 52;
            exponent = exponentBits - 1075;
        }

        // value * 10^decimals = mantissa * 10^decimals * 2^exponent, rounded half to even.
        var scaled = new BigInteger(mantissa) * BigInteger.Pow(10, decimals);
        BigInteger units;
        if (exponent >= 0)
        {
            units = scaled << exponent;
        }
        else
        {
            var denominator = BigInteger.One << -exponent;
            units = BigInteger.DivRem(scaled, denominator, out var remainder);
            var twice = remainder * 2;
            if (twice > denominator || (twice == denominator && !units.IsEven))
            {
                units += 1;
            }
        }

        var digits = units.ToString(CultureInfo.InvariantCulture).PadLeft(decimals + 1, '0');
        var text = new StringBuilder();
        if (negative)
        {
            text.Append('-');
        }
        text.Append(digits, 0, digits.Length - decimals);
        if (decimals > 0)
        {
            text.Append('.').Append(digits, digits.Length - decimals, decimals);
        }
        return text.ToString();
    }
}
