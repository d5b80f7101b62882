namespace Basalt.Commands.Docs;

/// <summary>
/// What COMMAND reports about a command beyond its <see cref="CommandSpec"/>: tips, key specs,
/// the key-finding fallback Redis uses when the specs are not enough, doc flags and the argument tree.
/// </summary>
public sealed class CommandMetadata
{
    public static readonly CommandMetadata Empty = new();

    public List<string> Tips { get; } = [];

    public List<KeySpec> KeySpecs { get; } = [];

    /// <summary>The name of Redis's getkeys_proc for commands whose keys the specs cannot always find ("sortGetKeys"), or null.</summary>
    public string? GetKeysProcedure { get; set; }

    /// <summary>"deprecated", "syscmd".</summary>
    public List<string> DocFlags { get; } = [];

    public string? DeprecatedSince { get; set; }

    public string? ReplacedBy { get; set; }

    public List<ArgumentDoc> Arguments { get; } = [];
}
