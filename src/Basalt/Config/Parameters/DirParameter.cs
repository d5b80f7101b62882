namespace Basalt.Config.Parameters;

/// <summary>
/// <c>dir &lt;path&gt;</c>: the working directory, where dump.rdb and the appendonly directory live.
/// Redis chdir()s while it parses the option, so a relative path is taken from the previous
/// directory and later relative paths in redis.conf (include, logfile) from this one. Basalt does
/// not change the process's directory here (tests run side by side in one process): the value is
/// kept as an absolute path, and the server moves into it (see <see cref="ServerConfig.Changed"/>).
/// </summary>
public sealed class DirParameter : ConfigParameter
{
    internal DirParameter(string initialDirectory)
        : base("dir", null, ConfigFlags.Protected | ConfigFlags.DenyLoading)
    {
        Value = Normalize(initialDirectory);
    }

    /// <summary>The absolute path of the working directory.</summary>
    public string Value { get; private set; }

    public override string Get() => Value;

    /// <summary>Resolves <paramref name="path"/> the way it would be after chdir into <see cref="Value"/>.</summary>
    public string Resolve(string path) => Path.GetFullPath(path, Value);

    internal override SetOutcome Set(IReadOnlyList<string> args, ConfigSetContext context, out string? error)
    {
        if (args.Count != 1)
        {
            error = "wrong number of arguments";
            return SetOutcome.Failed;
        }

        // The errors chdir() would report, with strerror()'s wording.
        string path;
        try
        {
            path = Resolve(args[0]);
        }
        catch (ArgumentException)
        {
            error = "No such file or directory";
            return SetOutcome.Failed;
        }
        if (!Directory.Exists(path))
        {
            error = File.Exists(path) ? "Not a directory" : "No such file or directory";
            return SetOutcome.Failed;
        }

        error = null;
        Value = Normalize(path);
        return SetOutcome.Changed;
    }

    // getcwd() never ends with a separator, except for the root itself.
    private static string Normalize(string path) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));

    // Always written, as an absolute path, so that a restart from another directory finds the data.
    internal override void Rewrite(ConfigRewriteState state) => state.RewriteString(Name, Value, defaultValue: null);
}
