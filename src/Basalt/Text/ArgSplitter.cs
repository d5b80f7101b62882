using System.Text;

namespace Basalt.Text;

/// <summary>
/// The argument syntax shared by redis.conf lines and inline (telnet) commands: a port of
/// Redis's <c>sdssplitargs</c>, so that lines are cut into the same arguments as Redis cuts them.
/// <see cref="Repr.Quote"/> is its inverse.
/// </summary>
public static class ArgSplitter
{
    /// <summary>
    /// Splits <paramref name="line"/> into arguments. Arguments are separated by blanks and may be
    /// written as <c>"..."</c> (with \n \r \t \b \a \xHH and backslash-quoting of any other byte)
    /// or as <c>'...'</c> (where only \' is an escape). A closing quote must be followed by a blank
    /// or the end of the line. Returns null on unbalanced quotes or on a closing quote followed by
    /// another character, an empty list on a blank line.
    /// </summary>
    /// <remarks>
    /// As in C, a NUL byte ends the line: Redis runs the splitter on C strings, so anything after
    /// an embedded NUL is never seen, and Basalt must not see it either.
    /// </remarks>
    public static List<byte[]>? Split(ReadOnlySpan<byte> line)
    {
        var end = line.IndexOf((byte)0);
        if (end >= 0) line = line[..end];

        var result = new List<byte[]>();
        var current = new List<byte>();
        var p = 0;
        while (true)
        {
            while (p < line.Length && IsSpace(line[p])) p++;
            if (p >= line.Length) return result;

            var inDoubleQuotes = false;
            var inSingleQuotes = false;
            var done = false;
            current.Clear();
            while (!done)
            {
                var c = At(line, p);
                if (inDoubleQuotes)
                {
                    if (c == '\\' && At(line, p + 1) == 'x' && IsHexDigit(At(line, p + 2)) && IsHexDigit(At(line, p + 3)))
                    {
                        current.Add((byte)(HexValue(At(line, p + 2)) * 16 + HexValue(At(line, p + 3))));
                        p += 3;
                    }
                    else if (c == '\\' && At(line, p + 1) != 0)
                    {
                        p++;
                        current.Add(At(line, p) switch
                        {
                            (byte)'n' => (byte)'\n',
                            (byte)'r' => (byte)'\r',
                            (byte)'t' => (byte)'\t',
                            (byte)'b' => (byte)'\b',
                            (byte)'a' => (byte)'\a',
                            var other => other,
                        });
                    }
                    else if (c == '"')
                    {
                        // The closing quote must be followed by a blank or by nothing at all.
                        if (At(line, p + 1) != 0 && !IsSpace(At(line, p + 1))) return null;
                        done = true;
                    }
                    else if (c == 0)
                    {
                        return null; // unterminated quotes
                    }
                    else
                    {
                        current.Add(c);
                    }
                }
                else if (inSingleQuotes)
                {
                    if (c == '\\' && At(line, p + 1) == '\'')
                    {
                        p++;
                        current.Add((byte)'\'');
                    }
                    else if (c == '\'')
                    {
                        if (At(line, p + 1) != 0 && !IsSpace(At(line, p + 1))) return null;
                        done = true;
                    }
                    else if (c == 0)
                    {
                        return null;
                    }
                    else
                    {
                        current.Add(c);
                    }
                }
                else
                {
                    switch (c)
                    {
                        case (byte)' ':
                        case (byte)'\n':
                        case (byte)'\r':
                        case (byte)'\t':
                        case 0:
                            done = true;
                            break;
                        case (byte)'"':
                            inDoubleQuotes = true;
                            break;
                        case (byte)'\'':
                            inSingleQuotes = true;
                            break;
                        default:
                            current.Add(c);
                            break;
                    }
                }
                if (p < line.Length) p++;
            }
            result.Add(current.ToArray());
        }
    }

    /// <summary>Splits a text line; the text is encoded as UTF-8 and each argument decoded back.</summary>
    /// <remarks>Bytes written with \xHH that are not valid UTF-8 do not survive the decoding.</remarks>
    public static List<string>? Split(string line)
    {
        var parts = Split(Encoding.UTF8.GetBytes(line));
        return parts?.ConvertAll(part => Encoding.UTF8.GetString(part));
    }

    // Reading past the end yields 0, which is how the C code sees the terminating NUL.
    private static byte At(ReadOnlySpan<byte> line, int index) => index < line.Length ? line[index] : (byte)0;

    // isspace() in the C locale, used to skip blanks between arguments and after a closing quote.
    private static bool IsSpace(byte c) => c == ' ' || (c >= '\t' && c <= '\r');

    private static bool IsHexDigit(byte c) => c is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int HexValue(byte c) => c switch
    {
        >= (byte)'0' and <= (byte)'9' => c - '0',
        >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
        _ => c - 'A' + 10,
    };
}
