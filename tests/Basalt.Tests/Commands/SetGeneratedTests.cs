using System.Globalization;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// Seeded random scripts of set commands sent to redis-server and basalt-server (with the
/// intset limit at 16, so encodings change often). Replies listing members compare as unordered
/// (hashtable order is Redis's hash function's); everything else, OBJECT ENCODING included,
/// exactly. SPOP and SRANDMEMBER, being random, are left to <see cref="SetRandomCommandsTests"/>.
/// </summary>
public sealed class SetGeneratedTests(SmallCollectionServerPair servers, ITestOutputHelper output) : IClassFixture<SmallCollectionServerPair>
{
    private static readonly string[] SetKeys = ["s1", "s2", "s3"];

    private sealed class Generator(int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly List<GeneratedCommand> _out = [];

        private string Key() => _rng.Next(15) == 0 ? (_rng.Next(2) == 0 ? "str" : "z") : SetKeys[_rng.Next(SetKeys.Length)];

        private string Member() => _rng.Next(10) switch
        {
            0 => "word" + _rng.Next(5),
            1 => "-" + _rng.Next(1, 5),
            2 => "0" + _rng.Next(5),
            _ => _rng.Next(40).ToString(CultureInfo.InvariantCulture),
        };

        private void Exact(params string[] args) => _out.Add(Script.On(0, ReplyCheck.Exact, args));

        private void Unordered(params string[] args) => _out.Add(Script.On(0, ReplyCheck.Unordered, args));

        private string[] Keys(int min) => Enumerable.Range(0, _rng.Next(min, 4)).Select(_ => _rng.Next(8) == 0 ? "missing" : Key()).ToArray();

        private void Step()
        {
            var key = Key();
            switch (_rng.Next(16))
            {
                case 0 or 1 or 2 or 3:
                    Exact(["SADD", key, .. Enumerable.Range(0, _rng.Next(1, 6)).Select(_ => Member())]);
                    break;
                case 4:
                    Exact(["SREM", key, .. Enumerable.Range(0, _rng.Next(1, 4)).Select(_ => Member())]);
                    break;
                case 5:
                    Exact("SMOVE", key, Key(), Member());
                    break;
                case 6:
                    Exact("SISMEMBER", key, Member());
                    break;
                case 7:
                    Exact("SMISMEMBER", key, Member(), Member(), Member());
                    break;
                case 8:
                    Exact("SCARD", key);
                    Exact("OBJECT", "ENCODING", key);
                    break;
                case 9:
                    Unordered("SMEMBERS", key);
                    break;
                case 10 or 11:
                    Unordered([_rng.Next(3) switch { 0 => "SINTER", 1 => "SUNION", _ => "SDIFF" }, .. Keys(1)]);
                    break;
                case 12 or 13:
                    {
                        var destination = _rng.Next(3) == 0 ? Key() : "dst";
                        Exact([_rng.Next(3) switch { 0 => "SINTERSTORE", 1 => "SUNIONSTORE", _ => "SDIFFSTORE" }, destination, .. Keys(1)]);
                        Exact("OBJECT", "ENCODING", destination);
                        Unordered("SMEMBERS", destination);
                        break;
                    }
                case 14:
                    {
                        var keys = Keys(1);
                        Exact(["SINTERCARD", keys.Length.ToString(CultureInfo.InvariantCulture), .. keys, .. _rng.Next(2) == 0 ? new[] { "LIMIT", _rng.Next(4).ToString(CultureInfo.InvariantCulture) } : []]);
                        break;
                    }
                default:
                    Exact("DEL", key);
                    break;
            }
        }

        public IReadOnlyList<GeneratedCommand> Build(int count)
        {
            Exact("SET", "str", "text");
            Exact("ZADD", "z", "1", "a");
            while (_out.Count < count)
            {
                Step();
            }
            foreach (var key in SetKeys)
            {
                Unordered("SMEMBERS", key);
            }
            return _out;
        }
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(4002)]
    public Task Generated_set_commands_match_redis(int defaultSeed)
    {
        var seed = SideBySide.SeedFor(defaultSeed);
        return servers.RunAsync($"set-generated-{seed}", new Generator(seed).Build(SideBySide.Scaled(2500)), output);
    }
}
