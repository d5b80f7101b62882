using Basalt.Protocol;

namespace Basalt.Server.PubSub;

/// <summary>
/// One published message as its subscribers receive it: <c>message</c>, <c>smessage</c> or
/// <c>pmessage</c> (with the pattern), an array in RESP2 and a push in RESP3, written by the
/// <see cref="ReplyWriter"/> every reply goes through. The bytes are built once per publication and
/// protocol and shared by every subscriber's output queue (never changed once made).
/// </summary>
internal ref struct PushFrame
{
    public static readonly byte[] MessageKind = "message"u8.ToArray();
    public static readonly byte[] ShardMessageKind = "smessage"u8.ToArray();
    public static readonly byte[] PatternMessageKind = "pmessage"u8.ToArray();

    private readonly byte[] _kind;
    private readonly ReadOnlySpan<byte> _pattern;
    private readonly ReadOnlySpan<byte> _channel;
    private readonly ReadOnlySpan<byte> _message;
    private byte[]? _resp2;
    private byte[]? _resp3;

    public PushFrame(byte[] kind, ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message)
    {
        _kind = kind;
        _pattern = pattern;
        _channel = channel;
        _message = message;
    }

    /// <summary>The frame for a client speaking <paramref name="protocol"/> (2 or 3).</summary>
    public byte[] For(int protocol) => protocol < 3 ? _resp2 ??= Build(2) : _resp3 ??= Build(3);

    private readonly byte[] Build(int protocol)
    {
        var withPattern = ReferenceEquals(_kind, PatternMessageKind);
        using var writer = new ReplyWriter { Protocol = protocol };
        writer.PushHeader(withPattern ? 4 : 3);
        writer.Bulk(_kind);
        if (withPattern)
        {
            writer.Bulk(_pattern);
        }
        writer.Bulk(_channel);
        writer.Bulk(_message);
        return writer.Written.ToArray();
    }
}
