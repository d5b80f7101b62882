using System.Globalization;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// Seeded random geo scripts sent to redis-server and basalt-server: a few hundred points (spread
/// over the globe, crowded near the poles and the antimeridian, some on the very same spot so that
/// distances tie), then random GEOSEARCH / GEORADIUS / GEORADIUSBYMEMBER queries and stores, in
/// RESP2 and RESP3. Redis's order is deterministic for all of them (cell by cell, then a stable
/// sort or pqsort by distance), so every reply is compared exactly.
/// <c>BASALT_INTEROP_SEED</c> and <c>BASALT_INTEROP_SCALE</c> vary the run.
/// </summary>
public sealed class GeoGeneratedTests(SmallCollectionServerPair servers, ITestOutputHelper output) : IClassFixture<SmallCollectionServerPair>
{
    private sealed class Generator(int seed)
    {
        private readonly Random _rng = new(seed);
        private readonly List<GeneratedCommand> _out = [];
        private int _points;

        private static string Text(double value, int decimals) => value.ToString("F" + decimals, CultureInfo.InvariantCulture);

        private T Pick<T>(IReadOnlyList<T> items) => items[_rng.Next(items.Count)];

        private double Between(double min, double max) => min + _rng.NextDouble() * (max - min);

        private string Longitude() => _rng.Next(10) switch
        {
            0 => Pick(new[] { "180", "-180", "179.9999999", "-179.9999999", "0", "-0" }),
            1 or 2 => Text(_rng.Next(2) == 0 ? Between(170, 180) : Between(-180, -170), _rng.Next(1, 8)),
            _ => Text(Between(-180, 180), _rng.Next(0, 9)),
        };

        private string Latitude() => _rng.Next(10) switch
        {
            0 => Pick(new[] { "85.05112878", "-85.05112878", "85.05112877", "0", "-0" }),
            1 or 2 => Text(_rng.Next(2) == 0 ? Between(75, 85.05) : Between(-85.05, -75), _rng.Next(1, 8)),
            _ => Text(Between(-85.05, 85.05), _rng.Next(0, 9)),
        };

        private string Unit() => Pick(new[] { "m", "km", "ft", "mi", "KM" });

        private string Distance() => _rng.Next(10) switch
        {
            0 => Pick(new[] { "0", "1e-5", "20000", "40000000", "1e10", "0.5" }),
            _ => Text(Math.Pow(10, Between(0, 7)), 3),
        };

        private string Member() => "p" + _rng.Next(_points + 3).ToString(CultureInfo.InvariantCulture);

        private string Key() => _rng.Next(12) switch
        {
            0 => "small",
            1 => "missing",
            2 => "str",
            _ => "g",
        };

        private void Add(params string[] args) => _out.Add(Script.On(0, ReplyCheck.Exact, args));

        private void Hello(string protocol) => _out.Add(Script.On(0, ReplyCheck.Hello, "HELLO", protocol));

        private string[] ReplyOptions()
        {
            var options = new List<string>();
            foreach (var with in new[] { "WITHDIST", "WITHCOORD", "WITHHASH" })
            {
                if (_rng.Next(5) < 2)
                {
                    options.Add(with);
                }
            }
            options.AddRange(SelectionOptions());
            return [.. options.OrderBy(_ => _rng.Next())];
        }

        private string[] SelectionOptions()
        {
            var options = new List<string>();
            if (_rng.Next(2) == 0)
            {
                options.Add(_rng.Next(2) == 0 ? "ASC" : "DESC");
            }
            if (_rng.Next(5) < 2)
            {
                options.Add("COUNT");
                options.Add(_rng.Next(1, 25).ToString(CultureInfo.InvariantCulture));
                if (_rng.Next(3) == 0)
                {
                    options.Add("ANY");
                }
            }
            return [.. options];
        }

        private string[] Center() => _rng.Next(2) == 0 ? ["FROMMEMBER", Member()] : ["FROMLONLAT", Longitude(), Latitude()];

        private string[] Shape() => _rng.Next(2) == 0 ? ["BYRADIUS", Distance(), Unit()] : ["BYBOX", Distance(), Distance(), Unit()];

        private void AddPoints(int count)
        {
            var args = new List<string> { "GEOADD", "g" };
            string? lastLongitude = null, lastLatitude = null;
            for (var i = 0; i < count; i++)
            {
                if (lastLongitude is not null && _rng.Next(5) == 0)
                {
                    // The very same spot as the point before: equal distances from anywhere.
                    args.AddRange([lastLongitude, lastLatitude!]);
                }
                else
                {
                    lastLongitude = Longitude();
                    lastLatitude = Latitude();
                    args.AddRange([lastLongitude, lastLatitude]);
                }
                args.Add("p" + _points++.ToString(CultureInfo.InvariantCulture));
            }
            Add([.. args]);
        }

        private void Step()
        {
            switch (_rng.Next(12))
            {
                case 0 or 1 or 2:
                    Add(["GEOSEARCH", Key(), .. Center(), .. Shape(), .. ReplyOptions()]);
                    break;
                case 3 or 4:
                    Add(["GEORADIUS", Key(), Longitude(), Latitude(), Distance(), Unit(), .. ReplyOptions()]);
                    break;
                case 5:
                    Add(["GEORADIUSBYMEMBER", Key(), Member(), Distance(), Unit(), .. ReplyOptions()]);
                    break;
                case 6:
                    Add([_rng.Next(2) == 0 ? "GEORADIUS_RO" : "GEORADIUSBYMEMBER_RO", Key(), .. _rng.Next(2) == 0 ? new[] { Longitude(), Latitude() } : [Member()], Distance(), Unit(), .. ReplyOptions()]);
                    break;
                case 7:
                    {
                        string[] storeDistance = _rng.Next(2) == 0 ? ["STOREDIST"] : [];
                        Add(["GEOSEARCHSTORE", "dst", Key(), .. Center(), .. Shape(), .. SelectionOptions(), .. storeDistance]);
                        Add("ZRANGE", "dst", "0", "-1", "WITHSCORES");
                        Add("OBJECT", "ENCODING", "dst");
                        break;
                    }
                case 8:
                    Add(["GEORADIUS", Key(), Longitude(), Latitude(), Distance(), Unit(), .. SelectionOptions(), _rng.Next(2) == 0 ? "STORE" : "STOREDIST", "dst"]);
                    Add("ZRANGE", "dst", "0", "-1", "WITHSCORES");
                    break;
                case 9:
                    Add("GEOPOS", Key(), Member(), Member(), Member());
                    Add("GEOHASH", Key(), Member(), Member());
                    break;
                case 10:
                    Add(["GEODIST", Key(), Member(), Member(), .. _rng.Next(2) == 0 ? new[] { Unit() } : []]);
                    break;
                default:
                    if (_rng.Next(4) == 0)
                    {
                        AddPoints(_rng.Next(1, 6));
                    }
                    else
                    {
                        Add("ZREM", "g", Member());
                    }
                    break;
            }
        }

        public IReadOnlyList<GeneratedCommand> Build(int count)
        {
            Add("SET", "str", "text");
            Add("GEOADD", "small", "13.361389", "38.115556", "p1", "15.087269", "37.502669", "p2", "-0.1", "51.5", "p3");
            AddPoints(300);
            while (_out.Count < count)
            {
                if (_out.Count == count / 2)
                {
                    Hello("3");
                }
                Step();
            }
            Hello("2");
            Add("ZRANGE", "g", "0", "-1", "WITHSCORES");
            return _out;
        }
    }

    [Theory]
    [InlineData(4001)]
    [InlineData(4002)]
    public Task Generated_geo_queries_match_redis(int defaultSeed)
    {
        var seed = SideBySide.SeedFor(defaultSeed);
        return servers.RunAsync($"geo-generated-{seed}", new Generator(seed).Build(SideBySide.Scaled(1500)), output);
    }
}
