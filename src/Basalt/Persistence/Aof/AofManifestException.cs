namespace Basalt.Persistence.Aof;

/// <summary>
/// A manifest Redis would refuse: the reason as Redis words it, and the line (number and text)
/// when the problem is in one, for the "*** FATAL AOF MANIFEST FILE ERROR ***" report.
/// </summary>
public sealed class AofManifestException(string reason, int lineNumber, string? line) : Exception(reason)
{
    public int LineNumber { get; } = lineNumber;

    public string? Line { get; } = line;
}
