using System.Text;
using Basalt.Text;

namespace Basalt.Config;

/// <summary>
/// Reads redis.conf text into a <see cref="ServerConfig"/> the way Redis's loadServerConfig does:
/// line by line, comments and blank lines skipped, arguments split with Redis's quoting rules,
/// parameters set in order (the last one wins), include / rename-command / user directives handled,
/// and the first error stops everything with a <see cref="ConfigFileException"/>.
/// </summary>
internal sealed class ConfigFileLoader
{
    // Directives Redis no longer uses but still accepts (and ignores) with this many words.
    private static readonly (string Name, int MinArgs, int MaxArgs)[] DeprecatedDirectives =
    [
        ("list-max-ziplist-entries", 2, 2),
        ("list-max-ziplist-value", 2, 2),
        ("lua-replicate-commands", 2, 2),
    ];

    private readonly ServerConfig _config;

    public ConfigFileLoader(ServerConfig config) => _config = config;

    /// <summary>
    /// Loads <paramref name="filename"/> (may contain glob wildcards, then matching no file is not
    /// an error), then what <paramref name="stdin"/> holds, then <paramref name="options"/> (the
    /// command line turned into config lines), all as one text whose line numbers the report uses.
    /// </summary>
    public void Load(string? filename, TextReader? stdin, string? options)
    {
        var text = new StringBuilder();
        if (filename is not null)
        {
            // Errors name the file as written, or as the glob found it.
            IEnumerable<(string Shown, string Path)> files = HasWildcard(filename)
                ? ExpandGlob(filename).Select(path => (path, path))
                : [(filename, _config.ResolvePath(filename))];
            foreach (var (shown, path) in files)
            {
                try
                {
                    text.Append(File.ReadAllText(path));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    throw ConfigFileException.Unreadable(shown, e);
                }
            }
        }
        if (stdin is not null) text.Append(stdin.ReadToEnd());
        if (options is not null) text.Append('\n').Append(options);
        LoadFromString(text.ToString());
    }

    /// <summary>Reads config text; lines are numbered from 1 in this text.</summary>
    public void LoadFromString(string content)
    {
        // Redis tracks "reading a config file" in a global that a nested include resets when it
        // finishes; later save lines of the including file then each replace the save points.
        // Reproduced so that the same file yields the same save points in both servers.
        var context = ConfigSetContext.ConfigFile;
        var lines = content.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var lineNumber = i + 1;
            var line = lines[i].Trim(' ', '\t', '\r', '\n');
            if (line.Length == 0 || line[0] == '#') continue;

            var argv = ArgSplitter.Split(line);
            if (argv is null) throw ConfigFileException.AtLine(lineNumber, line, "Unbalanced quotes in configuration line");
            if (argv.Count == 0) continue;
            argv[0] = argv[0].ToLowerInvariant();

            var error = ApplyLine(argv, context, out var resetsContext);
            if (error is not null) throw ConfigFileException.AtLine(lineNumber, line, error);
            if (resetsContext) context = ConfigSetContext.Runtime;
        }

        CheckLogFile();
        if (_config.ClusterEnabled && _config.MasterHost is not null)
            throw ConfigFileException.AfterReading("replicaof directive not allowed in cluster mode");

        // Out-of-range hz values are accepted for compatibility and brought within range.
        _config.ClampHz();
    }

    // Returns the error for the line, or null when it was applied.
    private string? ApplyLine(List<string> argv, ConfigSetContext context, out bool finishedNestedFile)
    {
        finishedNestedFile = false;
        var name = argv[0];
        var parameter = _config.Lookup(name);
        if (parameter is not null)
        {
            var multiArg = (parameter.Flags & ConfigFlags.MultiArg) != 0;
            if (!multiArg && argv.Count != 2) return "wrong number of arguments";

            IReadOnlyList<string> args;
            if (multiArg && argv.Count == 2 && argv[1].Length > 0)
            {
                // A single argument of a multi-argument option is split again, so that
                // --save "900 1" on the command line means save 900 1.
                args = ArgSplitter.Split(argv[1]) ?? [];
            }
            else
            {
                args = argv.GetRange(1, argv.Count - 1);
            }
            return parameter.Set(args, context, out var error) == SetOutcome.Failed ? error : null;
        }

        foreach (var (deprecated, min, max) in DeprecatedDirectives)
        {
            if (name == deprecated && argv.Count >= min && argv.Count <= max) return null;
        }

        switch (name)
        {
            case "include" when argv.Count == 2:
                new ConfigFileLoader(_config).Load(argv[1], stdin: null, options: null);
                finishedNestedFile = true;
                return null;
            case "rename-command" when argv.Count == 3:
                return _config.RenameCommand(argv[1], argv[2]);
            case "user" when argv.Count >= 2:
                _config.UserDirectives.Add(argv.GetRange(1, argv.Count - 1).ToArray());
                return null;
            case "loadmodule" when argv.Count >= 2:
                return $"Can't load module {argv[1]}: Basalt does not support Redis modules";
            case "sentinel":
                // A bare "sentinel" is what --sentinel becomes: Redis's main() starts Sentinel for it.
                return argv.Count == 1 ? "Basalt does not support Sentinel mode" : "sentinel directive while not in sentinel mode";
        }

        if (name.Contains('.'))
        {
            // name.option is a module's parameter; no module can be loaded to take it.
            return argv.Count < 2
                ? "Module config specified without value"
                : "Module Configuration detected without loadmodule directive or no ApplyConfig call: aborting";
        }
        return "Bad directive or wrong number of arguments";
    }

    // Redis opens the log file once while loading: the server cannot abort for it later.
    private void CheckLogFile()
    {
        var logFile = _config.LogFile;
        if (logFile.Length == 0) return;
        try
        {
            using var stream = new FileStream(_config.ResolvePath(logFile), FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw ConfigFileException.AfterReading("Can't open the log file: " + ConfigFileException.DescribeIoError(e));
        }
    }

    private static bool HasWildcard(string path) => path.AsSpan().IndexOfAny("*?[") >= 0;

    // A name with *, ? or [ is a glob(3) pattern: the matching files in sorted order, none being
    // fine (an empty conf.d directory).
    private List<string> ExpandGlob(string filename)
    {
        var pattern = _config.ResolvePath(filename);
        var candidates = new List<string> { "/" };
        foreach (var component in pattern.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var next = new List<string>();
            foreach (var directory in candidates)
            {
                if (!HasWildcard(component))
                {
                    var path = Path.Combine(directory, component);
                    if (Path.Exists(path)) next.Add(path);
                    continue;
                }
                if (!Directory.Exists(directory)) continue;
                var componentBytes = Encoding.UTF8.GetBytes(component);
                foreach (var entry in Directory.EnumerateFileSystemEntries(directory))
                {
                    var entryName = Path.GetFileName(entry);
                    // glob(3) only matches a leading dot when the pattern has one.
                    if (entryName.StartsWith('.') && !component.StartsWith('.')) continue;
                    if (GlobMatcher.Match(componentBytes, Encoding.UTF8.GetBytes(entryName), noCase: false)) next.Add(entry);
                }
            }
            candidates = next;
        }
        candidates.Sort(StringComparer.Ordinal);
        return candidates;
    }
}
