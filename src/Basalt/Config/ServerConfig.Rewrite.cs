namespace Basalt.Config;

// CONFIG REWRITE.
public sealed partial class ServerConfig
{
    // Directives that are not parameters but that the rewrite must recognise; their lines are kept
    // as they are (Basalt does not regenerate users, renamed commands or includes).
    private static readonly HashSet<string> KeptDirectives =
        new(StringComparer.OrdinalIgnoreCase) { "include", "rename-command", "user", "loadmodule", "sentinel" };

    /// <summary>
    /// CONFIG REWRITE: rewrites <see cref="ConfigFile"/> so that it gives the current configuration
    /// at the next start, keeping its comments and layout (see <see cref="ConfigRewriteState"/>).
    /// Parameters at their default that the file did not mention are not added. The file is
    /// replaced atomically. On failure <paramref name="error"/> holds the reply text.
    /// </summary>
    public bool Rewrite(out string error) => Rewrite(forceAll: false, out error);

    /// <summary>
    /// CONFIG REWRITE, or with <paramref name="forceAll"/> DEBUG CONFIG-REWRITE-FORCE-ALL, which
    /// writes every parameter, defaults included (rewriteConfig's force_write).
    /// </summary>
    public bool Rewrite(bool forceAll, out string error)
    {
        if (ConfigFile is null)
        {
            error = "ERR The server is running without a config file";
            return false;
        }

        try
        {
            var oldContent = File.Exists(ConfigFile) ? File.ReadAllText(ConfigFile) : "";
            var state = ConfigRewriteState.FromOldContent(oldContent, OptionOfDirective);
            state.ForceAll = forceAll;
            foreach (var parameter in _parameters) parameter.Rewrite(state);
            state.RemoveOrphaned();
            ConfigFileWriter.ReplaceAtomically(ConfigFile, state.GetContent());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = "ERR Rewriting config file: " + ConfigFileException.DescribeIoError(e);
            return false;
        }

        error = "";
        return true;
    }

    // The option a line of the old file belongs to: a parameter's primary name (so an old
    // "slave-read-only" line is where "replica-read-only" goes), a kept directive, or null.
    private string? OptionOfDirective(string word)
    {
        if (Lookup(word) is { } parameter) return parameter.Name;
        return KeptDirectives.Contains(word) ? word : null;
    }
}
