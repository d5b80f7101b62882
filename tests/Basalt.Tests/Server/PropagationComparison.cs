using System.Globalization;
using System.Text.RegularExpressions;
using Xunit;

namespace Basalt.Tests.Server;

/// <summary>
/// Runs one script on real Redis (its AOF) and on Basalt (its propagation rendered as an AOF) and
/// asserts both logged the same commands. What depends on the clock is compared loosely: absolute
/// Unix-millisecond times (PXAT, PEXPIREAT, XCLAIM TIME) within a few seconds, and stream ids made
/// from the clock by order of first appearance. Tokens listed in <c>randomTokens</c> (members a
/// random pop chooses) compare equal to each other.
/// </summary>
public static partial class PropagationComparison
{
    private const long ClockTolerance = 10_000;

    public static async Task AssertSameAsync(RedisAofServer redis, PropagationStep[] script, string[]? randomTokens = null)
    {
        var expected = AofCommandStream.Read(await redis.RunAsync(script));
        var actual = AofCommandStream.Read(BasaltPropagationRun.Run(script));
        var random = new HashSet<string>(randomTokens ?? []);
        var expectedIds = new Dictionary<string, string>();
        var actualIds = new Dictionary<string, string>();
        var same = expected.Count == actual.Count;
        for (var i = 0; same && i < expected.Count; i++)
        {
            same = expected[i].Length == actual[i].Length;
            for (var j = 0; same && j < expected[i].Length; j++)
            {
                same = TokensMatch(Normalize(expected[i][j], random, expectedIds), Normalize(actual[i][j], random, actualIds));
            }
        }
        Assert.True(same, $"script:\n{string.Join('\n', script.Select(s => s.ToString()))}\n--- redis logged ---\n"
            + AofCommandStream.Describe(expected) + "\n--- basalt logged ---\n" + AofCommandStream.Describe(actual));
    }

    private static string Normalize(string token, HashSet<string> random, Dictionary<string, string> ids)
    {
        if (random.Contains(token))
        {
            return "<random>";
        }
        if (ClockStreamId().IsMatch(token))
        {
            if (!ids.TryGetValue(token, out var name))
            {
                name = "<id" + (ids.Count + 1).ToString(CultureInfo.InvariantCulture) + ">";
                ids.Add(token, name);
            }
            return name;
        }
        return token;
    }

    private static bool TokensMatch(string expected, string actual) =>
        expected == actual
        || (IsClockTime(expected, out var e) && IsClockTime(actual, out var a) && Math.Abs(e - a) <= ClockTolerance);

    /// <summary>A Unix time in milliseconds between 2001 and 2286 (what PXAT and PEXPIREAT carry).</summary>
    private static bool IsClockTime(string token, out long value)
    {
        value = 0;
        return token.Length == 13 && long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out value);
    }

    [GeneratedRegex(@"^[0-9]{13}-[0-9]+$")]
    private static partial Regex ClockStreamId();
}
