using System.Buffers.Text;
using System.Text;

namespace Basalt.Tests.Infrastructure;

/// <summary>The bytes received are not valid RESP.</summary>
public sealed class RespProtocolException(string message) : Exception(message);

/// <summary>
/// A recursive RESP2 + RESP3 reply parser over a buffer that may hold an incomplete reply.
/// </summary>
public static class RespParser
{
    private const int MaxDepth = 64;

    /// <summary>
    /// Tries to parse one complete reply at the start of <paramref name="data"/>.
    /// Returns false when more bytes are needed; throws <see cref="RespProtocolException"/> on malformed input.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RespValue? value, out int consumed)
    {
        int pos = 0;
        value = Parse(data, ref pos, 0);
        consumed = value is null ? 0 : pos;
        return value is not null;
    }

    /// <summary>Parses a buffer holding exactly one reply.</summary>
    public static RespValue ParseComplete(ReadOnlySpan<byte> data)
    {
        if (!TryParse(data, out var v, out int consumed))
        {
            throw new RespProtocolException("incomplete reply: " + RespFormat.Escape(data));
        }
        if (consumed != data.Length)
        {
            throw new RespProtocolException($"{data.Length - consumed} trailing bytes after reply: " + RespFormat.Escape(data));
        }
        return v!;
    }

    // Returns null when incomplete.
    private static RespValue? Parse(ReadOnlySpan<byte> data, ref int pos, int depth)
    {
        if (depth > MaxDepth)
        {
            throw new RespProtocolException("reply nested too deeply");
        }
        if (pos >= data.Length)
        {
            return null;
        }
        byte type = data[pos];
        int lineStart = pos + 1;
        int lineEnd = FindCrlf(data, lineStart);
        if (lineEnd < 0)
        {
            return null;
        }
        var line = data[lineStart..lineEnd];
        int afterLine = lineEnd + 2;

        switch (type)
        {
            case (byte)'+':
                pos = afterLine;
                return RespValue.Scalar(RespType.SimpleString, line.ToArray());
            case (byte)'-':
                pos = afterLine;
                return RespValue.Scalar(RespType.Error, line.ToArray());
            case (byte)',':
                pos = afterLine;
                return RespValue.Scalar(RespType.Double, line.ToArray());
            case (byte)'(':
                pos = afterLine;
                return RespValue.Scalar(RespType.BigNumber, line.ToArray());
            case (byte)':':
                pos = afterLine;
                return RespValue.FromInteger(ParseLong(line, "integer"), line.ToArray());
            case (byte)'_':
                if (line.Length != 0)
                {
                    throw new RespProtocolException("null with payload: " + RespFormat.Escape(line));
                }
                pos = afterLine;
                return RespValue.Null('_');
            case (byte)'#':
                if (line.Length != 1 || (line[0] != (byte)'t' && line[0] != (byte)'f'))
                {
                    throw new RespProtocolException("bad boolean: " + RespFormat.Escape(line));
                }
                pos = afterLine;
                return RespValue.FromBoolean(line[0] == (byte)'t');
            case (byte)'$':
            case (byte)'!':
            case (byte)'=':
                {
                    long len = ParseLong(line, "bulk length");
                    if (len == -1 && type == (byte)'$')
                    {
                        pos = afterLine;
                        return RespValue.Null('$');
                    }
                    if (len < 0 || len > int.MaxValue)
                    {
                        throw new RespProtocolException($"bad bulk length {len}");
                    }
                    if ((long)afterLine + len + 2 > data.Length)
                    {
                        return null;
                    }
                    int end = afterLine + (int)len;
                    if (data[end] != (byte)'\r' || data[end + 1] != (byte)'\n')
                    {
                        throw new RespProtocolException("bulk string not terminated by CRLF");
                    }
                    pos = end + 2;
                    var kind = type switch { (byte)'$' => RespType.BulkString, (byte)'!' => RespType.BlobError, _ => RespType.VerbatimString };
                    return RespValue.Scalar(kind, data[afterLine..end].ToArray());
                }
            case (byte)'*':
            case (byte)'~':
            case (byte)'>':
            case (byte)'%':
            case (byte)'|':
                {
                    long n = ParseLong(line, "aggregate length");
                    if (n == -1 && type == (byte)'*')
                    {
                        pos = afterLine;
                        return RespValue.Null('*');
                    }
                    if (n < 0 || n > int.MaxValue / 2)
                    {
                        throw new RespProtocolException($"bad aggregate length {n}");
                    }
                    long count = type is (byte)'%' or (byte)'|' ? n * 2 : n;
                    var items = new List<RespValue>((int)Math.Min(count, 1024));
                    int p = afterLine;
                    for (long i = 0; i < count; i++)
                    {
                        var item = Parse(data, ref p, depth + 1);
                        if (item is null)
                        {
                            return null;
                        }
                        items.Add(item);
                    }
                    if (type == (byte)'|')
                    {
                        // An attribute map precedes the real reply.
                        var inner = Parse(data, ref p, depth + 1);
                        if (inner is null)
                        {
                            return null;
                        }
                        pos = p;
                        return inner.WithAttributes(items);
                    }
                    pos = p;
                    var aggType = type switch { (byte)'*' => RespType.Array, (byte)'~' => RespType.Set, (byte)'>' => RespType.Push, _ => RespType.Map };
                    return RespValue.Aggregate(aggType, items);
                }
            default:
                throw new RespProtocolException($"unknown reply type byte '{RespFormat.Escape([type])}' in: {RespFormat.Escape(data, 200)}");
        }
    }

    private static int FindCrlf(ReadOnlySpan<byte> data, int from)
    {
        int i = from;
        while (i < data.Length)
        {
            int rel = data[i..].IndexOf((byte)'\r');
            if (rel < 0)
            {
                return -1;
            }
            int at = i + rel;
            if (at + 1 >= data.Length)
            {
                return -1;
            }
            if (data[at + 1] == (byte)'\n')
            {
                return at;
            }
            i = at + 1;
        }
        return -1;
    }

    private static long ParseLong(ReadOnlySpan<byte> line, string what)
    {
        if (!Utf8Parser.TryParse(line, out long v, out int used) || used != line.Length)
        {
            throw new RespProtocolException($"bad {what}: {Encoding.ASCII.GetString(line)}");
        }
        return v;
    }
}
