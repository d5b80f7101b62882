namespace Basalt.Server.Info;

/// <summary>
/// Which sections an INFO call asked for (genInfoSectionDict): none means the default ones,
/// "default" adds them, "all" means every section, "everything" all plus module sections;
/// other names are section names, matched case-insensitively.
/// </summary>
public sealed class InfoSectionSelection
{
    private static readonly string[] DefaultSections =
    [
        "server", "clients", "memory", "persistence", "stats", "replication", "cpu", "module_list",
        "errorstats", "cluster", "keyspace",
    ];

    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);

    public InfoSectionSelection(IReadOnlyList<string> arguments)
    {
        if (arguments.Count == 0)
        {
            _names.UnionWith(DefaultSections);
            return;
        }
        foreach (var argument in arguments)
        {
            if (argument.Equals("default", StringComparison.OrdinalIgnoreCase))
            {
                _names.UnionWith(DefaultSections);
            }
            else if (argument.Equals("all", StringComparison.OrdinalIgnoreCase))
            {
                All = true;
            }
            else if (argument.Equals("everything", StringComparison.OrdinalIgnoreCase))
            {
                All = true;
            }
            else
            {
                _names.Add(argument);
            }
        }
    }

    /// <summary>"all" or "everything": every section (Basalt has no module sections, so the two are the same).</summary>
    public bool All { get; }

    public bool Includes(string section) => All || _names.Contains(section);
}
