using System.Text;
using Basalt.Text;
using Xunit;

namespace Basalt.Tests.Text;

/// <summary>
/// Reference data observed on redis-server 7.0.15: case-sensitive cases via SET key; KEYS pattern,
/// case-insensitive ones via CONFIG GET pattern against the "maxmemory" parameter.
/// Strings are Latin-1 so "\u00ff" stands for the byte 0xFF.
/// </summary>
public class GlobMatcherTests
{
    [Theory]
    [InlineData("**", "", false)]
    [InlineData("?", "", false)]
    [InlineData("", "", true)]
    [InlineData("", "a", false)]
    [InlineData("a", "a", true)]
    [InlineData("a", "A", false)]
    [InlineData("*", "abc", true)]
    [InlineData("a*", "a", true)]
    [InlineData("a*b", "ab", true)]
    [InlineData("a*b", "axxb", true)]
    [InlineData("a*b", "axxbc", false)]
    [InlineData("*b", "b", true)]
    [InlineData("?", "\u00ff", true)]
    [InlineData("??", "a", false)]
    [InlineData("[abc]", "b", true)]
    [InlineData("[abc]", "d", false)]
    [InlineData("[^abc]", "d", true)]
    [InlineData("[^abc]", "a", false)]
    [InlineData("[a-c]", "b", true)]
    [InlineData("[c-a]", "b", true)]
    [InlineData("[a-c]", "C", false)]
    [InlineData("[]", "a", false)]
    [InlineData("[]a]", "a", false)]
    [InlineData("[]a]", "]", false)]
    [InlineData("[]a]", "]a]", false)]
    [InlineData("[^]", "x", true)]
    [InlineData("[^]", "]", true)]
    [InlineData("[", "[", false)]
    [InlineData("[", "a", false)]
    [InlineData("[a", "a", true)]
    [InlineData("[a", "b", false)]
    [InlineData("[^", "", false)]
    [InlineData("[^", "a", true)]
    [InlineData("a[", "a", false)]
    [InlineData("[a-]", "-", false)]
    [InlineData("[a-]", "a", true)]
    [InlineData("[a-]", "b", false)]
    [InlineData("[a-]", "^", true)]
    [InlineData("[a-]", "_", true)]
    [InlineData("[-a]", "-", true)]
    [InlineData("[\\]]", "]", true)]
    [InlineData("[\\-]", "-", true)]
    [InlineData("[a\\-z]", "b", false)]
    [InlineData("[a\\-z]", "-", true)]
    [InlineData("\\", "\\", true)]
    [InlineData("\\a", "a", true)]
    [InlineData("a\\", "a\\", true)]
    [InlineData("\\*", "*", true)]
    [InlineData("\\*", "a", false)]
    [InlineData("\\?", "?", true)]
    [InlineData("[\\", "\\", true)]
    [InlineData("[\\", "", false)]
    [InlineData("[a-\u00ff]", "b", false)]
    [InlineData("[a-\u00ff]", "\u00ff", true)]
    [InlineData("[a-\u00ff]", "\u0080", false)]
    [InlineData("[a-\u00ff]", "A", true)]
    [InlineData("[\u0080-a]", "b", false)]
    [InlineData("[\u0080-a]", "\u00c0", true)]
    [InlineData("[\u0080-\u00ff]", "\u00c0", true)]
    [InlineData("*\u0000*", "a\u0000b", true)]
    [InlineData("?", "\u0000", true)]
    [InlineData("h?llo", "hello", true)]
    [InlineData("h*llo", "heeeello", true)]
    [InlineData("h[ae]llo", "hallo", true)]
    [InlineData("h[^e]llo", "hello", false)]
    [InlineData("h[a-b]llo", "hbllo", true)]
    [InlineData("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", false)]
    [InlineData("a*", "abc", true)]
    [InlineData("*?", "a", true)]
    [InlineData("*?*", "a", true)]
    public void MatchesLikeKeys(string pattern, string key, bool expected)
    {
        Assert.Equal(expected, GlobMatcher.Match(Encoding.Latin1.GetBytes(pattern), Encoding.Latin1.GetBytes(key), noCase: false));
    }

    [Theory]
    [InlineData("MAXMEMORY*", true)]
    [InlineData("[L-N]axmemory", true)]
    [InlineData("[l-n]AXMEMORY", true)]
    [InlineData("[^M]axmemory", false)]
    [InlineData("[\\M]axmemory", false)]
    [InlineData("[\\m]axmemor?", true)]
    [InlineData("\\Maxmemor?", true)]
    [InlineData("[M]axmemor?", true)]
    [InlineData("MAX?EMORY", true)]
    [InlineData("*MEMORY-POLICY", false)]
    [InlineData("[M-A]axmemory", true)]
    public void MatchesLikeConfigGet(string pattern, bool expected)
    {
        Assert.Equal(expected, GlobMatcher.Match(Encoding.ASCII.GetBytes(pattern), "maxmemory"u8, noCase: true));
    }

    [Fact]
    public void StarAloneDoesNotMatchEmptyButKeysShortcutsIt()
    {
        // PSUBSCRIBE * does not receive PUBLISH "" (matcher says no), while KEYS * and SCAN
        // return the empty key because they skip the matcher for exactly "*".
        Assert.False(GlobMatcher.Match("*"u8, ""u8, false));
        Assert.True(GlobMatcher.IsMatchAll("*"u8));
        Assert.False(GlobMatcher.IsMatchAll("**"u8));
    }

    [Theory]
    [InlineData("*a", 1000, 3000, true)]
    [InlineData("*a", 1001, 3000, false)]
    [InlineData("a*", 1001, 3000, true)]
    [InlineData("a*", 1002, 3000, false)]
    [InlineData("**a", 1000, 3000, true)]
    [InlineData("**a", 1001, 3000, false)]
    [InlineData("*?", 1600, 3000, false)]
    public void NestingLimitMatchesServer(string unit, int repeat, int textLength, bool expected)
    {
        // Observed with KEYS against a key of 'a' x textLength.
        byte[] pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat(unit, repeat)));
        byte[] text = Encoding.ASCII.GetBytes(new string('a', textLength));
        Assert.Equal(expected, GlobMatcher.Match(pattern, text, false));
    }

    [Fact]
    public void PathologicalPatternsAreFastAndStackSafe()
    {
        // Redis's regression test: 50000 x "*?" against 50000 'a' gives no match, quickly.
        byte[] pattern = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("*?", 50000)));
        byte[] text = Encoding.ASCII.GetBytes(new string('a', 50000));
        Assert.False(GlobMatcher.Match(pattern, text, false));

        byte[] many = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("a*", 20)) + "b");
        Assert.False(GlobMatcher.Match(many, Encoding.ASCII.GetBytes(new string('a', 20000)), false));
    }
}
