using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>APPEND, STRLEN, GETRANGE, SUBSTR and SETRANGE against redis-server.</summary>
public sealed class StringRangeCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Append_and_strlen_match_redis() => servers.RunAsync("append", [
        Exact("APPEND", "k"),
        Exact("STRLEN"),
        Exact("APPEND", "k", "hello"),
        Exact("APPEND", "k", " world"),
        Exact("GET", "k"),
        Exact("STRLEN", "k"),
        Exact("APPEND", "e", ""),
        Exact("EXISTS", "e"),
        Exact("STRLEN", "e"),
        Exact("APPEND", "n", "123"),
        Exact("STRLEN", "n"),
        Exact("APPEND", "n", ""),
        Exact("SET", "n", "-9223372036854775808"),
        Exact("STRLEN", "n"),
        Exact("APPEND", "n", "0"),
        Exact("GET", "n"),
        Exact("STRLEN", "none"),
        Exact("SET", "bin", new byte[] { 0, 255 }),
        Exact("APPEND", "bin", new byte[] { 13, 10, 0 }),
        Exact("GET", "bin"),
    ], output);

    [Fact]
    public Task Many_appends_build_the_same_string() => servers.RunAsync("append-growth", [
        .. Enumerable.Range(0, 300).Select(i => Exact("APPEND", "log", new string((char)('a' + i % 26), i % 7 + 1) + i)),
        Exact("STRLEN", "log"),
        Exact("GET", "log"),
        Exact("SETRANGE", "log", "3000", "tail"),
        Exact("GET", "log"),
        Exact("GETRANGE", "log", "-20", "-1"),
    ], output);

    [Fact]
    public Task Getrange_and_substr_match_redis()
    {
        var script = new List<GeneratedCommand>
        {
            Exact("GETRANGE", "k", "0"),
            Exact("GETRANGE", "none", "0", "-1"),
            Exact("GETRANGE", "none", "a", "-1"),
            Exact("SET", "k", "Hello, world"),
            Exact("SET", "n", "-9223372036854775808"),
            Exact("SET", "e", ""),
            Exact("GETRANGE", "k", "abc", "1"),
            Exact("GETRANGE", "k", "1", "abc"),
            Exact("GETRANGE", "k", "1", "1.5"),
        };
        string[] offsets = ["0", "1", "3", "5", "11", "12", "100", "-1", "-3", "-12", "-13", "-100", "9223372036854775807", "-9223372036854775808"];
        foreach (var key in new[] { "k", "n", "e" })
        {
            foreach (var start in offsets)
            {
                foreach (var end in offsets)
                {
                    script.Add(Exact("GETRANGE", key, start, end));
                }
            }
        }
        script.Add(Exact("SUBSTR", "k", "0", "4"));
        script.Add(Exact("SUBSTR", "k", "-5", "-1"));
        script.Add(Exact("SUBSTR", "n", "1", "3"));
        return servers.RunAsync("getrange", script, output);
    }

    [Fact]
    public Task Setrange_matches_redis() => servers.RunAsync("setrange", [
        Exact("SETRANGE", "k", "0"),
        Exact("SET", "k", "Hello World"),
        Exact("SETRANGE", "k", "-1", "x"),
        Exact("SETRANGE", "k", "abc", "x"),
        Exact("SETRANGE", "k", "1.5", "x"),
        Exact("SETRANGE", "k", "6", "Redis"),
        Exact("GET", "k"),
        Exact("SETRANGE", "k", "0", ""),
        Exact("SETRANGE", "k", "100", ""),
        Exact("GET", "k"),
        Exact("SETRANGE", "k", "15", "!"),
        Exact("GET", "k"),
        Exact("SETRANGE", "none", "0", ""),
        Exact("SETRANGE", "none", "10", ""),
        Exact("EXISTS", "none"),
        Exact("SETRANGE", "new", "5", "ab"),
        Exact("GET", "new"),
        Exact("SETRANGE", "new", "1", "XYZ"),
        Exact("GET", "new"),
        Exact("SET", "n", "123"),
        Exact("SETRANGE", "n", "1", "9"),
        Exact("GET", "n"),
        Exact("INCR", "n"),
        Exact("SETRANGE", "n", "5", "0"),
        Exact("GET", "n"),
        Exact("SETRANGE", "big", "536870912", "x"),
        Exact("SETRANGE", "big", "536870911", "xy"),
        Exact("SETRANGE", "big", "9223372036854775807", "xy"),
        Exact("SETRANGE", "k", "536870911", "xy"),
        Exact("EXISTS", "big"),
        Exact("SETRANGE", "big", "536870911", ""),
        Exact("EXISTS", "big"),
    ], output);

    [Fact]
    public Task Size_limits_follow_proto_max_bulk_len() => servers.RunAsync("string-limits", [
        Exact("CONFIG", "SET", "proto-max-bulk-len", "1048576"),
        Exact("SETRANGE", "k", "1048575", "x"),
        Exact("STRLEN", "k"),
        Exact("SETRANGE", "k", "1048575", "xy"),
        Exact("SETRANGE", "k2", "1048576", "x"),
        Exact("APPEND", "k", "y"),
        Exact("APPEND", "k", ""),
        Exact("SET", "a", new string('a', 1000)),
        Exact("APPEND", "a", new string('b', 1048576 - 1000)),
        Exact("APPEND", "a", "c"),
        Exact("STRLEN", "a"),
        Exact("SETBIT", "b", "8388607", "1"),
        Exact("SETBIT", "b", "8388608", "1"),
        Exact("GETBIT", "b", "8388608"),
        Exact("BITCOUNT", "b"),
        Exact("SET", "x", new string('x', 500)),
        Exact("SET", "y", new string('x', 600)),
        Exact("LCS", "x", "y", "LEN"),
        Exact("SET", "y", new string('x', 520)),
        Exact("LCS", "x", "y", "LEN"),
        Exact("CONFIG", "SET", "proto-max-bulk-len", "536870912"),
        Exact("SETRANGE", "k", "1048575", "xy"),
        Exact("SETBIT", "b", "8388608", "1"),
        Exact("LCS", "x", "y", "LEN"),
    ], output);
}
