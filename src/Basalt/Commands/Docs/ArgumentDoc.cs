namespace Basalt.Commands.Docs;

/// <summary>Flags of a documented command argument (COMMAND DOCS).</summary>
[Flags]
public enum ArgumentFlags
{
    None = 0,
    Optional = 1 << 0,
    Multiple = 1 << 1,
    MultipleToken = 1 << 2,
}

/// <summary>
/// One argument of a command's syntax as COMMAND DOCS describes it; redis-cli builds its hints
/// from these. "oneof" and "block" arguments hold their alternatives or parts.
/// </summary>
public sealed class ArgumentDoc
{
    public required string Name { get; init; }

    /// <summary>string, integer, double, key, pattern, unix-time, pure-token, oneof or block.</summary>
    public required string Type { get; init; }

    public ArgumentFlags Flags { get; init; }

    /// <summary>The key spec that finds this argument when it is a key, else -1.</summary>
    public int KeySpecIndex { get; init; } = -1;

    public string? Token { get; init; }

    public string? Since { get; init; }

    public string? DeprecatedSince { get; init; }

    public List<ArgumentDoc> Arguments { get; } = [];

    public bool HasSubarguments => Type is "oneof" or "block";
}
