namespace Basalt.Text;

/// <summary>
/// Redis 7.0's glob matcher (util.c stringmatchlen), used by KEYS, SCAN MATCH, CONFIG GET,
/// PSUBSCRIBE and friends. Behaviour is reproduced byte for byte, quirks included:
/// <list type="bullet">
/// <item>No pattern matches the empty string: "*" does not match "" (the main loop only runs
///   while both pattern and text are non-empty), so PSUBSCRIBE * does not see PUBLISH "".
///   KEYS and SCAN, however, never call the matcher for the exact pattern "*" and return every
///   key, the empty one included: callers must test <see cref="IsMatchAll"/> first.
///   Trailing stars are skipped once the text is used up, so "a*" matches "a".</item>
/// <item>'?' is any one byte; "\x" is a literal x; a trailing lone '\' is a literal '\'.</item>
/// <item>"[...]": optional leading '^' negates; "\x" inside is a literal x compared
///   case-sensitively even in nocase mode; "a-z" is a range, reversed ranges are swapped, and
///   the range bounds are compared as C <c>signed char</c> (so "[a-\xff]" means -1..'a');
///   "[]" matches nothing, "[^]" any byte, an unterminated "[abc" behaves as if closed at the
///   end, and "x-]" at the end of a class is a range whose upper bound is ']'.</item>
/// <item>nocase folds ASCII only (C locale tolower).</item>
/// </list>
/// </summary>
/// <remarks>
/// Redis implements '*' by recursion, with a "skipLongerMatches" flag (the CVE-2022-36021 fix)
/// that aborts every enclosing '*' as soon as an inner '*' has tried every suffix. With that
/// flag only the innermost '*' can ever backtrack, so the recursion is equivalent to the loop
/// below with a single backtrack point. The loop needs no stack, so no pattern can overflow
/// ours, and it runs in O(pattern · text) like Redis.
///
/// Nesting limit: the reference server (Redis 7.0.15 as shipped by Debian, with the
/// CVE-2024-31228 fix backported, same as upstream 7.2.6+) gives up when the recursion gets
/// deeper than 1000. Each run of consecutive stars is one level, so reaching a 1001st star run
/// that still has pattern after it means "no match", while a trailing 1001st run still matches
/// (its "rest of pattern is empty" check runs before recursing). Verified against the server:
/// KEYS ("*a" x 1000) matches "a" x 3000, ("*a" x 1001) does not, ("a*" x 1001) does.
/// </remarks>
public static class GlobMatcher
{
    /// <summary>Deepest '*' recursion Redis allows (stringmatchlen_impl's "nesting > 1000").</summary>
    public const int MaxNesting = 1000;

    /// <summary>
    /// True for the exact pattern "*", which KEYS (allkeys) and SCAN (use_pattern) treat as
    /// "no filter" without calling the matcher; this differs from <see cref="Match"/> only
    /// for the empty key.
    /// </summary>
    public static bool IsMatchAll(ReadOnlySpan<byte> pattern) => pattern.Length == 1 && pattern[0] == (byte)'*';

    public static bool Match(ReadOnlySpan<byte> pattern, ReadOnlySpan<byte> text, bool noCase)
    {
        int p = 0; // pattern index; patternLen in Redis is pattern.Length - p
        int s = 0; // text index; stringLen is text.Length - s
        int backP = -1; // where the innermost '*' resumes matching (just after the star)
        int backS = 0; // text position the innermost '*' tried last
        int stars = 0; // star runs before p: Redis's recursion depth at this point
        int backStars = 0;

        while (true)
        {
            // One run of Redis's stringmatchlen_impl body from (p, s); "goto Fail" is its "return 0".
            while (p < pattern.Length && s < text.Length)
            {
                switch (pattern[p])
                {
                    case (byte)'*':
                        while (At(pattern, p + 1) == (byte)'*')
                        {
                            p++;
                        }

                        if (pattern.Length - p == 1)
                        {
                            return true; // trailing star eats the (non-empty) rest
                        }

                        // Redis recurses on (p+1, every suffix of length >= 1) one level deeper.
                        // Past the limit every such call fails, so the star exhausts: no match.
                        if (++stars > MaxNesting)
                        {
                            return false;
                        }

                        backP = p + 1;
                        backS = s;
                        backStars = stars;
                        p++;
                        continue;

                    case (byte)'?':
                        s++;
                        break;

                    case (byte)'[':
                        if (!MatchClass(pattern, ref p, text[s], noCase))
                        {
                            goto Fail;
                        }

                        s++;
                        break;

                    default:
                        if (pattern[p] == (byte)'\\' && pattern.Length - p >= 2)
                        {
                            p++;
                        }

                        if (!Same(pattern[p], text[s], noCase))
                        {
                            goto Fail;
                        }

                        s++;
                        break;
                }

                p++;
                if (s == text.Length)
                {
                    while (At(pattern, p) == (byte)'*')
                    {
                        p++;
                    }

                    break;
                }
            }

            if (p == pattern.Length && s == text.Length)
            {
                return true;
            }

        Fail:
            if (backP < 0)
            {
                return false;
            }

            // Let the innermost star swallow one more byte; once no non-empty suffix is left it
            // has failed, and skipLongerMatches makes every outer star give up too.
            backS++;
            if (backS >= text.Length)
            {
                return false;
            }

            p = backP;
            s = backS;
            stars = backStars;
        }
    }

    /// <summary>
    /// The "[...]" branch. On entry pattern[p] is '['; on exit p is at the closing ']' (or the
    /// last pattern byte if unterminated), like Redis before its common "pattern++".
    /// </summary>
    private static bool MatchClass(ReadOnlySpan<byte> pattern, ref int p, byte c, bool noCase)
    {
        p++;
        bool not = At(pattern, p) == (byte)'^';
        if (not)
        {
            p++;
        }

        bool match = false;
        while (true)
        {
            int left = pattern.Length - p;
            byte pc = At(pattern, p);
            if (pc == (byte)'\\' && left >= 2)
            {
                p++;
                if (pattern[p] == c)
                {
                    match = true; // escaped bytes compare exactly, even in nocase mode
                }
            }
            else if (pc == (byte)']' && left > 0)
            {
                break;
            }
            else if (left <= 0)
            {
                // Unterminated class: step back so the caller's p++ lands at the end.
                p--;
                break;
            }
            else if (left >= 3 && pattern[p + 1] == (byte)'-')
            {
                // Redis reads these through a (signed on x86) char.
                int start = (sbyte)pattern[p];
                int end = (sbyte)pattern[p + 2];
                int ch = (sbyte)c;
                if (start > end)
                {
                    (start, end) = (end, start);
                }

                if (noCase)
                {
                    start = ToLower(start);
                    end = ToLower(end);
                    ch = ToLower(ch);
                }

                p += 2;
                if (ch >= start && ch <= end)
                {
                    match = true;
                }
            }
            else if (Same(pc, c, noCase))
            {
                match = true;
            }

            p++;
        }

        return not ? !match : match;
    }

    /// <summary>Byte at i, or 0 past the end: Redis patterns are NUL-terminated sds strings and it peeks one past the end.</summary>
    private static byte At(ReadOnlySpan<byte> pattern, int i) => (uint)i < (uint)pattern.Length ? pattern[i] : (byte)0;

    private static bool Same(byte a, byte b, bool noCase) =>
        a == b || (noCase && ToLower(a) == ToLower(b));

    /// <summary>C-locale tolower: only 'A'..'Z' change; other values (including negative chars) pass through.</summary>
    private static int ToLower(int c) => c is >= 'A' and <= 'Z' ? c + 32 : c;
}
