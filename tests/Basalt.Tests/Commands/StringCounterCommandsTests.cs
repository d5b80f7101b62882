using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>INCR, DECR, INCRBY, DECRBY and INCRBYFLOAT against redis-server.</summary>
public sealed class StringCounterCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private const long Year2100Ms = 4_102_444_800_000;

    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Integer_counters_match_redis() => servers.RunAsync("incr", [
        Exact("INCR"),
        Exact("INCRBY", "c"),
        Exact("INCR", "c"),
        Exact("DECR", "c"),
        Exact("DECR", "c"),
        Exact("INCRBY", "c", "100"),
        Exact("DECRBY", "c", "-5"),
        Exact("INCRBY", "c", "abc"),
        Exact("INCRBY", "c", "1.5"),
        Exact("INCRBY", "c", "9223372036854775808"),
        Exact("DECRBY", "c", "-9223372036854775808"),
        Exact("DECRBY", "c", "9223372036854775807"),
        Exact("INCRBY", "c", "9223372036854775807"),
        Exact("GET", "c"),
        Exact("SET", "c", "9223372036854775807"),
        Exact("INCR", "c"),
        Exact("INCRBY", "c", "-1"),
        Exact("SET", "c", "-9223372036854775808"),
        Exact("DECR", "c"),
        Exact("INCRBY", "c", "9223372036854775807"),
        Exact("DECRBY", "c", "1"),
        Exact("SET", "c", " 1"),
        Exact("INCR", "c"),
        Exact("SET", "c", "01"),
        Exact("INCR", "c"),
        Exact("SET", "c", "1.0"),
        Exact("DECR", "c"),
        Exact("SET", "c", ""),
        Exact("INCR", "c"),
        Exact("SET", "c", "12"),
        Exact("APPEND", "c", "3"),
        Exact("INCR", "c"),
        Exact("GET", "c"),
        Exact("SET", "c", "5", "PXAT", Year2100Ms),
        Exact("INCR", "c"),
        Exact("PEXPIRETIME", "c"),
    ], output);

    [Fact]
    public Task Incrbyfloat_results_and_errors_match_redis() => servers.RunAsync("incrbyfloat", [
        Exact("INCRBYFLOAT", "f"),
        Exact("INCRBYFLOAT", "f", "1.5"),
        Exact("INCRBYFLOAT", "f", "0.1"),
        Exact("INCRBYFLOAT", "f", "-1.6"),
        Exact("INCRBYFLOAT", "f", "abc"),
        Exact("INCRBYFLOAT", "f", ""),
        Exact("INCRBYFLOAT", "f", " 1"),
        Exact("INCRBYFLOAT", "f", "1 "),
        Exact("INCRBYFLOAT", "f", "inf"),
        Exact("INCRBYFLOAT", "f", "-inf"),
        Exact("INCRBYFLOAT", "f", "nan"),
        Exact("INCRBYFLOAT", "f", "1e4000"),
        Exact("INCRBYFLOAT", "f", "1e-400"),
        Exact("INCRBYFLOAT", "f", "0x10"),
        Exact("INCRBYFLOAT", "f", "1e308"),
        Exact("INCRBYFLOAT", "f", "1e308"),
        Exact("GET", "f"),
        Exact("SET", "f", "1e4932"),
        Exact("INCRBYFLOAT", "f", "1e4932"),
        Exact("SET", "f", "10.50"),
        Exact("INCRBYFLOAT", "f", "0.1"),
        Exact("SET", "f", "5.0e3"),
        Exact("INCRBYFLOAT", "f", "2.0e2"),
        Exact("SET", "f", "1"),
        Exact("INCRBYFLOAT", "f", "-1"),
        Exact("INCRBYFLOAT", "f", "-0.0"),
        Exact("SET", "f", "-0"),
        Exact("INCRBYFLOAT", "f", "0"),
        Exact("SET", "f", "17179869184"),
        Exact("INCRBYFLOAT", "f", "1.5"),
        Exact("INCRBYFLOAT", "f", "1e30"),
        Exact("SET", "f", "abc"),
        Exact("INCRBYFLOAT", "f", "1"),
        Exact("SET", "f", "3", "PXAT", Year2100Ms),
        Exact("INCRBYFLOAT", "f", "0.25"),
        Exact("PEXPIRETIME", "f"),
        Exact("OBJECT", "ENCODING", "f"),
    ], output);

    [Fact]
    public Task Incrbyfloat_sums_of_many_operands_match_redis()
    {
        var random = new Random(2024);
        string[] starts = ["0", "1", "-1", "0.1", "3.14159", "123456789012345678", "1e-10", "-2.5e5", "9007199254740993", "0.30000000000000004"];
        string[] increments = ["0.1", "0.2", "-0.3", "1", "1e-3", "2.5e2", "-1.5", "3.0", "1e15", "0.0000001", "-17", "0", "1e17", "7e-18"];
        var script = new List<GeneratedCommand>();
        foreach (var start in starts)
        {
            script.Add(Exact("SET", "f", start));
            for (var i = 0; i < 12; i++)
            {
                script.Add(Exact("INCRBYFLOAT", "f", increments[random.Next(increments.Length)]));
            }
            script.Add(Exact("GET", "f"));
        }
        return servers.RunAsync("incrbyfloat-sums", script, output);
    }
}
