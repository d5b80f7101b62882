namespace Basalt.Config.Parameters;

/// <summary>A yes/no parameter (case-insensitive on input, printed lowercase).</summary>
public sealed class BoolParameter : ConfigParameter
{
    private readonly Func<bool, string?>? _validate;

    internal BoolParameter(string name, string? alias, ConfigFlags flags, bool defaultValue, Func<bool, string?>? validate = null)
        : base(name, alias, flags)
    {
        DefaultValue = defaultValue;
        Value = defaultValue;
        _validate = validate;
    }

    public bool DefaultValue { get; }

    public bool Value { get; private set; }

    public override string Get() => Value ? "yes" : "no";

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        bool value;
        if (args[0].Equals("yes", StringComparison.OrdinalIgnoreCase)) value = true;
        else if (args[0].Equals("no", StringComparison.OrdinalIgnoreCase)) value = false;
        else
        {
            error = "argument must be 'yes' or 'no'";
            return SetOutcome.Failed;
        }

        error = _validate?.Invoke(value);
        if (error is not null) return SetOutcome.Failed;
        if (value == Value) return Unchanged;
        Value = value;
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state) => state.RewriteYesNo(Name, Value, DefaultValue);
}
