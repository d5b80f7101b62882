namespace Basalt.Types;

/// <summary>
/// The cardinality estimate Redis 7.0 makes from the histogram of register values: Otmar Ertl's
/// improved estimator ("New cardinality estimation algorithms for HyperLogLog sketches",
/// arXiv:1702.01284), with the same floating-point steps in the same order, so that it rounds to
/// the same integer.
/// </summary>
public static class HyperLogLogEstimator
{
    /// <summary>HLL_ALPHA_INF, 0.5 / ln 2.</summary>
    private const double AlphaInf = 0.721347520444481703680;

    /// <summary>The estimate for a histogram of the 16384 registers' values (index 0 to 63).</summary>
    public static long Estimate(ReadOnlySpan<int> histogram)
    {
        const double M = HyperLogLog.RegisterCount;
        var z = M * Tau((M - histogram[HyperLogLog.RunBits + 1]) / M);
        for (var j = HyperLogLog.RunBits; j >= 1; j--)
        {
            z += histogram[j];
            z *= 0.5;
        }
        z += M * Sigma(histogram[0] / M);
        return RoundToLong(AlphaInf * M * M / z);
    }

    private static double Sigma(double x)
    {
        if (x == 1.0)
        {
            return double.PositiveInfinity;
        }
        double previous;
        var y = 1.0;
        var z = x;
        do
        {
            x *= x;
            previous = z;
            z += x * y;
            y += y;
        }
        while (previous != z);
        return z;
    }

    private static double Tau(double x)
    {
        if (x == 0.0 || x == 1.0)
        {
            return 0.0;
        }
        double previous;
        var y = 1.0;
        var z = 1 - x;
        do
        {
            x = Math.Sqrt(x);
            previous = z;
            y *= 0.5;
            z -= Math.Pow(1 - x, 2) * y;
        }
        while (previous != z);
        return z / 3;
    }

    /// <summary>
    /// llroundl: halves away from zero; a value out of range (or not a number) gives what the x86-64
    /// conversion gives, the most negative integer.
    /// </summary>
    private static long RoundToLong(double value)
    {
        var rounded = Math.Round(value, MidpointRounding.AwayFromZero);
        return rounded is >= -9.2233720368547758E18 and < 9.2233720368547758E18 ? (long)rounded : long.MinValue;
    }
}
