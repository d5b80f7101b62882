using System.Globalization;

namespace Basalt.Config.Parameters;

/// <summary>
/// <c>latency-tracking-info-percentiles &lt;p&gt; ...</c>: the percentiles INFO LATENCYSTATS reports,
/// each between 0 and 100; "" means none.
/// </summary>
public sealed class LatencyTrackingPercentilesParameter : ConfigParameter
{
    private double[] _percentiles = [50.0, 99.0, 99.9];

    internal LatencyTrackingPercentilesParameter()
        : base("latency-tracking-info-percentiles", null, ConfigFlags.MultiArg)
    {
    }

    public IReadOnlyList<double> Percentiles => _percentiles;

    public override string Get() => string.Join(' ', _percentiles.Select(Format));

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        error = null;
        if (args.Count == 1 && args[0].Length == 0)
        {
            _percentiles = [];
            return SetOutcome.Changed;
        }

        var values = new double[args.Count];
        for (var j = 0; j < args.Count; j++)
        {
            if (!TryParseDouble(args[j], out var percentile))
                error = "Invalid latency-tracking-info-percentiles parameters";
            else if (percentile > 100.0 || percentile < 0.0)
                error = "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]";
            if (error is not null)
            {
                // Redis leaves the list empty after a bad value; CONFIG SET puts the old one back.
                _percentiles = [];
                return SetOutcome.Failed;
            }
            values[j] = percentile;
        }
        _percentiles = values;
        return SetOutcome.Changed;
    }

    // Always written (even at the defaults), and "" when empty so that the defaults do not come back.
    internal override void Rewrite(ConfigRewriteState state)
    {
        var line = _percentiles.Length == 0 ? Name + " \"\"" : Name + " " + Get();
        state.RewriteLine(Name, line, force: true);
    }

    // printf("%f") then trailing zeros (and a trailing dot) removed, as Redis's trimDoubleString.
    private static string Format(double value)
    {
        var text = value.ToString("F6", CultureInfo.InvariantCulture);
        if (text.Contains('.')) text = text.TrimEnd('0').TrimEnd('.');
        return text;
    }

    // string2d: strtod over the whole string, no leading blank, no NaN, no overflow.
    private static bool TryParseDouble(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || ConfigNumbers.IsCSpace(text[0]) || ConfigNumbers.IsCSpace(text[^1])) return false;
        var body = text.TrimStart('+', '-');
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = text[0] == '-' ? double.NegativeInfinity : double.PositiveInfinity;
            return text.Length - body.Length <= 1;
        }
        const NumberStyles style = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;
        return double.TryParse(text, style, CultureInfo.InvariantCulture, out value) && !double.IsNaN(value) && !double.IsInfinity(value);
    }
}
