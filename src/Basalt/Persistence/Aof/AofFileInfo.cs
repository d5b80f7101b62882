namespace Basalt.Persistence.Aof;

/// <summary>The kind of a file in a multi-part AOF, as the manifest's <c>type</c> letter says.</summary>
public enum AofFileType : byte
{
    Base = (byte)'b',
    History = (byte)'h',
    Incr = (byte)'i',
}

/// <summary>One line of the manifest: a file of the AOF directory, its sequence number and its kind.</summary>
public sealed record AofFileInfo(string Name, long Seq, AofFileType Type);
