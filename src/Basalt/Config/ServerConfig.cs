using System.Text;
using Basalt.Config.Parameters;
using Basalt.Text;

namespace Basalt.Config;

/// <summary>
/// The server's configuration: every Redis 7.0 parameter with its current value, set from
/// redis.conf and the command line at start and by CONFIG SET at run time, read by CONFIG GET and
/// written back by CONFIG REWRITE, all with Redis's rules and messages. Typed properties give the
/// server core the values it acts on (see ServerConfig.Properties.cs).
/// </summary>
/// <remarks>
/// Not thread-safe: like every other keyspace-visible state it is changed by commands, which run
/// in the server's single order of execution.
/// </remarks>
public sealed partial class ServerConfig
{
    private readonly List<ConfigParameter> _parameters;

    // Each parameter is registered under its name and, if it has one, its alias. CONFIG GET lists
    // both names; CONFIG SET treats them as different entries (setting both in one call is not a
    // "duplicate parameter" in Redis either).
    private readonly Dictionary<string, Registration> _registrations = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<Registration> _registrationOrder = new();

    /// <summary>Creates a configuration with every parameter at its default; dir is the current directory.</summary>
    public ServerConfig()
        : this(Directory.GetCurrentDirectory())
    {
    }

    /// <summary>Creates a configuration with every parameter at its default and dir set to <paramref name="directory"/>.</summary>
    public ServerConfig(string directory)
    {
        _parameters = ConfigTable.Create(Path.GetFullPath(directory));
        foreach (var parameter in _parameters)
        {
            Register(new Registration(parameter.Name, parameter));
            if (parameter.Alias is not null) Register(new Registration(parameter.Alias, parameter));
        }
        InitTypedParameters();
    }

    /// <summary>
    /// Raised after a successful CONFIG SET, once per parameter whose value changed, with the
    /// parameter's primary name (replica-read-only even when set as slave-read-only). The server
    /// applies run-time changes here: hz, maxclients, loglevel, and dir (by moving the process into
    /// <see cref="Dir"/>, as Redis's chdir does).
    /// </summary>
    public event Action<string>? Changed;

    /// <summary>
    /// Optional hook for changes that can fail when applied (listening on a new port or bind
    /// address, raising maxclients past the file limit). Called during CONFIG SET after all values
    /// are set, once per changed parameter (primary name); returning an error text undoes the whole
    /// CONFIG SET, as Redis's apply functions do, and the error is reported for that parameter.
    /// </summary>
    public Func<string, string?>? Apply { get; set; }

    /// <summary>The absolute path of the configuration file, or null when started without one (CONFIG REWRITE then fails).</summary>
    public string? ConfigFile { get; set; }

    /// <summary>The <c>rename-command &lt;name&gt; &lt;new-name&gt;</c> directives read, in order, for the command table to apply ("" removes the command).</summary>
    public List<(string Command, string NewName)> RenamedCommands { get; } = new();

    /// <summary>The command table as the renames read so far left it, to check each one as it is read (built at the first).</summary>
    private Commands.CommandTable? _renamedTable;

    /// <summary>
    /// Takes a <c>rename-command</c> directive: null when the command exists under that name (and
    /// the new one is free), else Redis's reason, which stops start-up at that line.
    /// </summary>
    public string? RenameCommand(string name, string newName)
    {
        _renamedTable ??= Commands.CommandRegistry.Build();
        var error = _renamedTable.Rename(name, newName);
        if (error is null)
        {
            RenamedCommands.Add((name, newName));
        }
        return error;
    }

    /// <summary>The arguments of the <c>user</c> (ACL) directives read, kept for when ACLs exist.</summary>
    public List<string[]> UserDirectives { get; } = new();

    /// <summary>All parameters, in Redis's table order.</summary>
    public IReadOnlyList<ConfigParameter> Parameters => _parameters;

    /// <summary>Finds a parameter by name or alias, case-insensitively.</summary>
    public ConfigParameter? Lookup(string name) => _registrations.TryGetValue(name, out var r) ? r.Parameter : null;

    /// <summary>The value CONFIG GET prints for <paramref name="name"/> (hidden parameters included), or null if unknown.</summary>
    public string? Get(string name) => Lookup(name)?.Get();

    /// <summary>True when the parameter holds a secret that must not appear in logs, SLOWLOG or MONITOR.</summary>
    public bool IsSensitive(string name) => Lookup(name) is { } p && (p.Flags & ConfigFlags.Sensitive) != 0;

    /// <summary>
    /// CONFIG GET: the parameters matching any of <paramref name="patterns"/>. A pattern without
    /// glob characters is an exact name (reported as typed, and the only way to reach hidden
    /// parameters); a glob pattern matches names and aliases case-insensitively. Each parameter name
    /// is listed once.
    /// </summary>
    public IReadOnlyList<(string Name, string Value)> GetMatching(IEnumerable<string> patterns)
    {
        var result = new List<(string Name, string Value)>();
        var listed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var pattern in patterns)
        {
            if (pattern.AsSpan().IndexOfAny("[*?") < 0)
            {
                if (listed.Contains(pattern)) continue;
                if (_registrations.TryGetValue(pattern, out var exact))
                {
                    listed.Add(pattern);
                    result.Add((pattern, exact.Parameter.Get()));
                }
                continue;
            }

            var patternBytes = Encoding.UTF8.GetBytes(pattern);
            foreach (var registration in _registrationOrder)
            {
                if ((registration.Parameter.Flags & ConfigFlags.Hidden) != 0) continue;
                if (listed.Contains(registration.Name)) continue;
                if (!GlobMatcher.Match(patternBytes, Encoding.UTF8.GetBytes(registration.Name), noCase: true)) continue;
                listed.Add(registration.Name);
                result.Add((registration.Name, registration.Parameter.Get()));
            }
        }
        return result;
    }

    /// <summary>
    /// CONFIG SET with Redis 7.0's semantics: every pair is checked first (unknown name, immutable
    /// or protected parameter, duplicate), then all values are set; if any value is refused, or
    /// applying a change fails, every parameter gets its old value back and nothing changes.
    /// <paramref name="error"/> is the full error reply text (without the leading '-').
    /// </summary>
    /// <param name="pairs">The name/value pairs, in command order.</param>
    /// <param name="error">Set on failure, e.g. <c>ERR Unknown option or number of arguments for CONFIG SET - 'foo'</c>.</param>
    /// <param name="isLocalClient">Whether the client is local, for enable-protected-configs local.</param>
    /// <param name="loading">Whether a dataset is being loaded: DENY_LOADING parameters are then refused with -LOADING.</param>
    public bool TrySet(IReadOnlyList<(string Name, string Value)> pairs, out string error, bool isLocalClient = false, bool loading = false)
    {
        var registrations = new Registration[pairs.Count];
        string? unknownName = null;
        string? failedName = null;
        string? reason = null;
        var denyLoading = false;

        // First pass: every name must exist and be settable. The first problem found is reported.
        for (var i = 0; i < pairs.Count && unknownName is null && failedName is null && !denyLoading; i++)
        {
            var name = pairs[i].Name;
            if (!_registrations.TryGetValue(name, out var registration))
            {
                unknownName = name;
                break;
            }
            var flags = registration.Parameter.Flags;
            if ((flags & ConfigFlags.Immutable) != 0 || ((flags & ConfigFlags.Protected) != 0 && !ProtectedConfigsAllowed(isLocalClient)))
            {
                reason = (flags & ConfigFlags.Immutable) != 0 ? "can't set immutable config" : "can't set protected config";
                failedName = name;
                break;
            }
            if (loading && (flags & ConfigFlags.DenyLoading) != 0)
            {
                denyLoading = true;
                break;
            }
            if (Array.IndexOf(registrations, registration, 0, i) >= 0)
            {
                reason = "duplicate parameter";
                failedName = name;
                break;
            }
            registrations[i] = registration;
        }

        if (unknownName is null && failedName is null && !denyLoading)
        {
            failedName = SetAll(registrations, pairs, out reason);
            if (failedName is null)
            {
                error = "";
                return true;
            }
        }

        if (denyLoading) error = "LOADING Redis is loading the dataset in memory";
        else if (unknownName is not null) error = $"ERR Unknown option or number of arguments for CONFIG SET - '{unknownName}'";
        else if (!string.IsNullOrEmpty(reason)) error = $"ERR CONFIG SET failed (possibly related to argument '{failedName}') - {reason}";
        else error = $"ERR CONFIG SET failed (possibly related to argument '{failedName}')";
        return false;
    }

    /// <summary>Sets one parameter at run time (a single-pair <see cref="TrySet"/>).</summary>
    public bool TrySet(string name, string value, out string error) => TrySet([(name, value)], out error);

    // Sets the values, then applies the changes; on any failure restores the old values and
    // returns the name to blame, else raises Changed and returns null.
    private string? SetAll(Registration[] registrations, IReadOnlyList<(string Name, string Value)> pairs, out string? reason)
    {
        var oldValues = registrations.Select(r => r.Parameter.Get()).ToArray();
        var changed = new List<Registration>();
        for (var i = 0; i < registrations.Length; i++)
        {
            var outcome = SetFromValueString(registrations[i].Parameter, pairs[i].Value, ConfigSetContext.Runtime, out reason);
            if (outcome == SetOutcome.Failed)
            {
                Restore(registrations, oldValues, i + 1);
                return registrations[i].Name;
            }
            if (outcome == SetOutcome.Changed && !changed.Any(c => c.Parameter == registrations[i].Parameter))
                changed.Add(registrations[i]);
        }

        for (var i = 0; i < changed.Count; i++)
        {
            reason = ApplyChange(changed[i].Parameter);
            if (reason is null) continue;
            Restore(registrations, oldValues, registrations.Length);
            // Redis re-runs the apply functions so that the restored values take effect again.
            foreach (var c in changed) ApplyChange(c.Parameter);
            return changed[i].Name;
        }

        reason = null;
        foreach (var c in changed) Changed?.Invoke(c.Parameter.Name);
        return null;
    }

    private void Restore(Registration[] registrations, string[] oldValues, int count)
    {
        for (var i = 0; i < count; i++)
            SetFromValueString(registrations[i].Parameter, oldValues[i], ConfigSetContext.Runtime, out _);
    }

    // The adjustments Redis makes in its own apply functions, then the server's hook.
    private string? ApplyChange(ConfigParameter parameter)
    {
        // hz is a hint: any value is accepted, then kept within what the cron can do.
        if (parameter == _hz) _hz.Clamp(MinHz, MaxHz);
        // resizeReplicationBacklog: a backlog is never smaller than 16 KB.
        if (parameter == _replBacklogSize) _replBacklogSize.Clamp(MinReplBacklogSize, long.MaxValue);
        return Apply?.Invoke(parameter.Name);
    }

    private const int MinHz = 1;
    private const long MinReplBacklogSize = 16 * 1024;
    private const int MaxHz = 500;

    /// <summary>Clamps hz after loading a config file, as Redis does for compatibility with out-of-range values.</summary>
    internal void ClampHz() => _hz.Clamp(MinHz, MaxHz);

    // performInterfaceSet: a CONFIG SET value of a multi-argument parameter is split on single
    // spaces (not with the quoting rules of redis.conf), so "" gives no arguments at all.
    private static SetOutcome SetFromValueString(ConfigParameter parameter, string value, ConfigSetContext context, out string? error)
    {
        IReadOnlyList<string> args = (parameter.Flags & ConfigFlags.MultiArg) != 0
            ? (value.Length == 0 ? Array.Empty<string>() : value.Split(' '))
            : [value];
        return parameter.Set(args, context, out error);
    }

    private bool ProtectedConfigsAllowed(bool isLocalClient) => _enableProtectedConfigs.Value switch
    {
        ConfigTable.ProtectedActionYes => true,
        ConfigTable.ProtectedActionLocal => isLocalClient,
        _ => false,
    };

    private void Register(Registration registration)
    {
        _registrations.Add(registration.Name, registration);
        _registrationOrder.Add(registration);
    }

    /// <summary>A name under which a parameter can be reached (its own name or its alias).</summary>
    private sealed record Registration(string Name, ConfigParameter Parameter);
}
