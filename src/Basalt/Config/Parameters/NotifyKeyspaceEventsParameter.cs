namespace Basalt.Config.Parameters;

/// <summary>
/// <c>notify-keyspace-events &lt;classes&gt;</c>: which keyspace events are published, as the
/// letters Redis defines (K E g $ l s h z x e t m d n, A for all classes). GET prints the letters
/// back in Redis's canonical order, not as typed.
/// </summary>
public sealed class NotifyKeyspaceEventsParameter : ConfigParameter
{
    internal NotifyKeyspaceEventsParameter() : base("notify-keyspace-events", null, ConfigFlags.None)
    {
    }

    public KeyspaceEventClasses Value { get; private set; }

    public override string Get() => FlagsToString(Value);

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (args.Count != 1)
        {
            error = "wrong number of arguments";
            return SetOutcome.Failed;
        }
        var flags = StringToFlags(args[0]);
        if (flags is null)
        {
            error = "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.";
            return SetOutcome.Failed;
        }
        error = null;
        Value = flags.Value;
        return SetOutcome.Changed;
    }

    internal override void Rewrite(ConfigRewriteState state) =>
        state.RewriteLine(Name, Name + " " + ConfigRewriteState.Quote(FlagsToString(Value)), force: Value != KeyspaceEventClasses.None);

    private static KeyspaceEventClasses? StringToFlags(string classes)
    {
        var flags = KeyspaceEventClasses.None;
        foreach (var c in classes)
        {
            var eventClass = ClassOf(c);
            if (eventClass is null) return null;
            flags |= eventClass.Value;
        }
        return flags;
    }

    private static KeyspaceEventClasses? ClassOf(char c) => c switch
    {
        'A' => KeyspaceEventClasses.All,
        'g' => KeyspaceEventClasses.Generic,
        '$' => KeyspaceEventClasses.String,
        'l' => KeyspaceEventClasses.List,
        's' => KeyspaceEventClasses.Set,
        'h' => KeyspaceEventClasses.Hash,
        'z' => KeyspaceEventClasses.ZSet,
        'x' => KeyspaceEventClasses.Expired,
        'e' => KeyspaceEventClasses.Evicted,
        'K' => KeyspaceEventClasses.Keyspace,
        'E' => KeyspaceEventClasses.KeyEvent,
        't' => KeyspaceEventClasses.Stream,
        'm' => KeyspaceEventClasses.KeyMiss,
        'd' => KeyspaceEventClasses.Module,
        'n' => KeyspaceEventClasses.New,
        _ => null,
    };

    private static string FlagsToString(KeyspaceEventClasses flags)
    {
        var sb = new System.Text.StringBuilder();
        if ((flags & KeyspaceEventClasses.All) == KeyspaceEventClasses.All)
        {
            sb.Append('A');
        }
        else
        {
            if ((flags & KeyspaceEventClasses.Generic) != 0) sb.Append('g');
            if ((flags & KeyspaceEventClasses.String) != 0) sb.Append('$');
            if ((flags & KeyspaceEventClasses.List) != 0) sb.Append('l');
            if ((flags & KeyspaceEventClasses.Set) != 0) sb.Append('s');
            if ((flags & KeyspaceEventClasses.Hash) != 0) sb.Append('h');
            if ((flags & KeyspaceEventClasses.ZSet) != 0) sb.Append('z');
            if ((flags & KeyspaceEventClasses.Expired) != 0) sb.Append('x');
            if ((flags & KeyspaceEventClasses.Evicted) != 0) sb.Append('e');
            if ((flags & KeyspaceEventClasses.Stream) != 0) sb.Append('t');
            if ((flags & KeyspaceEventClasses.Module) != 0) sb.Append('d');
            if ((flags & KeyspaceEventClasses.New) != 0) sb.Append('n');
        }
        if ((flags & KeyspaceEventClasses.Keyspace) != 0) sb.Append('K');
        if ((flags & KeyspaceEventClasses.KeyEvent) != 0) sb.Append('E');
        if ((flags & KeyspaceEventClasses.KeyMiss) != 0) sb.Append('m');
        return sb.ToString();
    }
}
