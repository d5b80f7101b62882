using System.Globalization;
using System.Text;

namespace Basalt.Tests.Infrastructure;

/// <summary>Serializes a decoded <see cref="RespValue"/> back to the exact bytes it was parsed from.</summary>
public static class RespWriter
{
    public static byte[] ToBytes(RespValue value)
    {
        var ms = new MemoryStream();
        Write(ms, value);
        return ms.ToArray();
    }

    public static void Write(Stream s, RespValue v)
    {
        if (v.Attributes is { } attributes)
        {
            Header(s, '|', attributes.Count / 2);
            foreach (var a in attributes)
            {
                Write(s, a);
            }
        }
        switch (v.Type)
        {
            case RespType.SimpleString: Line(s, '+', v.Bytes!); break;
            case RespType.Error: Line(s, '-', v.Bytes!); break;
            case RespType.Double: Line(s, ',', v.Bytes!); break;
            case RespType.BigNumber: Line(s, '(', v.Bytes!); break;
            case RespType.Integer: Line(s, ':', v.Bytes ?? Encoding.ASCII.GetBytes(v.Integer.ToString(CultureInfo.InvariantCulture))); break;
            case RespType.Boolean: Line(s, '#', v.Integer != 0 ? "t"u8.ToArray() : "f"u8.ToArray()); break;
            case RespType.Null:
                if (v.NullMarker == '_')
                {
                    Line(s, '_', []);
                }
                else
                {
                    Header(s, v.NullMarker, -1);
                }
                break;
            case RespType.BulkString:
            case RespType.BlobError:
            case RespType.VerbatimString:
                Header(s, v.Type switch { RespType.BulkString => '$', RespType.BlobError => '!', _ => '=' }, v.Bytes!.Length);
                s.Write(v.Bytes);
                s.Write("\r\n"u8);
                break;
            default:
                char t = v.Type switch { RespType.Array => '*', RespType.Set => '~', RespType.Push => '>', _ => '%' };
                Header(s, t, v.Type == RespType.Map ? v.Items.Count / 2 : v.Items.Count);
                foreach (var item in v.Items)
                {
                    Write(s, item);
                }
                break;
        }
    }

    private static void Line(Stream s, char type, byte[] payload)
    {
        s.WriteByte((byte)type);
        s.Write(payload);
        s.Write("\r\n"u8);
    }

    private static void Header(Stream s, char type, long n) =>
        Line(s, type, Encoding.ASCII.GetBytes(n.ToString(CultureInfo.InvariantCulture)));
}
