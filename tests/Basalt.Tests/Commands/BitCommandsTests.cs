using System.Globalization;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP against redis-server.</summary>
public sealed class BitCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Setbit_and_getbit_match_redis() => servers.RunAsync("setbit", [
        Exact("SETBIT", "b", "1"),
        Exact("GETBIT", "b"),
        Exact("SETBIT", "b", "-1", "1"),
        Exact("SETBIT", "b", "abc", "1"),
        Exact("SETBIT", "b", "4294967296", "1"),
        Exact("SETBIT", "b", "4294967296", "2"),
        Exact("SETBIT", "b", "1", "2"),
        Exact("SETBIT", "b", "1", "-1"),
        Exact("SETBIT", "b", "1", "abc"),
        Exact("SETBIT", "b", "1", ""),
        Exact("SETBIT", "b", "7", "1"),
        Exact("SETBIT", "b", "7", "1"),
        Exact("SETBIT", "b", "7", "0"),
        Exact("SETBIT", "b", "100", "1"),
        Exact("GET", "b"),
        Exact("GETBIT", "b", "100"),
        Exact("GETBIT", "b", "101"),
        Exact("GETBIT", "b", "100000"),
        Exact("GETBIT", "b", "-1"),
        Exact("GETBIT", "b", "4294967296"),
        Exact("GETBIT", "b", "4294967295"),
        Exact("GETBIT", "none", "4"),
        Exact("GETBIT", "none", "x"),
        Exact("SET", "n", "12"),
        Exact("GETBIT", "n", "2"),
        Exact("GETBIT", "n", "3"),
        Exact("SETBIT", "n", "0", "0"),
        Exact("GET", "n"),
        Exact("SETBIT", "n", "23", "1"),
        Exact("GET", "n"),
        Exact("SETBIT", "z", "0", "0"),
        Exact("GET", "z"),
    ], output);

    [Fact]
    public Task Bitcount_and_bitpos_argument_handling_matches_redis() => servers.RunAsync("bitcount-bitpos-args", [
        Exact("BITCOUNT"),
        Exact("BITPOS", "s"),
        Exact("BITPOS", "s", "1", "2", "3", "BIT", "x"),
        Exact("SET", "s", "foobar"),
        Exact("BITCOUNT", "s", "0"),
        Exact("BITCOUNT", "s", "0", "1", "BIT", "x"),
        Exact("BITCOUNT", "s", "a", "1"),
        Exact("BITCOUNT", "s", "1", "a"),
        Exact("BITCOUNT", "s", "5", "30", "FOO"),
        Exact("BITCOUNT", "s", "-1", "-5", "FOO"),
        Exact("BITCOUNT", "s", "a", "b", "FOO"),
        Exact("BITCOUNT", "none", "0"),
        Exact("BITCOUNT", "none", "a", "b", "c"),
        Exact("BITPOS", "s", "2"),
        Exact("BITPOS", "s", "a"),
        Exact("BITPOS", "none", "2"),
        Exact("BITPOS", "none", "1"),
        Exact("BITPOS", "none", "0"),
        Exact("BITPOS", "none", "0", "x"),
        Exact("BITPOS", "s", "0", "x"),
        Exact("BITPOS", "s", "0", "1", "x"),
        Exact("BITPOS", "s", "0", "1", "2", "FOO"),
        Exact("BITPOS", "s", "0", "x", "2", "FOO"),
        Exact("BITPOS", "s", "0", "1", "x", "FOO"),
        Exact("BITPOS", "s", "0", "1", "x", "bit"),
        Exact("BITPOS", "s", "1", "1", "2", "byte"),
    ], output);

    [Fact]
    public Task Generated_bit_queries_match_redis()
    {
        var random = new Random(31337);
        byte[] patterns = [0, 0xff, 0x0f, 0xf0, 0x80, 0x01, 0x7f, 0xfe];
        int[] lengths = [0, 1, 2, 3, 5, 8, 9, 16, 17, 31, 33, 40, 64, 100];
        var script = new List<GeneratedCommand>();
        for (var round = 0; round < 250; round++)
        {
            var length = lengths[random.Next(lengths.Length)];
            var value = new byte[length];
            var mode = random.NextDouble();
            for (var i = 0; i < length; i++)
            {
                value[i] = mode < 0.3 ? patterns[random.Next(patterns.Length)] : mode < 0.5 ? (byte)(round % 2 == 0 ? 0 : 0xff) : (byte)random.Next(256);
            }
            script.Add(Exact("SET", "x", value));
            for (var q = 0; q < 6; q++)
            {
                string Index()
                {
                    long[] interesting = [0, 1, 2, 3, 7, 8, 9, -1, -2, -8, -9, length, length * 8L, length * 8L - 1, -length * 8L];
                    var v = random.Next(3) == 0 ? random.Next(-length * 8 - 10, length * 8 + 10) : interesting[random.Next(interesting.Length)];
                    return v.ToString(CultureInfo.InvariantCulture);
                }
                string[][] units = [[], ["BIT"], ["BYTE"], ["bit"]];
                var unit = units[random.Next(units.Length)];
                var args = new List<object>();
                if (random.Next(3) == 0)
                {
                    args.AddRange(["BITCOUNT", "x"]);
                    if (random.Next(5) != 0)
                    {
                        args.AddRange([Index(), Index(), .. unit]);
                    }
                }
                else
                {
                    args.AddRange(["BITPOS", "x", random.Next(2).ToString(CultureInfo.InvariantCulture)]);
                    switch (random.Next(4))
                    {
                        case 0:
                            break;
                        case 1:
                            args.Add(Index());
                            break;
                        case 2:
                            args.AddRange([Index(), Index()]);
                            break;
                        default:
                            args.AddRange([Index(), Index(), unit.Length == 0 ? "BIT" : unit[0]]);
                            break;
                    }
                }
                script.Add(Exact([.. args]));
            }
            script.Add(Exact("SETBIT", "x", random.Next(length * 8 + 20).ToString(CultureInfo.InvariantCulture), random.Next(2).ToString(CultureInfo.InvariantCulture)));
            script.Add(Exact("GETBIT", "x", random.Next(length * 8 + 20).ToString(CultureInfo.InvariantCulture)));
            script.Add(Exact("BITCOUNT", "x"));
        }
        return servers.RunAsync("bit-queries", script, output);
    }

    [Fact]
    public Task Bitop_matches_redis()
    {
        var random = new Random(4242);
        var script = new List<GeneratedCommand>
        {
            Exact("BITOP", "AND", "d"),
            Exact("BITOP", "FOO", "d", "s"),
            Exact("BITOP", "NOT", "d", "s", "t"),
            Exact("SET", "s", "foobar"),
            Exact("SET", "t", new byte[] { 0xff, 0xf0, 0x00 }),
            Exact("SET", "n", "1"),
            Exact("BITOP", "NOT", "d", "s"),
            Exact("GET", "d"),
            Exact("BITOP", "and", "d", "s", "t"),
            Exact("GET", "d"),
            Exact("BITOP", "Or", "d", "s", "t", "n"),
            Exact("GET", "d"),
            Exact("BITOP", "XOR", "d", "s", "t", "n", "none"),
            Exact("GET", "d"),
            Exact("BITOP", "AND", "d", "none", "none2"),
            Exact("EXISTS", "d"),
            Exact("BITOP", "AND", "d", "s", "none"),
            Exact("GET", "d"),
            Exact("SET", "e", ""),
            Exact("BITOP", "OR", "d", "e"),
            Exact("EXISTS", "d"),
            Exact("BITOP", "XOR", "s", "s", "s"),
            Exact("GET", "s"),
            Exact("BITOP", "NOT", "none", "none"),
            Exact("EXISTS", "none"),
        };
        int[] lengths = [0, 1, 7, 8, 31, 32, 33, 64, 100, 257];
        for (var round = 0; round < 60; round++)
        {
            var keys = new List<object>();
            for (var k = 0; k < 1 + random.Next(5); k++)
            {
                var key = "src" + k;
                var value = new byte[lengths[random.Next(lengths.Length)]];
                random.NextBytes(value);
                script.Add(Exact("SET", key, value));
                keys.Add(key);
            }
            if (random.Next(4) == 0)
            {
                keys.Add("none");
            }
            string[] operations = ["AND", "OR", "XOR", "NOT"];
            var operation = operations[random.Next(operations.Length)];
            script.Add(Exact(["BITOP", operation, "dest", .. operation == "NOT" ? keys.Take(1) : keys]));
            script.Add(Exact("GET", "dest"));
        }
        return servers.RunAsync("bitop", script, output);
    }
}
