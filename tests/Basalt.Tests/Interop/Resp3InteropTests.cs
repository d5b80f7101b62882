using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>RESP3 (HELLO 3) replies, side by side with redis-server.</summary>
public sealed class Resp3InteropTests(ITestOutputHelper output)
{
    private static IReadOnlyList<GeneratedCommand> Hello3OnBothConnections() =>
    [
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Script.On(1, ReplyCheck.Hello, "HELLO", "3"),
    ];

    [Fact]
    public Task Generated_commands_over_resp3_match_redis() =>
        SideBySide.RunAsync("resp3-mixed", SideBySide.SeedFor(6001), g => g.Mixed(SideBySide.Scaled(900)), output, Hello3OnBothConnections());

    [Fact]
    public Task Hello_variants_match_redis()
    {
        var s = new List<GeneratedCommand>
        {
            Script.On(0, ReplyCheck.Hello, "HELLO"),
            Script.On(0, ReplyCheck.Exact, "HELLO", "4"),
            Script.On(0, ReplyCheck.Exact, "HELLO", "1"),
            Script.On(0, ReplyCheck.Exact, "HELLO", "abc"),
            Script.On(0, ReplyCheck.Exact, "HELLO", "3", "FOO"),
            Script.On(0, ReplyCheck.Exact, "HELLO", "3", "AUTH", "default"),
            Script.On(0, ReplyCheck.Hello, "HELLO", "3", "AUTH", "default", "anypass"), // the default user has nopass
            Script.On(0, ReplyCheck.Hello, "HELLO", "2", "SETNAME", "me"),
            Script.On(0, ReplyCheck.Exact, "CLIENT", "GETNAME"),
            Script.On(0, ReplyCheck.Exact, "HELLO", "3", "SETNAME", "bad name"),
            Script.On(0, ReplyCheck.Hello, "HELLO", "3", "SETNAME", "resp3"),
            Script.On(0, ReplyCheck.Exact, "CLIENT", "GETNAME"),
            Script.On(0, ReplyCheck.Exact, "GET", "nothing"),
            Script.On(0, ReplyCheck.Exact, "MGET", "nothing", "nothing"),
            Script.On(0, ReplyCheck.Exact, "SET", "k", "v"),
            Script.On(0, ReplyCheck.Exact, "SET", "k", "v", "NX"),
            Script.On(0, ReplyCheck.Exact, "SET", "k", "v", "NX", "GET"),
            Script.On(0, ReplyCheck.Exact, "LCS", "k", "k", "IDX", "WITHMATCHLEN"),
            Script.On(0, ReplyCheck.Exact, "INCRBYFLOAT", "f", "1.5"),
            Script.On(0, ReplyCheck.Exact, "CONFIG", "GET", "maxmemory-policy"),
            Script.On(0, ReplyCheck.Exact, "WATCH", "k"),
            Script.On(1, ReplyCheck.Exact, "SET", "k", "changed"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "GET", "k"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "GET", "nothing"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
            Script.On(0, ReplyCheck.Exact, "GET", "nothing"),
            Script.On(0, ReplyCheck.Exact, "LCS", "k", "k", "IDX"),
        };
        return SideBySide.RunAsync("hello", 0, _ => s, output);
    }

    [Fact]
    public Task Debug_protocol_types_match_redis_in_resp2_and_resp3()
    {
        string[] types = ["string", "integer", "double", "bignum", "null", "array", "set", "map", "attrib", "verbatim", "true", "false"];
        var s = new List<GeneratedCommand>();
        foreach (var proto in new[] { "2", "3" })
        {
            s.Add(Script.On(0, ReplyCheck.Hello, "HELLO", proto));
            foreach (var t in types)
            {
                s.Add(Script.On(0, ReplyCheck.Exact, "DEBUG", "PROTOCOL", t));
            }
            // In RESP3 a push message comes first, then a normal reply: the PING reads that second reply.
            s.Add(Script.On(0, ReplyCheck.Exact, "DEBUG", "PROTOCOL", "push"));
            if (proto == "2")
            {
                s.Add(Script.On(0, ReplyCheck.Exact, "PING"));
            }
        }
        s.Add(Script.On(0, ReplyCheck.Exact, "PING"));
        return SideBySide.RunAsync("debug-protocol", 0, _ => s, output);
    }
}
