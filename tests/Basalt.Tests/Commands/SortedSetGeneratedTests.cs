using System.Globalization;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// Servers whose collections convert early (16 members), so generated scripts cross the
/// listpack/skiplist and intset/hashtable boundaries often.
/// </summary>
public sealed class SmallCollectionServerPair : KeyspaceServerPair
{
    protected override string[] ExtraArgs =>
        ["--zset-max-listpack-entries", "16", "--zset-max-listpack-value", "8", "--set-max-intset-entries", "16"];
}

/// <summary>
/// Seeded random scripts of sorted set commands sent to redis-server and basalt-server. Every
/// sorted set reply is deterministic (ordered by score, then member), so all are compared
/// exactly; random commands (ZRANDMEMBER) are left out. Lexicographic commands only touch a key
/// whose scores are all equal, where Redis defines their result.
/// <c>BASALT_INTEROP_SEED</c> and <c>BASALT_INTEROP_SCALE</c> vary the run.
/// </summary>
public sealed class SortedSetGeneratedTests(SmallCollectionServerPair servers, ITestOutputHelper output) : IClassFixture<SmallCollectionServerPair>
{
    private static readonly string[] Keys = ["z1", "z2", "z3", "s1", "str"];
    private static readonly string[] Destinations = ["dst", "z3"];

    private sealed class Generator(int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly List<GeneratedCommand> _out = [];

        private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

        /// <summary>Mostly sorted sets; now and then a key of another type, for WRONGTYPE.</summary>
        private string Key() => _rng.Next(15) == 0 ? Pick(Keys) : Keys[_rng.Next(3)];

        private string Member() => _rng.Next(8) switch
        {
            0 => "longer-member-" + _rng.Next(4),
            1 => _rng.Next(-3, 30).ToString(CultureInfo.InvariantCulture),
            _ => "m" + _rng.Next(30),
        };

        private string Score() => _rng.Next(12) switch
        {
            0 => "inf",
            1 => "-inf",
            2 => (_rng.Next(-50, 50) / 8.0).ToString("R", CultureInfo.InvariantCulture),
            3 => "1e17",
            4 => "-0",
            5 => "0.1",
            _ => _rng.Next(-5, 20).ToString(CultureInfo.InvariantCulture),
        };

        private string Bound()
        {
            var value = _rng.Next(6) switch
            {
                0 => "-inf",
                1 => "+inf",
                _ => (_rng.Next(-10, 40) / 2.0).ToString("R", CultureInfo.InvariantCulture),
            };
            return _rng.Next(3) == 0 ? "(" + value : value;
        }

        private string LexBound() => _rng.Next(6) switch
        {
            0 => "-",
            1 => "+",
            2 => "(" + Member(),
            _ => "[" + Member(),
        };

        private string Rank() => _rng.Next(-20, 25).ToString(CultureInfo.InvariantCulture);

        private void Add(params string[] args) => _out.Add(Script.On(0, ReplyCheck.Exact, args));

        private string[] Options(params string[] choices) => choices.Where(_ => _rng.Next(4) == 0).OrderBy(_ => _rng.Next()).ToArray();

        private string[] SourceKeys()
        {
            var count = _rng.Next(1, 4);
            return Enumerable.Range(0, count).Select(_ => Key()).Prepend(count.ToString(CultureInfo.InvariantCulture)).ToArray();
        }

        private void Step()
        {
            var key = Key();
            switch (_rng.Next(30))
            {
                case 0 or 1 or 2 or 3:
                    {
                        var pairs = Enumerable.Range(0, _rng.Next(1, 5)).SelectMany(_ => new[] { Score(), Member() });
                        Add(["ZADD", key, .. Options("NX", "XX", "GT", "LT", "CH"), .. pairs]);
                        break;
                    }
                case 4:
                    Add(["ZADD", key, .. Options("NX", "XX", "GT", "LT", "CH"), "INCR", Score(), Member()]);
                    break;
                case 5:
                    Add("ZINCRBY", key, Score(), Member());
                    break;
                case 6:
                    Add(["ZREM", key, .. Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => Member())]);
                    break;
                case 7:
                    Add(["ZRANGE", key, Rank(), Rank(), .. Options("REV", "WITHSCORES")]);
                    break;
                case 8:
                    {
                        string[] limit = _rng.Next(3) == 0 ? ["LIMIT", _rng.Next(-1, 5).ToString(CultureInfo.InvariantCulture), _rng.Next(-1, 5).ToString(CultureInfo.InvariantCulture)] : [];
                        Add(["ZRANGE", key, Bound(), Bound(), "BYSCORE", .. Options("REV", "WITHSCORES"), .. limit]);
                        break;
                    }
                case 9:
                    Add(["ZRANGEBYSCORE", key, Bound(), Bound(), .. Options("WITHSCORES")]);
                    break;
                case 10:
                    Add(["ZREVRANGEBYSCORE", key, Bound(), Bound(), .. Options("WITHSCORES"), "LIMIT", _rng.Next(3).ToString(CultureInfo.InvariantCulture), _rng.Next(-1, 4).ToString(CultureInfo.InvariantCulture)]);
                    break;
                case 11:
                    Add("ZCOUNT", key, Bound(), Bound());
                    break;
                case 12:
                    Add(_rng.Next(2) == 0 ? "ZRANK" : "ZREVRANK", key, Member());
                    break;
                case 13:
                    Add("ZSCORE", key, Member());
                    break;
                case 14:
                    Add("ZMSCORE", key, Member(), Member(), Member());
                    break;
                case 15:
                    Add(["ZPOPMIN", key, .. _rng.Next(2) == 0 ? new[] { _rng.Next(0, 4).ToString(CultureInfo.InvariantCulture) } : []]);
                    break;
                case 16:
                    Add(["ZPOPMAX", key, .. _rng.Next(2) == 0 ? new[] { _rng.Next(0, 4).ToString(CultureInfo.InvariantCulture) } : []]);
                    break;
                case 17:
                    Add(["ZMPOP", "2", Key(), Key(), _rng.Next(2) == 0 ? "MIN" : "MAX", "COUNT", _rng.Next(1, 4).ToString(CultureInfo.InvariantCulture)]);
                    break;
                case 18:
                    Add("ZREMRANGEBYRANK", key, Rank(), Rank());
                    break;
                case 19:
                    Add("ZREMRANGEBYSCORE", key, Bound(), Bound());
                    break;
                case 20 or 21:
                    {
                        var command = Pick(new[] { "ZUNION", "ZINTER", "ZDIFF" });
                        var sources = SourceKeys();
                        string[] weights = command != "ZDIFF" && _rng.Next(3) == 0
                            ? ["WEIGHTS", .. sources.Skip(1).Select(_ => Pick(new[] { "1", "2", "-1", "0.5", "inf" }))]
                            : [];
                        string[] aggregate = command != "ZDIFF" && _rng.Next(3) == 0 ? ["AGGREGATE", Pick(new[] { "SUM", "MIN", "MAX" })] : [];
                        if (_rng.Next(2) == 0)
                        {
                            var destination = Pick(Destinations);
                            Add([command + "STORE", destination, .. sources, .. weights, .. aggregate]);
                            Add("OBJECT", "ENCODING", destination);
                        }
                        else
                        {
                            Add([command, .. sources, .. weights, .. aggregate, .. Options("WITHSCORES")]);
                        }
                        break;
                    }
                case 22:
                    Add(["ZINTERCARD", .. SourceKeys(), .. _rng.Next(2) == 0 ? new[] { "LIMIT", _rng.Next(0, 4).ToString(CultureInfo.InvariantCulture) } : []]);
                    break;
                case 23:
                    {
                        var destination = Pick(Destinations);
                        Add(_rng.Next(2) == 0
                            ? ["ZRANGESTORE", destination, key, Rank(), Rank()]
                            : ["ZRANGESTORE", destination, key, Bound(), Bound(), "BYSCORE"]);
                        Add("ZRANGE", destination, "0", "-1", "WITHSCORES");
                        Add("OBJECT", "ENCODING", destination);
                        break;
                    }
                case 24 or 25:
                    // The lexicographic key: every score 0.
                    Add(["ZADD", "lex", .. Enumerable.Range(0, _rng.Next(1, 4)).SelectMany(_ => new[] { "0", Member() })]);
                    Add(Pick(new[] { "ZRANGEBYLEX", "ZREVRANGEBYLEX", "ZLEXCOUNT", "ZREMRANGEBYLEX" }), "lex", LexBound(), LexBound());
                    break;
                case 26:
                    Add(["ZRANGE", "lex", LexBound(), LexBound(), "BYLEX", .. Options("REV"), "LIMIT", _rng.Next(-1, 3).ToString(CultureInfo.InvariantCulture), _rng.Next(-1, 5).ToString(CultureInfo.InvariantCulture)]);
                    break;
                case 27:
                    Add("OBJECT", "ENCODING", key);
                    Add("ZCARD", key);
                    break;
                case 28:
                    Add("ZRANGE", key, "0", "-1", "WITHSCORES");
                    break;
                default:
                    Add(_rng.Next(3) == 0 ? ["DEL", key] : ["SADD", "s1", Member()]);
                    break;
            }
        }

        public IReadOnlyList<GeneratedCommand> Build(int count)
        {
            Add("SET", "str", "text");
            while (_out.Count < count)
            {
                Step();
            }
            Add("ZRANGE", "lex", "0", "-1");
            foreach (var key in Keys)
            {
                Add("ZRANGE", key, "0", "-1", "WITHSCORES");
            }
            return _out;
        }
    }

    [Theory]
    [InlineData(3001)]
    [InlineData(3002)]
    public Task Generated_sorted_set_commands_match_redis(int defaultSeed)
    {
        var seed = SideBySide.SeedFor(defaultSeed);
        return servers.RunAsync($"zset-generated-{seed}", new Generator(seed).Build(SideBySide.Scaled(2500)), output);
    }
}
