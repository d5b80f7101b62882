using Xunit;
using static Basalt.Tests.Server.PropagationStep;

namespace Basalt.Tests.Server;

/// <summary>What the geo commands write to the AOF, compared with Redis 7.0.15's INCR file.</summary>
public sealed class PropagationGeoTests(RedisAofServer redis) : IClassFixture<RedisAofServer>
{
    private Task AssertSame(params PropagationStep[] script) => PropagationComparison.AssertSameAsync(redis, script);

    [Fact]
    public Task Geoadd_is_logged_as_the_zadd_it_runs_and_only_when_it_changes_something() => AssertSame(
        Cmd("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        Cmd("GEOADD", "g", "13.361389", "38.115556", "Palermo"),
        Cmd("GEOADD", "g", "Ch", "13.361389", "38.115556", "Palermo", "14", "38", "Catania"),
        Cmd("GEOADD", "g", "nx", "CH", "1", "1", "Palermo", "2", "2", "new"),
        Cmd("GEOADD", "g", "XX", "3", "3", "new", "4", "4", "absent"),
        Cmd("GEOADD", "missing", "XX", "1", "1", "a"),
        Cmd("GEOADD", "g", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw"),
        Cmd("GEOADD", "g", "181", "0", "bad"),
        Cmd("GEOADD", "g", "nx", "xx", "1", "1", "a"),
        Cmd("SET", "str", "v"),
        Cmd("GEOADD", "str", "1", "1", "a"),
        Cmd("MULTI"),
        Cmd("GEOADD", "g", "5", "5", "m1"),
        Cmd("GEOADD", "g", "5", "5", "m1"),
        Cmd("GEOADD", "g", "6", "6", "m2"),
        Cmd("EXEC"));

    [Fact]
    public Task Stores_are_logged_as_called_and_reads_not_at_all() => AssertSame(
        Cmd("GEOADD", "g", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        Cmd("GEORADIUS", "g", "15", "37", "200", "km"),
        Cmd("GEORADIUS_RO", "g", "15", "37", "200", "km"),
        Cmd("GEOSEARCH", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"),
        Cmd("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "d1"),
        Cmd("georadius", "g", "15", "37", "200", "km", "storedist", "d2", "COUNT", "1"),
        Cmd("GEORADIUSBYMEMBER", "g", "Palermo", "500", "km", "STOREDIST", "d3", "DESC"),
        Cmd("GEOSEARCHSTORE", "d4", "g", "FROMMEMBER", "Palermo", "BYBOX", "400", "400", "km", "STOREDIST"),
        Cmd("GEOSEARCHSTORE", "d4", "g", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "m"),
        Cmd("GEOSEARCHSTORE", "d4", "g", "FROMMEMBER", "Catania", "BYRADIUS", "1", "m"),
        Cmd("GEOSEARCHSTORE", "d1", "missing", "FROMMEMBER", "x", "BYRADIUS", "1", "m"),
        Cmd("GEOSEARCHSTORE", "d1", "missing", "FROMMEMBER", "x", "BYRADIUS", "1", "m"),
        Cmd("GEORADIUS", "g", "0", "0", "1", "km", "STORE", "d2"),
        Cmd("GEORADIUSBYMEMBER", "missing", "x", "1", "km", "STORE", "d3"),
        Cmd("GEORADIUS", "g", "15", "37", "200", "km", "STORE", "d1", "WITHDIST"),
        Cmd("SET", "str", "v"),
        Cmd("GEOSEARCHSTORE", "str", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"),
        Cmd("GEOSEARCHSTORE", "g", "g", "FROMLONLAT", "15", "37", "BYRADIUS", "100", "km"));
}
