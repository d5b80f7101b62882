using System.Globalization;
using System.Text;

namespace Basalt.Tests.Infrastructure;

/// <summary>The kind of a RESP2/RESP3 reply, named after its type byte.</summary>
public enum RespType
{
    /// <summary><c>+OK</c></summary>
    SimpleString,
    /// <summary><c>-ERR ...</c></summary>
    Error,
    /// <summary><c>:42</c></summary>
    Integer,
    /// <summary><c>$3\r\nabc</c> (a RESP2 null bulk <c>$-1</c> is <see cref="Null"/> with <see cref="RespValue.NullMarker"/> '$').</summary>
    BulkString,
    /// <summary><c>*n</c> (a RESP2 null array <c>*-1</c> is <see cref="Null"/> with marker '*').</summary>
    Array,
    /// <summary>RESP3 <c>_</c>, RESP2 <c>$-1</c> or <c>*-1</c>.</summary>
    Null,
    /// <summary>RESP3 <c>,1.5</c></summary>
    Double,
    /// <summary>RESP3 <c>#t</c> / <c>#f</c></summary>
    Boolean,
    /// <summary>RESP3 <c>(123...</c></summary>
    BigNumber,
    /// <summary>RESP3 <c>!n</c></summary>
    BlobError,
    /// <summary>RESP3 <c>=n\r\ntxt:...</c></summary>
    VerbatimString,
    /// <summary>RESP3 <c>%n</c>; <see cref="RespValue.Items"/> holds key, value, key, value...</summary>
    Map,
    /// <summary>RESP3 <c>~n</c></summary>
    Set,
    /// <summary>RESP3 <c>&gt;n</c></summary>
    Push,
}

/// <summary>A decoded RESP value, for assertions. The exact wire bytes live in <see cref="RespReply.Raw"/>.</summary>
public sealed class RespValue
{
    public RespType Type { get; }

    /// <summary>Payload of simple strings, errors, bulk/verbatim strings, doubles, big numbers, blob errors (raw bytes, verbatim includes the "txt:" prefix).</summary>
    public byte[]? Bytes { get; }

    /// <summary>Integer value (also 1/0 for booleans). For integers, <see cref="Bytes"/> keeps the digits as sent.</summary>
    public long Integer { get; }

    /// <summary>Children of arrays, sets, pushes and maps (maps flattened: key, value, key, value...).</summary>
    public IReadOnlyList<RespValue> Items { get; }

    /// <summary>RESP3 attribute map that preceded this value (flattened), if any.</summary>
    public IReadOnlyList<RespValue>? Attributes { get; }

    /// <summary>For nulls: '$' (RESP2 null bulk), '*' (RESP2 null array) or '_' (RESP3 null).</summary>
    public char NullMarker { get; }

    private static readonly RespValue[] NoItems = [];

    private RespValue(RespType type, byte[]? bytes, long integer, IReadOnlyList<RespValue>? items, char nullMarker, IReadOnlyList<RespValue>? attributes)
    {
        Type = type;
        Bytes = bytes;
        Integer = integer;
        Items = items ?? NoItems;
        NullMarker = nullMarker;
        Attributes = attributes;
    }

    internal static RespValue Scalar(RespType type, byte[] bytes) => new(type, bytes, 0, null, '\0', null);
    internal static RespValue FromInteger(long value, byte[] raw) => new(RespType.Integer, raw, value, null, '\0', null);
    internal static RespValue FromBoolean(bool value) => new(RespType.Boolean, null, value ? 1 : 0, null, '\0', null);
    internal static RespValue Null(char marker) => new(RespType.Null, null, 0, null, marker, null);
    internal static RespValue Aggregate(RespType type, IReadOnlyList<RespValue> items) => new(type, null, 0, items, '\0', null);
    internal RespValue WithAttributes(IReadOnlyList<RespValue> attributes) => new(Type, Bytes, Integer, Items, NullMarker, attributes);

    public bool IsNull => Type == RespType.Null;
    public bool IsError => Type is RespType.Error or RespType.BlobError;
    public bool IsAggregate => Type is RespType.Array or RespType.Map or RespType.Set or RespType.Push;

    /// <summary>The payload as UTF-8 text (null for nulls and aggregates; the number for integers).</summary>
    public string? Text => Type switch
    {
        RespType.Integer => Integer.ToString(CultureInfo.InvariantCulture),
        RespType.Boolean => Integer != 0 ? "true" : "false",
        _ => Bytes is null ? null : Encoding.UTF8.GetString(Bytes),
    };

    public RespValue this[int index] => Items[index];
    public int Count => Items.Count;

    /// <summary>For maps: the value of the first key whose text equals <paramref name="key"/>, or null.</summary>
    public RespValue? MapGet(string key)
    {
        for (int i = 0; i + 1 < Items.Count; i += 2)
        {
            if (Items[i].Text == key)
            {
                return Items[i + 1];
            }
        }
        return null;
    }

    public override string ToString()
    {
        var sb = new StringBuilder();
        Describe(sb);
        return sb.ToString();
    }

    private void Describe(StringBuilder sb)
    {
        switch (Type)
        {
            case RespType.Null:
                sb.Append("(nil)");
                break;
            case RespType.Integer:
                sb.Append("(integer) ").Append(Integer);
                break;
            case RespType.Boolean:
                sb.Append(Integer != 0 ? "(true)" : "(false)");
                break;
            case RespType.Error:
            case RespType.BlobError:
                sb.Append("(error) ").Append(RespFormat.Escape(Bytes!));
                break;
            case RespType.Double:
                sb.Append("(double) ").Append(RespFormat.Escape(Bytes!));
                break;
            case RespType.BigNumber:
                sb.Append("(big number) ").Append(RespFormat.Escape(Bytes!));
                break;
            case RespType.SimpleString:
                sb.Append(RespFormat.Escape(Bytes!));
                break;
            case RespType.BulkString:
            case RespType.VerbatimString:
                sb.Append('"').Append(RespFormat.Escape(Bytes!)).Append('"');
                break;
            default:
                sb.Append(Type switch { RespType.Map => "{", RespType.Set => "~[", RespType.Push => ">[", _ => "[" });
                for (int i = 0; i < Items.Count; i++)
                {
                    if (i > 0)
                    {
                        sb.Append(Type == RespType.Map && i % 2 == 1 ? ": " : ", ");
                    }
                    Items[i].Describe(sb);
                }
                sb.Append(Type == RespType.Map ? "}" : "]");
                break;
        }
    }
}

/// <summary>One complete reply as it came off the wire, plus its decoded form.</summary>
public sealed class RespReply
{
    public RespReply(byte[] raw, RespValue value)
    {
        Raw = raw;
        Value = value;
    }

    /// <summary>The exact bytes of this reply, from its type byte to its last CRLF.</summary>
    public byte[] Raw { get; }

    public RespValue Value { get; }

    /// <summary>The raw bytes as an escaped string (CR LF shown as \r\n), for messages.</summary>
    public string RawText => RespFormat.Escape(Raw);

    public bool IsError => Value.IsError;

    /// <summary>Text of a simple string, error, bulk string or integer.</summary>
    public string? Text => Value.Text;

    public override string ToString() => RawText;
}
