namespace Basalt.Commands;

/// <summary>Error replies shared by many commands, worded exactly as Redis 7.0 words them.</summary>
public static class Errors
{
    public const string WrongType = "WRONGTYPE Operation against a key holding the wrong kind of value";
    public const string Syntax = "ERR syntax error";
    public const string NotInteger = "ERR value is not an integer or out of range";
    public const string NotFloat = "ERR value is not a valid float";
    public const string NoSuchKey = "ERR no such key";
    public const string OutOfRange = "ERR index out of range";
    public const string DbIndexOutOfRange = "ERR DB index is out of range";
    public const string NoAuth = "NOAUTH Authentication required.";
    public const string InvalidCursor = "ERR invalid cursor";
    public const string Overflow = "ERR increment or decrement would overflow";
    public const string InvalidExpire = "ERR invalid expire time in '{0}' command";
    public const string ExecAbort = "EXECABORT Transaction discarded because of previous errors.";
    public const string Loading = "LOADING Redis is loading the dataset in memory";

    public static string WrongArity(string fullName) => $"ERR wrong number of arguments for '{fullName}' command";

    public static string UnknownSubcommand(string subcommand, string container) =>
        $"ERR unknown subcommand '{Truncate(CString(subcommand), 128)}'. Try {container.ToUpperInvariant()} HELP.";

    /// <summary>An argument as C's "%s" prints it: up to its first NUL byte.</summary>
    public static string CString(string text)
    {
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? text : text[..nul];
    }

    public static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
