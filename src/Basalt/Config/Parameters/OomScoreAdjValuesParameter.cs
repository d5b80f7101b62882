namespace Basalt.Config.Parameters;

/// <summary>
/// <c>oom-score-adj-values &lt;master&gt; &lt;replica&gt; &lt;bgchild&gt;</c>: the Linux OOM-killer
/// adjustments used when oom-score-adj is enabled, each between -2000 and 2000.
/// </summary>
public sealed class OomScoreAdjValuesParameter : ConfigParameter
{
    private static readonly int[] Defaults = [0, 200, 800];

    private int[] _values = (int[])Defaults.Clone();

    internal OomScoreAdjValuesParameter() : base("oom-score-adj-values", null, ConfigFlags.MultiArg)
    {
    }

    public IReadOnlyList<int> Values => _values;

    public override string Get() => string.Join(' ', _values);

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (args.Count != Defaults.Length)
        {
            error = "wrong number of arguments";
            return SetOutcome.Failed;
        }

        var values = new int[Defaults.Length];
        for (var i = 0; i < values.Length; i++)
        {
            var value = ConfigNumbers.StrToLL(args[i], 10, out var end, out _);
            if (end != args[i].Length || value < -2000 || value > 2000)
            {
                error = "Invalid oom-score-adj-values, elements must be between -2000 and 2000.";
                return SetOutcome.Failed;
            }
            values[i] = (int)value;
        }

        error = null;
        if (values.SequenceEqual(_values)) return SetOutcome.Unchanged;
        _values = values;
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state) =>
        state.RewriteLine(Name, Name + " " + Get(), force: !_values.SequenceEqual(Defaults));
}
