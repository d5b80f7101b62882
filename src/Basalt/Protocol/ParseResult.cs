namespace Basalt.Protocol;

public enum ParseResult
{
    /// <summary>A whole command was parsed (possibly with zero arguments: nothing to execute).</summary>
    Command,
    /// <summary>More bytes are needed.</summary>
    NeedMore,
    /// <summary>A protocol error: reply with the error and close the connection.</summary>
    Error,
}
