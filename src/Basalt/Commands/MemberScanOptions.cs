using Basalt.Text;

namespace Basalt.Commands;

/// <summary>
/// The options of SSCAN and ZSCAN after the key and cursor (scanGenericCommand's step 1):
/// COUNT n (at least 1) and MATCH pattern, in any order, repeated ones overriding.
/// </summary>
internal readonly struct MemberScanOptions
{
    private readonly int _patternIndex;

    private MemberScanOptions(long count, int patternIndex)
    {
        Count = count;
        _patternIndex = patternIndex;
    }

    public long Count { get; }

    /// <summary>Parses the options from argument 3 on; false after replying the error.</summary>
    public static bool TryParse(CommandContext ctx, out MemberScanOptions options)
    {
        options = default;
        long count = 10;
        var patternIndex = -1;
        for (var i = 3; i < ctx.ArgCount; i += 2)
        {
            var hasValue = i + 1 < ctx.ArgCount;
            if (ctx.Is(i, "count") && hasValue)
            {
                if (!ctx.TryGetLong(i + 1, out count))
                {
                    return false;
                }
                if (count < 1)
                {
                    ctx.SyntaxError();
                    return false;
                }
            }
            else if (ctx.Is(i, "match") && hasValue)
            {
                patternIndex = i + 1;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        // "*" alone matches everything: no filtering at all.
        if (patternIndex > 0 && GlobMatcher.IsMatchAll(ctx.Arg(patternIndex)))
        {
            patternIndex = -1;
        }
        options = new MemberScanOptions(count, patternIndex);
        return true;
    }

    /// <summary>Whether a member passes the MATCH filter.</summary>
    public bool Matches(CommandContext ctx, ReadOnlySpan<byte> member) =>
        _patternIndex < 0 || GlobMatcher.Match(ctx.Arg(_patternIndex), member, noCase: false);

    /// <summary>The reply every SCAN-like command gives for a missing key: cursor 0, no elements.</summary>
    public static void ReplyEmpty(CommandContext ctx)
    {
        ctx.Reply.ArrayHeader(2);
        ctx.Reply.Bulk("0"u8);
        ctx.Reply.ArrayHeader(0);
    }

    /// <summary>The cursor part of a SCAN-like reply.</summary>
    public static void ReplyCursor(CommandContext ctx, ulong cursor)
    {
        Span<byte> digits = stackalloc byte[RedisNumber.MaxUInt64Chars];
        ctx.Reply.ArrayHeader(2);
        ctx.Reply.Bulk(digits[..RedisNumber.FormatUInt64(cursor, digits)]);
    }
}
