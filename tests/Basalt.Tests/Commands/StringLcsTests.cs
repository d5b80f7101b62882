using System.Globalization;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>LCS (LEN, IDX, MINMATCHLEN, WITHMATCHLEN) against redis-server, in RESP2 and RESP3.</summary>
public sealed class StringLcsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Options_and_errors_match_redis() => servers.RunAsync("lcs-options", [
        Exact("LCS", "a"),
        Exact("LCS", "none", "none2"),
        Exact("LCS", "none", "none2", "IDX", "WITHMATCHLEN"),
        Exact("LCS", "none", "none2", "FOO"),
        Exact("MSET", "a", "ohmytext", "b", "mynewtext"),
        Exact("LCS", "a", "b"),
        Exact("LCS", "a", "b", "LEN"),
        Exact("LCS", "a", "b", "len", "LEN"),
        Exact("LCS", "a", "b", "IDX"),
        Exact("LCS", "a", "b", "idx", "MINMATCHLEN", "4"),
        Exact("LCS", "a", "b", "IDX", "MINMATCHLEN", "4", "WITHMATCHLEN"),
        Exact("LCS", "a", "b", "WITHMATCHLEN"),
        Exact("LCS", "a", "b", "MINMATCHLEN", "-5", "IDX"),
        Exact("LCS", "a", "b", "LEN", "IDX"),
        Exact("LCS", "a", "b", "FOO", "LEN", "IDX"),
        Exact("LCS", "a", "b", "LEN", "IDX", "FOO"),
        Exact("LCS", "a", "b", "MINMATCHLEN"),
        Exact("LCS", "a", "b", "MINMATCHLEN", "x"),
        Exact("LCS", "a", "b", "MINMATCHLEN", "1.5", "IDX"),
        Exact("SET", "n", "-1234567"),
        Exact("LCS", "n", "a"),
        Exact("LCS", "n", "n", "IDX", "WITHMATCHLEN"),
        Exact("SET", "big1", new string('a', 20000)),
        Exact("SET", "big2", new string('b', 20000)),
        Exact("LCS", "big1", "big2"),
        Exact("LCS", "big1", "big2", "LEN"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("LCS", "a", "b", "IDX", "WITHMATCHLEN"),
        Exact("LCS", "none", "none2", "IDX"),
        Exact("LCS", "a", "b"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public Task Generated_pairs_match_redis()
    {
        var random = new Random(777);
        string[] alphabets = ["ab", "abc", "abcdefgh", "xyz0123456789"];
        int[] lengthsA = [0, 1, 2, 5, 10, 20, 40];
        int[] lengthsB = [0, 1, 3, 7, 15, 30, 50];
        var script = new List<GeneratedCommand>();
        for (var round = 0; round < 300; round++)
        {
            var alphabet = alphabets[random.Next(alphabets.Length)];
            string Make(int length) => new(Enumerable.Range(0, length).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
            var a = random.Next(10) == 0 ? random.Next(-1_000_000, 1_000_000).ToString(CultureInfo.InvariantCulture) : Make(lengthsA[random.Next(lengthsA.Length)]);
            var b = Make(lengthsB[random.Next(lengthsB.Length)]);
            script.Add(Exact("MSET", "a", a, "b", b));
            var args = new List<object> { "LCS", "a", "b" };
            if (random.Next(5) < 3)
            {
                args.Add(random.Next(2) == 0 ? "IDX" : "LEN");
            }
            if (random.Next(5) < 2)
            {
                args.AddRange(["MINMATCHLEN", random.Next(-1, 5).ToString(CultureInfo.InvariantCulture)]);
            }
            if (random.Next(5) < 2)
            {
                args.Add("WITHMATCHLEN");
            }
            script.Add(Exact([.. args]));
            script.Add(Exact("LCS", "b", "a", "IDX", "WITHMATCHLEN"));
        }
        return servers.RunAsync("lcs-generated", script, output);
    }
}
