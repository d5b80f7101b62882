namespace Basalt.Config;

/// <summary>
/// The extra checks some parameters make on a value of the right type, with Redis's messages.
/// Each returns null when the value is acceptable, else the error text.
/// </summary>
internal static class ConfigValidators
{
    private const int HostNameMaxLength = 256; // NET_HOST_STR_LEN

    private static readonly HashSet<string> ProcTitleVariables =
        new(StringComparer.Ordinal) { "title", "listen-addr", "server-mode", "config-file", "port", "tls-port", "unixsocket" };

    // Basalt has no allocator-level defragmentation, like a Redis built without Jemalloc.
    public static string? ActiveDefrag(bool enable) => enable
        ? "Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution"
        : null;

    public static string? DbFilename(string value) =>
        IsBaseName(value) ? null : "dbfilename can't be a path, just a filename";

    public static string? AppendFilename(string value) =>
        value.Length == 0 ? "appendfilename can't be empty"
        : IsBaseName(value) ? null : "appendfilename can't be a path, just a filename";

    public static string? AppendDirname(string value) =>
        value.Length == 0 ? "appenddirname can't be empty"
        : IsBaseName(value) ? null : "appenddirname can't be a path, just a dirname";

    public static string? AnnouncedHostname(string value)
    {
        if (value.Length >= HostNameMaxLength) return "Hostnames must be less than 256 characters";
        foreach (var c in value)
        {
            if (!(c is >= 'A' and <= 'Z' or >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.'))
                return "Hostnames may only contain alphanumeric characters, hyphens or dots";
        }
        return null;
    }

    /// <summary>
    /// A proc-title-template must only use known {variables} ("{{" is a literal brace) and must not
    /// expand to nothing. Only {title} and {server-mode} can be empty, so a template made of them
    /// and blanks alone is refused.
    /// </summary>
    public static string? ProcTitleTemplate(string template)
    {
        const string invalid = "template format is invalid or contains unknown variables";
        var hasText = false;
        var p = 0;
        while (p < template.Length)
        {
            var open = template.IndexOf('{', p);
            var literal = open < 0 ? template[p..] : template[p..open];
            hasText |= literal.Trim(' ').Length > 0;
            if (open < 0) break;
            if (open + 1 >= template.Length) return invalid;
            if (template[open + 1] == '{')
            {
                hasText = true;
                p = open + 2;
                continue;
            }
            var close = template.IndexOf('}', open + 1);
            if (close < 0) return invalid;
            var name = template[(open + 1)..close];
            if (!ProcTitleVariables.Contains(name)) return invalid;
            hasText |= name is not ("title" or "server-mode");
            p = close + 1;
        }
        return hasText ? null : invalid;
    }

    public static string? ShutdownOnSignal(int flags) =>
        (flags & ConfigTable.ShutdownSave) != 0 && (flags & ConfigTable.ShutdownNoSave) != 0
            ? "shutdown options SAVE and NOSAVE can't be used simultaneously"
            : null;

    private static bool IsBaseName(string path) => !path.Contains('/') && !path.Contains('\\');
}
