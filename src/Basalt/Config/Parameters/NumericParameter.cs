using System.Globalization;

namespace Basalt.Config.Parameters;

/// <summary>
/// An integer parameter with inclusive bounds. Values are kept as a 64-bit integer whatever the C
/// type in Redis; for the parameters Redis stores unsigned (size_t, unsigned int, unsigned long
/// long) the bounds are compared as unsigned, which is why "-1" for those reports the 0..max range.
/// </summary>
public sealed class NumericParameter : ConfigParameter
{
    private readonly Func<long, string?>? _validate;

    internal NumericParameter(string name, string? alias, ConfigFlags flags, long lower, long upper, long defaultValue,
        NumericFormat format = NumericFormat.Integer, bool isUnsigned = false, Func<long, string?>? validate = null)
        : base(name, alias, flags)
    {
        Lower = lower;
        Upper = upper;
        DefaultValue = defaultValue;
        Value = defaultValue;
        Format = format;
        IsUnsigned = isUnsigned;
        _validate = validate;
    }

    public long Lower { get; }

    public long Upper { get; }

    public long DefaultValue { get; }

    public NumericFormat Format { get; }

    public bool IsUnsigned { get; }

    /// <summary>
    /// The value; a negative value of a <see cref="NumericFormat.Percent"/> parameter is a
    /// percentage (-10 means 10%).
    /// </summary>
    public long Value { get; private set; }

    public override string Get()
    {
        if ((Format & NumericFormat.Percent) != 0 && Value < 0) return ConfigNumbers.Invariant(-Value) + "%";
        if ((Format & NumericFormat.Memory) != 0) return ((ulong)Value).ToString(CultureInfo.InvariantCulture);
        if ((Format & NumericFormat.Octal) != 0) return Convert.ToString(Value, 8);
        return ConfigNumbers.Invariant(Value);
    }

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (!TryParse(args[0], out var value, out error)) return SetOutcome.Failed;
        error = CheckBounds(value) ?? _validate?.Invoke(value);
        if (error is not null) return SetOutcome.Failed;
        if (value == Value) return Unchanged;
        Value = value;
        return SetOutcome.Changed;
    }

    /// <summary>
    /// Adjusts the stored value without parsing, for the few parameters Redis corrects after
    /// setting them (hz is clamped to 1..500).
    /// </summary>
    internal void Clamp(long min, long max) => Value = Math.Clamp(Value, min, max);

    internal override void Rewrite(ConfigRewriteState state)
    {
        var force = Value != DefaultValue;
        string text;
        if ((Format & NumericFormat.Percent) != 0 && Value < 0) text = ConfigNumbers.Invariant(-Value) + "%";
        else if ((Format & NumericFormat.Memory) != 0) text = ConfigNumbers.FormatMemory(Value);
        else if ((Format & NumericFormat.Octal) != 0) text = Convert.ToString(Value, 8);
        else text = ConfigNumbers.Invariant(Value);
        state.RewriteLine(Name, Name + " " + text, force);
    }

    // numericParseString: memory first, then percent, then octal; plain integers only when the
    // parameter has no special format at all.
    private bool TryParse(string text, out long value, out string? error)
    {
        error = null;
        if ((Format & NumericFormat.Memory) != 0 && ConfigNumbers.TryParseMemory(text, out var bytes))
        {
            value = (long)bytes;
            return true;
        }
        if ((Format & NumericFormat.Percent) != 0 && text.Length > 1 && text[^1] == '%' &&
            ConfigNumbers.TryParseStrict(text[..^1], out value) && value >= 0)
        {
            value = -value;
            return true;
        }
        if ((Format & NumericFormat.Octal) != 0 && ConfigNumbers.TryStrToLL(text, 8, out value)) return true;
        if (Format == NumericFormat.Integer && ConfigNumbers.TryParseStrict(text, out value)) return true;

        value = 0;
        if ((Format & NumericFormat.Memory) != 0 && (Format & NumericFormat.Percent) != 0)
            error = "argument must be a memory or percent value";
        else if ((Format & NumericFormat.Memory) != 0) error = "argument must be a memory value";
        else if ((Format & NumericFormat.Octal) != 0) error = "argument couldn't be parsed as an octal number";
        else error = "argument couldn't be parsed into an integer";
        return false;
    }

    private string? CheckBounds(long value)
    {
        if (IsUnsigned)
        {
            var v = (ulong)value;
            if (v <= (ulong)Upper && v >= (ulong)Lower) return null;
            return (Format & NumericFormat.Octal) != 0
                ? $"argument must be between {Convert.ToString(Lower, 8)} and {Convert.ToString(Upper, 8)} inclusive"
                : string.Create(CultureInfo.InvariantCulture, $"argument must be between {(ulong)Lower} and {(ulong)Upper} inclusive");
        }
        if ((Format & NumericFormat.Percent) != 0 && value < 0)
        {
            return value < Lower
                ? "percentage argument must be less or equal to " + ConfigNumbers.Invariant(-Lower)
                : null;
        }
        if (value > Upper || value < Lower)
            return string.Create(CultureInfo.InvariantCulture, $"argument must be between {Lower} and {Upper} inclusive");
        return null;
    }
}
