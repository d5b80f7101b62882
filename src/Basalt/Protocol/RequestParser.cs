using Basalt.Text;

namespace Basalt.Protocol;

/// <summary>
/// Parses client requests — RESP multibulk and inline (telnet) commands — with Redis's limits and
/// error texts. It is incremental: a partially received multibulk keeps its progress, so a slow
/// client sending a huge command costs no re-parsing. Arguments are ranges into the receive
/// buffer (no copies) except for inline commands, which are rare.
/// </summary>
public sealed class RequestParser
{
    /// <summary>PROTO_INLINE_MAX_SIZE: the longest inline command or count line Redis accepts.</summary>
    public const int InlineMaxSize = 64 * 1024;

    private int _multibulkRemaining;
    private long _bulkLength = -1;
    private bool _inMultibulk;

    /// <summary>Offset (in the receive buffer) where the command being parsed starts.</summary>
    public int CommandStart { get; private set; }

    public string? Error { get; private set; }

    public long ProtoMaxBulkLen { get; set; } = 512L * 1024 * 1024;

    /// <summary>When true (requirepass set and not yet authenticated), Redis limits request sizes.</summary>
    public bool Unauthenticated { get; set; }

    /// <summary>Whether a command is partially parsed (its bytes must be kept).</summary>
    public bool InProgress => _inMultibulk;

    /// <summary>Parses the next command from <paramref name="buffer"/> into <paramref name="args"/>.</summary>
    public ParseResult Parse(ReceiveBuffer buffer, CommandArgs args)
    {
        var data = buffer.Data;
        if (!_inMultibulk)
        {
            if (buffer.Buffered == 0)
            {
                return ParseResult.NeedMore;
            }
            CommandStart = buffer.Start;
            if (data[buffer.Start] != (byte)'*')
            {
                return ParseInline(buffer, args);
            }
            if (!TryParseShortHeader(data, buffer.Start, buffer.End, out var count, out var newline))
            {
                newline = FindCr(data, buffer.Start, buffer.End);
                if (newline < 0)
                {
                    return buffer.Buffered > InlineMaxSize ? Fail("Protocol error: too big mbulk count string") : ParseResult.NeedMore;
                }
                if (newline + 1 >= buffer.End)
                {
                    return ParseResult.NeedMore;
                }
                var ok = RedisNumber.TryParseInt64(data.AsSpan(buffer.Start + 1, newline - buffer.Start - 1), out count);
                if (!ok || count > int.MaxValue)
                {
                    return Fail("Protocol error: invalid multibulk length");
                }
            }
            if (count > 10 && Unauthenticated)
            {
                return Fail("Protocol error: unauthenticated multibulk length");
            }
            buffer.Start = newline + 2;
            args.Reset(data);
            if (count <= 0)
            {
                return ParseResult.Command;
            }
            _multibulkRemaining = (int)count;
            _bulkLength = -1;
            _inMultibulk = true;
        }
        else
        {
            // The buffer may have moved since the last call.
            args.Rebase(data, 0);
        }

        while (_multibulkRemaining > 0)
        {
            // The common case first; whatever it does not accept as the general path would is left to the general path.
            if (_bulkLength == -1 && buffer.Start < buffer.End && data[buffer.Start] == (byte)'$' &&
                TryParseShortHeader(data, buffer.Start, buffer.End, out var shortLength, out var shortNewline) &&
                shortLength <= ProtoMaxBulkLen && (shortLength <= 16384 || !Unauthenticated))
            {
                buffer.Start = shortNewline + 2;
                _bulkLength = shortLength;
            }
            if (_bulkLength == -1)
            {
                var newline = FindCr(data, buffer.Start, buffer.End);
                if (newline < 0)
                {
                    return buffer.Buffered > InlineMaxSize ? Fail("Protocol error: too big bulk count string") : ParseResult.NeedMore;
                }
                if (newline + 1 >= buffer.End)
                {
                    return ParseResult.NeedMore;
                }
                if (data[buffer.Start] != (byte)'$')
                {
                    return Fail("Protocol error: expected '$', got '" + (char)data[buffer.Start] + "'");
                }
                var ok = RedisNumber.TryParseInt64(data.AsSpan(buffer.Start + 1, newline - buffer.Start - 1), out var length);
                if (!ok || length < 0 || length > ProtoMaxBulkLen)
                {
                    return Fail("Protocol error: invalid bulk length");
                }
                if (length > 16384 && Unauthenticated)
                {
                    return Fail("Protocol error: unauthenticated bulk length");
                }
                buffer.Start = newline + 2;
                _bulkLength = length;
            }
            if (buffer.Buffered < _bulkLength + 2)
            {
                return ParseResult.NeedMore;
            }
            args.Add(buffer.Start, (int)_bulkLength);
            buffer.Start += (int)_bulkLength + 2;
            _bulkLength = -1;
            _multibulkRemaining--;
        }
        _inMultibulk = false;
        return ParseResult.Command;
    }

    /// <summary>Called after the receive buffer was compacted by <paramref name="delta"/> bytes.</summary>
    public void OnCompacted(int delta, CommandArgs inProgress)
    {
        CommandStart -= delta;
        if (_inMultibulk)
        {
            inProgress.Rebase(inProgress.Buffer, -delta);
        }
    }

    private ParseResult ParseInline(ReceiveBuffer buffer, CommandArgs args)
    {
        var data = buffer.Data;
        var newline = Array.IndexOf(data, (byte)'\n', buffer.Start, buffer.Buffered);
        if (newline < 0)
        {
            return buffer.Buffered > InlineMaxSize ? Fail("Protocol error: too big inline request") : ParseResult.NeedMore;
        }
        var lineEnd = newline;
        if (lineEnd > buffer.Start && data[lineEnd - 1] == (byte)'\r')
        {
            lineEnd--;
        }
        var line = data.AsSpan(buffer.Start, lineEnd - buffer.Start);
        if (line.IndexOfAny(InlineSlowPathBytes) < 0)
        {
            // No quotes, NULs or rare whitespace: sdssplitargs reduces to splitting on blanks, so
            // the arguments can point into the receive buffer like multibulk ones (no copies).
            args.Reset(data);
            var start = buffer.Start;
            var i = 0;
            while (i < line.Length)
            {
                if (IsInlineBlank(line[i]))
                {
                    i++;
                    continue;
                }
                var tokenStart = i;
                while (i < line.Length && !IsInlineBlank(line[i]))
                {
                    i++;
                }
                args.Add(start + tokenStart, i - tokenStart);
            }
            buffer.Start = newline + 1;
            return ParseResult.Command;
        }
        var parts = ArgSplitter.Split(line);
        if (parts is null)
        {
            return Fail("Protocol error: unbalanced quotes in request");
        }
        buffer.Start = newline + 1;
        var total = 0;
        foreach (var p in parts)
        {
            total += p.Length;
        }
        var owned = new byte[total];
        args.Reset(owned);
        var pos = 0;
        foreach (var p in parts)
        {
            p.CopyTo(owned, pos);
            args.Add(pos, p.Length);
            pos += p.Length;
        }
        return ParseResult.Command;
    }

    /// <summary>
    /// The common header — a type byte, 1 to 8 digits without a leading zero (or a lone "0"), CR and
    /// one more byte — read without searching: only cases the general path would accept the same
    /// way, so anything else (errors, partial headers, long numbers) takes the general path.
    /// </summary>
    private static bool TryParseShortHeader(byte[] data, int start, int end, out long value, out int newline)
    {
        value = 0;
        newline = -1;
        var p = start + 1;
        var limit = Math.Min(end - 1, start + 10);
        if (p >= limit)
        {
            return false;
        }
        var first = data[p];
        if (first == (byte)'0')
        {
            if (p + 2 >= end || data[p + 1] != (byte)'\r')
            {
                return false;
            }
            newline = p + 1;
            return true;
        }
        if ((uint)(first - '1') > 8)
        {
            return false;
        }
        long n = first - '0';
        p++;
        while (p < limit)
        {
            var c = data[p];
            if (c == (byte)'\r')
            {
                value = n;
                newline = p;
                return true;
            }
            if ((uint)(c - '0') > 9)
            {
                return false;
            }
            n = n * 10 + (c - '0');
            p++;
        }
        return false;
    }

    /// <summary>Bytes after which an inline line needs the full sdssplitargs rules (quotes, NUL, \v, \f).</summary>
    private static readonly System.Buffers.SearchValues<byte> InlineSlowPathBytes =
        System.Buffers.SearchValues.Create("\"'\0\v\f"u8);

    private static bool IsInlineBlank(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';

    private static int FindCr(byte[] data, int start, int end)
    {
        var index = data.AsSpan(start, end - start).IndexOf((byte)'\r');
        return index < 0 ? -1 : start + index;
    }

    private ParseResult Fail(string message)
    {
        Error = message;
        return ParseResult.Error;
    }
}
