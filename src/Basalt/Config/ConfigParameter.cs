namespace Basalt.Config;

/// <summary>
/// One configuration parameter: its name, flags and current value, how it parses arguments, how
/// CONFIG GET prints it and how CONFIG REWRITE writes it. Every <see cref="ServerConfig"/> has its
/// own instances, so the parameter objects are where the values live.
/// </summary>
public abstract class ConfigParameter
{
    protected ConfigParameter(string name, string? alias, ConfigFlags flags)
    {
        Name = name;
        Alias = alias;
        Flags = flags;
    }

    /// <summary>The primary name, the one CONFIG REWRITE writes.</summary>
    public string Name { get; }

    /// <summary>The older name also accepted (slaveof for replicaof, ...), or null.</summary>
    public string? Alias { get; }

    public ConfigFlags Flags { get; }

    /// <summary>The value as CONFIG GET prints it.</summary>
    public abstract string Get();

    /// <summary>
    /// Parses and stores <paramref name="args"/>. On failure the value may be left changed (as in
    /// Redis); the caller restores it from a <see cref="Get"/> taken before.
    /// </summary>
    internal abstract SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error);

    /// <summary>Writes the parameter's line(s) into a CONFIG REWRITE in progress.</summary>
    internal abstract void Rewrite(ConfigRewriteState state);

    /// <summary>The outcome when the value did not change: volatile parameters always count as changed.</summary>
    private protected SetOutcome Unchanged => (Flags & ConfigFlags.Volatile) != 0 ? SetOutcome.Changed : SetOutcome.Unchanged;
}
