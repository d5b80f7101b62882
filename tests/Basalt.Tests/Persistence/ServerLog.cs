using System.Text.RegularExpressions;

namespace Basalt.Tests.Persistence;

/// <summary>Server log lines without the <c>pid:role date time</c> prefix, as the fixtures record them.</summary>
internal static partial class ServerLog
{
    /// <summary>"31633:M 21 Nov 2026 11:09:12.711 * text" becomes "* text"; other lines are kept as they are.</summary>
    public static string StripPrefix(string line) => Prefix().Replace(line, "");

    /// <summary>The lines with their prefixes stripped and wall-clock figures (RDB age) replaced by N.</summary>
    public static IReadOnlyList<string> Normalized(IEnumerable<string> lines) =>
        lines.Select(StripPrefix).Select(line => RdbAge().Replace(line, "RDB age N seconds")).ToList();

    [GeneratedRegex(@"^\d+:[XCSM] \d{1,2} \w{3} \d{4} \d{2}:\d{2}:\d{2}\.\d{3} ")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"RDB age -?\d+ seconds")]
    private static partial Regex RdbAge();
}
