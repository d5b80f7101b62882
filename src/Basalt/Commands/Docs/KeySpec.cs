namespace Basalt.Commands.Docs;

/// <summary>Where the search for a key spec's keys starts.</summary>
public enum BeginSearchKind
{
    Unknown,
    /// <summary>At a fixed argument index.</summary>
    Index,
    /// <summary>After a keyword, searched from an index (negative: from the end, backwards).</summary>
    Keyword,
}

/// <summary>How a key spec's keys are found once the search has begun.</summary>
public enum FindKeysKind
{
    Unknown,
    /// <summary>A range: up to LastKey (relative; negative counts from the end), every KeyStep.</summary>
    Range,
    /// <summary>An argument tells how many keys follow (EVAL's numkeys).</summary>
    KeyNum,
}

/// <summary>
/// One Redis 7 key specification: how to find some of a command's keys in its arguments and how
/// the command accesses them (COMMAND INFO's key_specs, COMMAND GETKEYS).
/// </summary>
public sealed class KeySpec
{
    public KeySpecFlags Flags { get; init; }

    public string? Notes { get; init; }

    public BeginSearchKind BeginSearch { get; init; }

    /// <summary>The argument index for <see cref="BeginSearchKind.Index"/>.</summary>
    public int Index { get; init; }

    public string Keyword { get; init; } = "";

    public int StartFrom { get; init; }

    public FindKeysKind FindKeys { get; init; }

    public int LastKey { get; init; }

    /// <summary>The step between keys, for both find-keys kinds.</summary>
    public int KeyStep { get; init; }

    public int Limit { get; init; }

    public int KeyNumIndex { get; init; }

    public int FirstKey { get; init; }

    public bool IsPlainRange => BeginSearch == BeginSearchKind.Index && FindKeys == FindKeysKind.Range;
}
