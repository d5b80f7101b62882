namespace Basalt.Config.Parameters;

/// <summary>
/// A parameter whose value is one of a fixed list of words (case-insensitive), or, for the
/// multi-argument ones such as shutdown-on-sigint, a set of flag words combined.
/// </summary>
public sealed class EnumParameter : ConfigParameter
{
    private readonly (string Name, int Value)[] _choices;
    private readonly Func<int, string?>? _validate;

    internal EnumParameter(string name, string? alias, ConfigFlags flags, (string Name, int Value)[] choices, int defaultValue,
        Func<int, string?>? validate = null)
        : base(name, alias, flags)
    {
        _choices = choices;
        DefaultValue = defaultValue;
        Value = defaultValue;
        _validate = validate;
    }

    public int DefaultValue { get; }

    /// <summary>The numeric value of the chosen word (or the OR of the chosen flags).</summary>
    public int Value { get; private set; }

    private bool IsBitFlags => (Flags & ConfigFlags.MultiArg) != 0;

    /// <summary>The words accepted, in Redis's order.</summary>
    public IEnumerable<string> Choices => _choices.Select(c => c.Name);

    public override string Get() => NameOf(Value);

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (!TryParse(args, out var value))
        {
            var message = "argument(s) must be one of the following: " + string.Join(", ", Choices);
            // Redis builds this message in a 256 byte buffer.
            error = message.Length > 255 ? message[..255] : message;
            return SetOutcome.Failed;
        }

        error = _validate?.Invoke(value);
        if (error is not null) return SetOutcome.Failed;
        if (value == Value) return Unchanged;
        Value = value;
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state) =>
        state.RewriteLine(Name, Name + " " + NameOf(Value), Value != DefaultValue);

    private bool TryParse(IReadOnlyList<string> args, out int value)
    {
        value = 0;
        if (args.Count == 0 || (!IsBitFlags && args.Count != 1)) return false;
        foreach (var arg in args)
        {
            var matched = false;
            foreach (var (name, v) in _choices)
            {
                if (!arg.Equals(name, StringComparison.OrdinalIgnoreCase)) continue;
                value |= v;
                matched = true;
            }
            if (!matched) return false;
        }
        return true;
    }

    // configEnumGetName: the first exact match wins (so oom-score-adj "relative" prints as "yes");
    // flag sets are spelled in list order, and a value no combination explains is "unknown".
    private string NameOf(int value)
    {
        var names = new List<string>();
        var unmatched = value;
        foreach (var (name, v) in _choices)
        {
            if (value == v) return name;
            if (IsBitFlags && v != 0 && v == (unmatched & v))
            {
                names.Add(name);
                unmatched &= ~v;
            }
        }
        return names.Count == 0 || unmatched != 0 ? "unknown" : string.Join(' ', names);
    }
}
