using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>String and bit commands, side by side with redis-server.</summary>
public sealed class StringInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Generated_string_commands_match_redis() =>
        SideBySide.RunAsync("strings", SideBySide.SeedFor(1001), g => g.Strings(SideBySide.Scaled(1500)), output);

    [Fact]
    public Task Generated_bit_commands_match_redis() =>
        SideBySide.RunAsync("bits", SideBySide.SeedFor(1002), g => g.Bits(SideBySide.Scaled(700)), output);

    [Fact]
    public Task Incrbyfloat_formatting_matches_redis()
    {
        var commands = new List<object[]>();
        string[] starts = ["0", "1", "-1", "0.1", "10.50", "5.0e3", "1e10", "123456789012345678", "3.14159", "-0", "1.5e-5", "17"];
        string[] increments = ["0.1", "0.2", "-0.3", "1", "1e-3", "2.5e2", "-1.5", "3.0", "1e15", "0.0000001", "-17", "0"];
        foreach (var s in starts)
        {
            commands.Add(["SET", "f", s]);
            foreach (var inc in increments)
            {
                commands.Add(["INCRBYFLOAT", "f", inc]);
            }
            commands.Add(["GET", "f"]);
            commands.Add(["OBJECT", "ENCODING", "f"]);
        }
        return SideBySide.RunAsync("incrbyfloat", 0, _ => Script.Of([.. commands]), output);
    }

    [Fact]
    public Task Object_encoding_matches_redis()
    {
        var commands = new List<object[]>();
        for (int len = 0; len <= 50; len++)
        {
            commands.Add(["SET", "e", new string('x', len)]);
            commands.Add(["OBJECT", "ENCODING", "e"]);
        }
        foreach (var v in new[] { "0", "1", "-1", "9999", "10000", "123456789", "9223372036854775807", "-9223372036854775808",
                     "9223372036854775808", "01", "+1", " 1", "1.0", "12345678901234567890123", "-0" })
        {
            commands.Add(["SET", "e", v]);
            commands.Add(["OBJECT", "ENCODING", "e"]);
        }
        commands.AddRange([
            ["SET", "e", "1"], ["APPEND", "e", "2"], ["OBJECT", "ENCODING", "e"],
            ["SET", "e", "abc"], ["APPEND", "e", "d"], ["OBJECT", "ENCODING", "e"],
            ["SET", "e", "abc"], ["SETRANGE", "e", "1", "x"], ["OBJECT", "ENCODING", "e"],
            ["SET", "e", "5"], ["INCR", "e"], ["OBJECT", "ENCODING", "e"],
            ["SET", "e", "5"], ["INCRBYFLOAT", "e", "1.5"], ["OBJECT", "ENCODING", "e"],
            ["SET", "e", "5"], ["INCRBYFLOAT", "e", "1"], ["OBJECT", "ENCODING", "e"],
            ["DEL", "e"], ["SETBIT", "e", "3", "1"], ["OBJECT", "ENCODING", "e"],
            ["DEL", "e"], ["SETRANGE", "e", "0", "ab"], ["OBJECT", "ENCODING", "e"],
            ["DEL", "e"], ["APPEND", "e", "ab"], ["OBJECT", "ENCODING", "e"],
            ["DEL", "e"], ["INCRBY", "e", "20000"], ["OBJECT", "ENCODING", "e"],
            ["MSET", "e", "77", "e2", new string('y', 45)], ["OBJECT", "ENCODING", "e"], ["OBJECT", "ENCODING", "e2"],
            ["GETSET", "e", "88"], ["OBJECT", "ENCODING", "e"],
            ["SETEX", "e", "1000", "99"], ["OBJECT", "ENCODING", "e"],
            ["BITOP", "OR", "e3", "e", "e2"], ["OBJECT", "ENCODING", "e3"],
            ["COPY", "e", "e4"], ["OBJECT", "ENCODING", "e4"],
            ["OBJECT", "ENCODING", "missing"],
        ]);
        return SideBySide.RunAsync("object-encoding", 0, _ => Script.Of([.. commands]), output);
    }
}
