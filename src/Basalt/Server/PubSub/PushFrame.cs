using System.Globalization;
using System.Text;

namespace Basalt.Server.PubSub;

/// <summary>
/// One published message as its subscribers receive it: <c>message</c>, <c>smessage</c> or
/// <c>pmessage</c> (with the pattern), an array in RESP2 and a push in RESP3. The bytes are built
/// once per publication and protocol and shared by every subscriber's output queue (never changed
/// once made).
/// </summary>
internal struct PushFrame
{
    public static readonly byte[] MessageKind = "message"u8.ToArray();
    public static readonly byte[] ShardMessageKind = "smessage"u8.ToArray();
    public static readonly byte[] PatternMessageKind = "pmessage"u8.ToArray();

    private readonly byte[] _kind;
    private readonly byte[]? _pattern;
    private readonly byte[] _channel;
    private readonly byte[] _message;
    private byte[]? _resp2;
    private byte[]? _resp3;

    public PushFrame(byte[] kind, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message)
    {
        _kind = kind;
        _pattern = ReferenceEquals(kind, PatternMessageKind) ? pattern.ToArray() : null;
        _channel = channel.ToArray();
        _message = message.ToArray();
    }

    /// <summary>The frame for a client speaking <paramref name="protocol"/> (2 or 3).</summary>
    public byte[] For(int protocol)
    {
        _resp2 ??= Build();
        if (protocol < 3)
        {
            return _resp2;
        }
        if (_resp3 is null)
        {
            // The same bytes but for the type byte: '>' (push) instead of '*' (array).
            _resp3 = (byte[])_resp2.Clone();
            _resp3[0] = (byte)'>';
        }
        return _resp3;
    }

    private readonly byte[] Build()
    {
        var parts = _pattern is null ? 3 : 4;
        using var stream = new MemoryStream(64 + _channel.Length + _message.Length + (_pattern?.Length ?? 0));
        Header(stream, '*', parts);
        Bulk(stream, _kind);
        if (_pattern is not null)
        {
            Bulk(stream, _pattern);
        }
        Bulk(stream, _channel);
        Bulk(stream, _message);
        return stream.ToArray();
    }

    private static void Header(MemoryStream stream, char type, long count)
    {
        stream.WriteByte((byte)type);
        stream.Write(Encoding.ASCII.GetBytes(count.ToString(CultureInfo.InvariantCulture)));
        stream.Write("\r\n"u8);
    }

    private static void Bulk(MemoryStream stream, byte[] value)
    {
        Header(stream, '$', value.Length);
        stream.Write(value);
        stream.Write("\r\n"u8);
    }
}
