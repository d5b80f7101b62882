using System.Globalization;
using System.Text;

namespace Basalt.Tests.Infrastructure;

/// <summary>Encoding of requests and escaping of bytes for messages.</summary>
public static class RespFormat
{
    /// <summary>
    /// Encodes a command as a RESP multibulk request. Each argument may be a string (UTF-8), a byte[],
    /// a ReadOnlyMemory&lt;byte&gt;, an integer type or a double (invariant culture, round-trip format).
    /// </summary>
    public static byte[] EncodeCommand(params object[] args) => EncodeCommand((IReadOnlyList<object>)args);

    public static byte[] EncodeCommand(IReadOnlyList<object> args)
    {
        var ms = new MemoryStream();
        WriteHeader(ms, '*', args.Count);
        foreach (var arg in args)
        {
            var bytes = ToBytes(arg);
            WriteHeader(ms, '$', bytes.Length);
            ms.Write(bytes);
            ms.WriteByte((byte)'\r');
            ms.WriteByte((byte)'\n');
        }
        return ms.ToArray();
    }

    /// <summary>Encodes several commands back to back (a pipeline).</summary>
    public static byte[] EncodePipeline(IEnumerable<object[]> commands)
    {
        var ms = new MemoryStream();
        foreach (var command in commands)
        {
            ms.Write(EncodeCommand(command));
        }
        return ms.ToArray();
    }

    public static byte[] ToBytes(object arg) => arg switch
    {
        null => throw new ArgumentNullException(nameof(arg)),
        byte[] b => b,
        ReadOnlyMemory<byte> m => m.ToArray(),
        Memory<byte> m => m.ToArray(),
        string s => Encoding.UTF8.GetBytes(s),
        double d => Encoding.ASCII.GetBytes(d.ToString("R", CultureInfo.InvariantCulture)),
        float f => Encoding.ASCII.GetBytes(f.ToString("R", CultureInfo.InvariantCulture)),
        IFormattable f => Encoding.ASCII.GetBytes(f.ToString(null, CultureInfo.InvariantCulture)),
        _ => Encoding.UTF8.GetBytes(arg.ToString() ?? ""),
    };

    private static void WriteHeader(Stream s, char type, long n)
    {
        s.WriteByte((byte)type);
        s.Write(Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)));
        s.WriteByte((byte)'\r');
        s.WriteByte((byte)'\n');
    }

    /// <summary>Printable ASCII as is; \r \n \t \\ \" and other bytes escaped (\xNN).</summary>
    public static string Escape(ReadOnlySpan<byte> bytes, int max = 4096)
    {
        var sb = new StringBuilder(Math.Min(bytes.Length, max) + 16);
        int n = Math.Min(bytes.Length, max);
        for (int i = 0; i < n; i++)
        {
            byte b = bytes[i];
            switch (b)
            {
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'"': sb.Append("\\\""); break;
                default:
                    if (b >= 0x20 && b < 0x7f)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append("\\x").Append(b.ToString("x2", CultureInfo.InvariantCulture));
                    }
                    break;
            }
        }
        if (bytes.Length > max)
        {
            sb.Append("...(").Append(bytes.Length - max).Append(" more bytes)");
        }
        return sb.ToString();
    }

    /// <summary>A command as redis-cli would show it: each argument quoted and escaped.</summary>
    public static string DescribeCommand(IEnumerable<byte[]> args) =>
        string.Join(' ', args.Select(a => "\"" + Escape(a, 200) + "\""));
}
