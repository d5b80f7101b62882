namespace Basalt.Config.Parameters;

/// <summary>
/// A free-form string parameter. Some treat the empty string as "not set" (Redis's
/// EMPTY_STRING_IS_NULL): they print as "" but are left out of a rewritten file, so that the next
/// start sees them unset again.
/// </summary>
public sealed class StringParameter : ConfigParameter
{
    private readonly Func<string, string?>? _validate;

    internal StringParameter(string name, string? alias, ConfigFlags flags, bool emptyIsNull, string? defaultValue,
        Func<string, string?>? validate = null)
        : base(name, alias, flags)
    {
        EmptyIsNull = emptyIsNull;
        DefaultValue = defaultValue;
        Value = defaultValue;
        _validate = validate;
    }

    public bool EmptyIsNull { get; }

    public string? DefaultValue { get; }

    /// <summary>The value, null when unset.</summary>
    public string? Value { get; private set; }

    public override string Get() => Value ?? "";

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        error = _validate?.Invoke(args[0]);
        if (error is not null) return SetOutcome.Failed;

        var value = EmptyIsNull && args[0].Length == 0 ? null : args[0];
        if (value == Value) return Unchanged;
        Value = value;
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state) => state.RewriteString(Name, Value, DefaultValue);
}
