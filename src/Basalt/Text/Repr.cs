using System.Text;

namespace Basalt.Text;

/// <summary>Quotes bytes the way Redis's sdscatrepr does (MONITOR lines, CLIENT LIST, logs).</summary>
public static class Repr
{
    public static string Quote(ReadOnlySpan<byte> bytes)
    {
        var sb = new StringBuilder(bytes.Length + 2);
        sb.Append('"');
        foreach (var b in bytes)
        {
            switch (b)
            {
                case (byte)'\\': sb.Append("\\\\"); break;
                case (byte)'"': sb.Append("\\\""); break;
                case (byte)'\n': sb.Append("\\n"); break;
                case (byte)'\r': sb.Append("\\r"); break;
                case (byte)'\t': sb.Append("\\t"); break;
                case 7: sb.Append("\\a"); break;
                case 8: sb.Append("\\b"); break;
                default:
                    if (b >= 32 && b < 127)
                    {
                        sb.Append((char)b);
                    }
                    else
                    {
                        sb.Append("\\x").Append(b.ToString("x2"));
                    }
                    break;
            }
        }
        sb.Append('"');
        return sb.ToString();
    }
}
