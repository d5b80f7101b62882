using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>GEOADD, GEOPOS, GEODIST, GEOHASH and the searches against redis-server, reply for reply.</summary>
public sealed class GeoCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static readonly GeneratedCommand[] Sicily =
    [
        Exact("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        Exact("GEOADD", "Sicily", "14.015", "37.8", "Middle", "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2"),
    ];

    [Fact]
    public Task Geoadd_stores_redis_scores_and_counts_as_zadd() => servers.RunAsync("geoadd", [
        Exact("GEOADD", "g"),
        Exact("GEOADD", "g", "1", "2"),
        Exact("GEOADD", "g", "1", "2", "a", "3"),
        Exact("GEOADD", "g", "nx", "xx", "1", "2", "a"),
        Exact("GEOADD", "g", "nx", "1", "2"),
        Exact("GEOADD", "g", "NX", "CH", "CH"),
        Exact("GEOADD", "g", "gt", "1", "2", "a"),
        Exact("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        Exact("ZRANGE", "g", "0", "-1", "WITHSCORES"),
        Exact("GEOADD", "g", "13.361389", "38.115556", "Palermo"),
        Exact("GEOADD", "g", "CH", "13.361389", "38.115556", "Palermo", "13.5", "38", "Catania", "1", "1", "new"),
        Exact("GEOADD", "g", "XX", "CH", "2", "2", "new", "3", "3", "other"),
        Exact("GEOADD", "g", "NX", "CH", "4", "4", "new", "5", "5", "other"),
        Exact("GEOADD", "g", "ch", "xx", "6", "6", "new"),
        Exact("GEOADD", "missing", "XX", "1", "1", "a"),
        Exact("EXISTS", "missing"),
        Exact("ZRANGE", "g", "0", "-1", "WITHSCORES"),
        Exact("GEOADD", "g", "x", "1", "a"),
        Exact("GEOADD", "g", "1", "y", "a"),
        Exact("GEOADD", "g", "1", "1", "ok", "2", "nan", "bad"),
        Exact("GEOADD", "g", "180.0000001", "0", "a"),
        Exact("GEOADD", "g", "-180.0000001", "0", "a"),
        Exact("GEOADD", "g", "0", "85.05112879", "a"),
        Exact("GEOADD", "g", "0", "-85.0511288", "a"),
        Exact("GEOADD", "g", "1e300", "-1e-300", "a"),
        Exact("GEOADD", "g", "inf", "0", "a"),
        Exact("GEOADD", "g", "-0.0000005", "90", "a"),
        Exact("EXISTS", "ok"),
        Exact("ZCARD", "g"),
        Exact("GEOADD", "edges", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "-180", "85.05112878", "nw",
            "180", "-85.05112878", "se", "0", "0", "origin", "-0", "-0", "negzero", "0x10", "1e1", "hex"),
        Exact("ZRANGE", "edges", "0", "-1", "WITHSCORES"),
        Exact("GEOPOS", "edges", "ne", "sw", "nw", "se", "origin", "negzero", "hex"),
        Exact("GEOHASH", "edges", "ne", "sw", "nw", "se", "origin", "negzero", "hex"),
        Exact("SET", "str", "v"),
        Exact("GEOADD", "str", "1", "1", "a"),
        Exact("GEOADD", "str", "1", "1000", "a"),
        Exact("OBJECT", "ENCODING", "g"),
    ], output);

    [Fact]
    public Task Geopos_geodist_and_geohash_match_redis() => servers.RunAsync("geopos-geodist-geohash", [
        .. Sicily,
        Exact("GEOPOS", "Sicily"),
        Exact("GEOPOS", "Sicily", "Palermo", "Catania", "NonExisting", "Middle"),
        Exact("GEOPOS", "missing", "a", "b"),
        Exact("GEOHASH", "Sicily", "Palermo", "Catania", "NonExisting", "edge1", "edge2"),
        Exact("GEOHASH", "missing", "a"),
        Exact("GEOHASH", "Sicily"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "km"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "KM"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "mi"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "ft"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "m"),
        Exact("GEODIST", "Sicily", "Palermo", "Palermo"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "yards"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania", "km", "extra"),
        Exact("GEODIST", "Sicily", "Palermo", "NonExisting"),
        Exact("GEODIST", "Sicily", "NonExisting", "Palermo", "km"),
        Exact("GEODIST", "missing", "a", "b"),
        Exact("GEODIST", "missing", "a", "b", "parsecs"),
        Exact("GEODIST", "Sicily", "Palermo"),
        // Points across the antimeridian, at the poles' limits, and antipodes.
        Exact("GEOADD", "world", "179.9999", "0", "east", "-179.9999", "0", "west", "0", "85.05112878", "north",
            "180", "-85.05112878", "south", "90", "10", "a", "-90", "-10", "antipode"),
        Exact("GEODIST", "world", "east", "west"),
        Exact("GEODIST", "world", "north", "south", "km"),
        Exact("GEODIST", "world", "a", "antipode"),
        Exact("GEODIST", "world", "north", "east", "mi"),
        // Scores no GEOADD would store still decode as Redis decodes them.
        Exact("ZADD", "odd", "-5", "negative", "inf", "infinite", "-inf", "neginf", "1e30", "huge", "9007199254740993", "big", "0.5", "fraction"),
        Exact("GEOPOS", "odd", "negative", "infinite", "neginf", "huge", "big", "fraction"),
        Exact("GEOHASH", "odd", "negative", "infinite", "neginf", "huge", "big", "fraction"),
        Exact("GEODIST", "odd", "negative", "huge"),
        Exact("SET", "str", "v"),
        Exact("GEOPOS", "str", "a"),
        Exact("GEOHASH", "str", "a"),
        Exact("GEODIST", "str", "a", "b"),
        Exact("GEODIST", "str", "a", "b", "furlong"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("GEOPOS", "Sicily", "Palermo", "NonExisting"),
        Exact("GEOPOS", "missing", "a"),
        Exact("GEOHASH", "Sicily", "Palermo", "NonExisting"),
        Exact("GEODIST", "Sicily", "Palermo", "Catania"),
        Exact("GEODIST", "Sicily", "Palermo", "NonExisting"),
        Exact("GEODIST", "missing", "a", "b"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public Task Search_replies_and_options_match_redis() => servers.RunAsync("geo-search-replies", [
        .. Sicily,
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHHASH"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "withhash", "withcoord", "withdist", "DESC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2", "DESC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1", "ANY"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "2", "ANY", "ASC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "100"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "ASC", "DESC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "0", "km"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200000", "m"),
        Exact("GEORADIUS", "Sicily", "15", "37", "656168", "ft", "WITHDIST"),
        Exact("GEORADIUS", "Sicily", "15", "37", "124.27", "mi", "WITHDIST"),
        Exact("GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "WITHDIST", "ASC"),
        Exact("GEORADIUSBYMEMBER", "Sicily", "Palermo", "200", "km", "WITHDIST", "WITHCOORD"),
        Exact("GEORADIUSBYMEMBER_RO", "Sicily", "Catania", "100", "km", "WITHDIST", "DESC"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "200", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "WITHDIST", "WITHCOORD", "ASC"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "10", "km", "WITHDIST"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "10", "400", "km", "WITHDIST"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "0", "0", "km"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Middle", "BYBOX", "200", "200", "mi", "COUNT", "3", "DESC", "WITHHASH"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Middle", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "missing", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "missing", "FROMMEMBER", "nobody", "BYRADIUS", "1", "m"),
        Exact("GEORADIUS", "missing", "15", "37", "200", "km"),
        Exact("GEORADIUSBYMEMBER", "missing", "nobody", "not-a-number", "parsecs"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "WITHDIST", "WITHCOORD", "WITHHASH", "ASC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHCOORD", "DESC"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km"),
        Exact("GEORADIUS", "missing", "15", "37", "200", "km"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public Task Search_errors_match_redis() => servers.RunAsync("geo-search-errors", [
        .. Sicily,
        Exact("SET", "str", "v"),
        Exact("GEORADIUS", "str", "x", "37", "200", "km"),
        Exact("GEORADIUS", "Sicily", "x", "37", "200", "km"),
        Exact("GEORADIUS", "Sicily", "15", "y", "200", "km"),
        Exact("GEORADIUS", "Sicily", "181", "37", "200", "km"),
        Exact("GEORADIUS", "Sicily", "15", "-86", "200", "km"),
        Exact("GEORADIUS", "Sicily", "15", "37", "far", "km"),
        Exact("GEORADIUS", "Sicily", "15", "37", "-1", "km"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "league"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "bogus"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "0"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "-3"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "two"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "COUNT", "9223372036854775808"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "ANY"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "STORE"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "STORE", "d", "WITHDIST"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "WITHHASH", "STOREDIST", "d"),
        Exact("GEORADIUS", "Sicily", "15", "37", "1", "km", "FROMMEMBER", "Palermo"),
        Exact("GEORADIUS_RO", "Sicily", "15", "37", "1", "km", "STORE", "d"),
        Exact("GEORADIUSBYMEMBER", "Sicily", "nobody", "1", "km"),
        Exact("GEORADIUSBYMEMBER", "Sicily", "Palermo", "x", "km"),
        Exact("GEORADIUSBYMEMBER", "str", "Palermo", "1", "km"),
        Exact("GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "1", "km", "STOREDIST", "d"),
        Exact("GEOSEARCH", "str", "FROMMEMBER", "a", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "BYRADIUS", "1", "m"),
        Exact("geosearch", "Sicily", "BYRADIUS", "1", "m"),
        Exact("GeoSearch", "Sicily", "FROMMEMBER", "Palermo", "WITHDIST"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "nobody", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMLONLAT", "1", "1", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "1", "1", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "FROMMEMBER", "Catania", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "1", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMLONLAT", "1", "100", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m", "BYBOX", "1", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "1", "m", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "w", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "h", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "-1", "1", "m"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "1", "cubits"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYBOX", "1", "1"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m", "STORE", "d"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m", "STOREDIST"),
        Exact("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m", "ANY"),
        Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m", "WITHDIST"),
        Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m", "STORE", "e"),
        Exact("GEOSEARCHSTORE", "d", "str", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m"),
        Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS"),
        Exact("GEOSEARCHSTORE", "d", "Sicily", "BYRADIUS", "1", "m", "STOREDIST"),
        Exact("EXISTS", "d", "e"),
    ], output);

    [Fact]
    public Task Stores_replace_the_destination_as_redis_does() => servers.RunAsync("geo-store", [
        .. Sicily,
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d"),
        Exact("ZRANGE", "d", "0", "-1", "WITHSCORES"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "d", "COUNT", "2"),
        Exact("ZRANGE", "d", "0", "-1", "WITHSCORES"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "mi", "STOREDIST", "d", "STORE", "d2", "DESC", "COUNT", "1"),
        Exact("ZRANGE", "d2", "0", "-1", "WITHSCORES"),
        Exact("GEORADIUSBYMEMBER", "Sicily", "Palermo", "500", "km", "STOREDIST", "d"),
        Exact("ZRANGE", "d", "0", "-1", "WITHSCORES"),
        Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "STOREDIST", "ASC", "COUNT", "3"),
        Exact("ZRANGE", "d", "0", "-1", "WITHSCORES"),
        Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "COUNT", "1", "ANY"),
        Exact("ZRANGE", "d", "0", "-1", "WITHSCORES"),
        // Another type, a TTL: replaced, the TTL gone.
        Exact("SET", "str", "v", "EX", "1000"),
        Exact("GEOSEARCHSTORE", "str", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "50", "km"),
        Exact("TYPE", "str"),
        Exact("TTL", "str"),
        Exact("RPUSH", "list", "a"),
        Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "list"),
        Exact("TYPE", "list"),
        // Nothing found, or no source: the destination is deleted.
        Exact("GEORADIUS", "Sicily", "0", "0", "1", "km", "STORE", "list"),
        Exact("EXISTS", "list"),
        Exact("GEOSEARCHSTORE", "str", "missing", "FROMMEMBER", "x", "BYRADIUS", "1", "m"),
        Exact("EXISTS", "str"),
        Exact("GEORADIUSBYMEMBER", "missing", "x", "1", "km", "STORE", "d"),
        Exact("EXISTS", "d"),
        Exact("GEORADIUS", "missing", "0", "0", "1", "km", "STORE", "d"),
        // The source as its own destination.
        Exact("GEOSEARCHSTORE", "Sicily", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "100", "km"),
        Exact("ZRANGE", "Sicily", "0", "-1", "WITHSCORES"),
        // Encodings follow the destination's size and member lengths.
        Exact("CONFIG", "SET", "zset-max-listpack-entries", "2"),
        Exact("GEOADD", "many", "1", "1", "a", "1.001", "1", "b", "1.002", "1", "c"),
        Exact("GEOSEARCHSTORE", "d", "many", "FROMLONLAT", "1", "1", "BYRADIUS", "10", "km"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("GEOSEARCHSTORE", "d", "many", "FROMLONLAT", "1", "1", "BYRADIUS", "10", "km", "COUNT", "2"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("CONFIG", "SET", "zset-max-listpack-entries", "128"),
        Exact("CONFIG", "SET", "zset-max-listpack-value", "3"),
        Exact("GEOADD", "long", "1", "1", "a-long-member"),
        Exact("GEOSEARCHSTORE", "d", "long", "FROMLONLAT", "1", "1", "BYRADIUS", "10", "km"),
        Exact("OBJECT", "ENCODING", "d"),
        Exact("CONFIG", "SET", "zset-max-listpack-value", "64"),
        // (Not INFO keyspace: its avg_ttl is an estimate the expire cycle samples, so it depends on
        // whether a cycle ran while "str" had its TTL.)
        Exact("DBSIZE"),
    ], output);

    /// <summary>
    /// The changes each command counts (rdb_changes_since_last_save, which drives save points):
    /// GEOADD as ZADD, one per stored point for the stores, one for a deleted destination.
    /// </summary>
    [Fact]
    public async Task Changes_are_counted_as_redis_counts_them()
    {
        GeneratedCommand[] script =
        [
            .. Sicily,
            Exact("GEOADD", "Sicily", "CH", "13.361389", "38.115556", "Palermo", "14", "38", "Catania"),
            Exact("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo"),
            Exact("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d"),
            Exact("GEORADIUS", "Sicily", "15", "37", "200", "km"),
            Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "300", "km", "COUNT", "3"),
            Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
            Exact("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
            Exact("SET", "d", "v"),
            Exact("GEORADIUSBYMEMBER", "missing", "x", "1", "km", "STORE", "d"),
        ];
        await servers.RunAsync("geo-dirty", [], output);
        foreach (var command in script)
        {
            var before = await ChangesAsync();
            await SideBySide.RunAsync(servers.Pair, "geo-dirty", 0, [command], output);
            var after = await ChangesAsync();
            Assert.True(after.Redis - before.Redis == after.Basalt - before.Basalt,
                $"{command}: Redis counted {after.Redis - before.Redis} changes, Basalt {after.Basalt - before.Basalt}");
        }
    }

    private async Task<(long Redis, long Basalt)> ChangesAsync()
    {
        var (redis, basalt) = await servers.Pair.ExecuteBothAsync(0, "INFO", "persistence");
        return (ChangesIn(redis.Text!), ChangesIn(basalt.Text!));
    }

    private static long ChangesIn(string info)
    {
        const string Field = "rdb_changes_since_last_save:";
        var line = info.Split("\r\n").Single(l => l.StartsWith(Field, StringComparison.Ordinal));
        return long.Parse(line[Field.Length..], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public Task Searches_near_the_poles_the_antimeridian_and_cell_edges_match_redis() => servers.RunAsync("geo-search-edges", [
        Exact("GEOADD", "w",
            "179.9999", "0", "e1", "-179.9999", "0", "w1", "180", "0.5", "e2", "-180", "-0.5", "w2",
            "0", "85.05", "n1", "90", "85", "n2", "-90", "84.9", "n3", "180", "85.05112878", "n4",
            "0", "-85.05", "s1", "45", "-85", "s2", "-135", "-84.5", "s3", "-180", "-85.05112878", "s4",
            "0", "0", "o", "0.0000001", "0", "o2", "-0.0000001", "0", "o3", "0", "0.0000001", "o4",
            "89.9999", "10", "a", "-90.0001", "-10", "antipode", "45", "45", "m1", "-135", "-45", "m2"),
        Exact("GEORADIUS", "w", "180", "0", "50", "km", "WITHDIST", "ASC"),
        Exact("GEORADIUS", "w", "-180", "0", "100", "km", "WITHDIST", "WITHCOORD", "ASC"),
        Exact("GEORADIUS", "w", "0", "85", "1000", "km", "WITHDIST", "ASC"),
        Exact("GEORADIUS", "w", "0", "85.05112878", "3000", "km", "WITHDIST", "ASC"),
        Exact("GEORADIUS", "w", "0", "-85.05112878", "3000", "km", "WITHDIST", "DESC"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "180", "85", "BYBOX", "2000", "200", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "-180", "-85", "BYBOX", "20000", "200", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "179.99", "0", "BYBOX", "100", "200", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "o", "BYRADIUS", "0.02", "m", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "o", "BYRADIUS", "0", "m", "WITHDIST"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "o", "BYBOX", "0.03", "0.03", "m", "WITHDIST"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "a", "BYRADIUS", "20040", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "a", "BYRADIUS", "20040", "km", "WITHDIST", "DESC", "COUNT", "4"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "m1", "BYRADIUS", "1e10", "km", "WITHDIST"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "m1", "BYRADIUS", "inf", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "m1", "BYBOX", "inf", "inf", "m", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMMEMBER", "m1", "BYRADIUS", "5000", "km", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "6000", "km"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "6000", "km", "COUNT", "3", "ANY"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "COUNT", "5", "ANY"),
        Exact("GEOSEARCH", "w", "FROMLONLAT", "0", "0", "BYRADIUS", "20000", "km", "COUNT", "5", "ANY", "DESC", "WITHDIST"),
        // A grid: radius searches whose circle crosses cell boundaries at several precisions.
        Exact("GEOADD", "grid",
            "-0.002", "-0.002", "g1", "-0.001", "-0.002", "g2", "0", "-0.002", "g3", "0.001", "-0.002", "g4", "0.002", "-0.002", "g5",
            "-0.002", "0", "g6", "-0.001", "0", "g7", "0", "0", "g8", "0.001", "0", "g9", "0.002", "0", "g10",
            "-0.002", "0.002", "g11", "-0.001", "0.002", "g12", "0", "0.002", "g13", "0.001", "0.002", "g14", "0.002", "0.002", "g15"),
        Exact("GEORADIUS", "grid", "0", "0", "111.3", "m", "WITHDIST", "ASC"),
        Exact("GEORADIUS", "grid", "0", "0", "222.4", "m", "WITHDIST", "ASC"),
        Exact("GEORADIUS", "grid", "0.0005", "0.0005", "160", "m", "WITHDIST"),
        Exact("GEORADIUS", "grid", "-0.0015", "0.0015", "300", "m", "WITHDIST", "DESC"),
        Exact("GEOSEARCH", "grid", "FROMLONLAT", "0", "0", "BYBOX", "222.4", "222.4", "m", "WITHDIST", "ASC"),
        Exact("GEOSEARCH", "grid", "FROMLONLAT", "0", "0", "BYBOX", "450", "100", "m", "WITHDIST", "ASC"),
        // Ties in distance: equal points keep the order they were found in.
        Exact("GEOADD", "ties", "10", "10", "t1", "10", "10", "t2", "10", "10", "t3", "10.01", "10", "u1", "9.99", "10", "u2",
            "10", "10.01", "u3", "10", "9.99", "u4", "10", "10", "t0"),
        Exact("GEORADIUS", "ties", "10", "10", "10", "km", "WITHDIST", "ASC"),
        Exact("GEORADIUS", "ties", "10", "10", "10", "km", "WITHDIST", "DESC"),
        Exact("GEORADIUS", "ties", "10", "10", "10", "km", "WITHDIST", "COUNT", "3"),
        Exact("GEORADIUS", "ties", "10", "10", "10", "km", "WITHDIST", "COUNT", "6", "DESC"),
        Exact("GEORADIUS", "ties", "10", "10", "10", "km", "COUNT", "2", "ANY"),
        // Enough of them that the sort is not a mere insertion sort: a stable sort keeps the
        // members of each spot in the order they were found (by score, then by name).
        Exact(["GEOADD", "crowd", .. Enumerable.Range(0, 60).SelectMany(i => new object[] { 10 + i % 3 * 0.01, 10, "c" + (i * 7919 % 60) })]),
        Exact("GEORADIUS", "crowd", "10.01", "10", "10", "km", "ASC"),
        Exact("GEORADIUS", "crowd", "10.01", "10", "10", "km", "DESC"),
        Exact("GEORADIUS", "crowd", "10", "10", "10", "km", "WITHDIST"),
        Exact("GEORADIUS", "crowd", "10", "10", "10", "km", "COUNT", "25"),
        Exact("GEORADIUS", "crowd", "10", "10", "10", "km", "COUNT", "45", "DESC"),
    ], output);
}
