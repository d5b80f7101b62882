using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// Keyspace notifications side by side with redis-server: every write command of every type, with
/// notify-keyspace-events asking for every class, and the events each command published (names,
/// keys, channels, order) compared with Redis's.
/// </summary>
public sealed class KeyspaceEventsTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private const string Marker = "__events-marker__";

    /// <summary>
    /// Runs each command on both servers and compares the events a subscriber to everything received
    /// for it: a PUBLISH of a marker after each command tells where its events end.
    /// </summary>
    private async Task SameEventsAsync(string classes, params object[][] script)
    {
        await using var c = await servers.ConnectAsync();
        await using var sub = await servers.ConnectAsync();
        await c.SameAsync("SELECT", "9");
        await c.SameAsync("FLUSHDB");
        await c.SameAsync("CONFIG", "SET", "notify-keyspace-events", classes);
        try
        {
            foreach (var listener in new[] { sub.Redis, sub.Basalt })
            {
                await listener.SendAsync("PSUBSCRIBE", "*");
                await listener.ReadReplyAsync();
            }
            var step = 0;
            foreach (var command in script)
            {
                step++;
                await c.SameAsync(command);
                await c.BothAsync("PUBLISH", Marker, step.ToString(System.Globalization.CultureInfo.InvariantCulture));
                var redis = await EventsUntilMarkerAsync(sub.Redis);
                var basalt = await EventsUntilMarkerAsync(sub.Basalt);
                if (redis != basalt)
                {
                    c.Mismatch($"events of {string.Join(' ', command)}\n    redis:  {redis}\n    basalt: {basalt}");
                }
            }
        }
        finally
        {
            await c.BothAsync("CONFIG", "SET", "notify-keyspace-events", "");
            await c.BothAsync("FLUSHDB");
        }
        c.AssertNoMismatches();
    }

    private static async Task<string> EventsUntilMarkerAsync(RespConnection listener)
    {
        var events = new List<string>();
        while (true)
        {
            var message = (await listener.ReadReplyAsync()).Value;
            if (message[2].Text == Marker)
            {
                return string.Join(" | ", events);
            }
            events.Add($"{message[2].Text} {message[3].Text}");
        }
    }

    private static object[] C(params object[] args) => args;

    [Fact]
    public Task String_commands_publish_redis_events() => SameEventsAsync("KEA",
        C("SET", "s", "v"),
        C("SET", "s", "w", "EX", "100"),
        C("SET", "s", "x", "NX"),
        C("SET", "s", "y", "XX", "GET"),
        C("SET", "s", "z", "KEEPTTL"),
        C("SETNX", "s", "a"),
        C("SETNX", "s2", "a"),
        C("SETEX", "s3", "100", "a"),
        C("PSETEX", "s4", "100000", "a"),
        C("GETSET", "s", "b"),
        C("GETDEL", "s2"),
        C("GETDEL", "none"),
        C("GETEX", "s", "EX", "100"),
        C("GETEX", "s", "PERSIST"),
        C("GETEX", "s", "PERSIST"),
        C("GETEX", "s3", "PXAT", "1"),
        C("GETEX", "s"),
        C("MSET", "m1", "1", "m2", "2"),
        C("MSETNX", "m3", "1", "m4", "2"),
        C("MSETNX", "m3", "1", "m5", "2"),
        C("INCR", "n"),
        C("DECR", "n"),
        C("INCRBY", "n", "5"),
        C("DECRBY", "n", "2"),
        C("INCRBYFLOAT", "f", "1.5"),
        C("INCR", "s"),
        C("APPEND", "s", "more"),
        C("APPEND", "fresh", "x"),
        C("SETRANGE", "s", "1", "zz"),
        C("SETRANGE", "s", "1", ""),
        C("SETRANGE", "r", "3", "x"),
        C("SETBIT", "bits", "7", "1"),
        C("SETBIT", "bits", "7", "1"),
        C("BITFIELD", "bf", "SET", "u8", "0", "255", "GET", "u8", "0"),
        C("BITFIELD", "bf", "GET", "u8", "0"),
        C("BITFIELD", "bf2", "OVERFLOW", "FAIL", "INCRBY", "u2", "0", "5"),
        C("BITFIELD", "bf", "OVERFLOW", "FAIL", "INCRBY", "u8", "0", "1"),
        C("BITOP", "OR", "bo", "bits", "m1"),
        C("BITOP", "AND", "bo", "none1", "none2"),
        C("PFADD", "hll", "a", "b"),
        C("PFADD", "hll", "a"),
        C("PFADD", "hll2"),
        C("PFMERGE", "hll3", "hll", "hll2"),
        C("PFCOUNT", "hll"),
        // (Not a key that expires between two commands: when the expire cycle deletes it, rather than
        // the next lookup, is a matter of timing. PubSubCommandsTests covers "expired" events.)
        C("SET", "s", "v", "PXAT", "4000000000000"),
        C("GET", "s"));

    [Fact]
    public Task Key_commands_publish_redis_events() => SameEventsAsync("KEA",
        C("SET", "a", "1"),
        C("SET", "b", "2"),
        C("DEL", "a", "none", "b"),
        C("SET", "a", "1"),
        C("UNLINK", "a"),
        C("SET", "a", "1"),
        C("EXPIRE", "a", "100"),
        C("PEXPIRE", "a", "100000", "NX"),
        C("EXPIREAT", "a", "4000000000"),
        C("PEXPIREAT", "a", "4000000000000", "GT"),
        C("PERSIST", "a"),
        C("PERSIST", "a"),
        C("EXPIRE", "none", "100"),
        C("RENAME", "a", "b"),
        C("SET", "c", "3"),
        C("RENAME", "b", "c"),
        C("RENAMENX", "c", "d"),
        C("RENAMENX", "d", "d"),
        C("MOVE", "d", "3"),
        C("SET", "e", "5"),
        C("COPY", "e", "f"),
        C("COPY", "e", "f", "REPLACE"),
        C("COPY", "e", "g", "DB", "4"),
        C("TOUCH", "e"),
        C("EXPIRE", "e", "-1"),
        C("RPUSH", "l", "3", "1", "2"),
        C("SORT", "l", "STORE", "sorted"),
        C("SORT", "none", "STORE", "sorted"),
        C("SET", "dumped", "x"),
        C("FLUSHDB"));

    [Fact]
    public Task List_commands_publish_redis_events() => SameEventsAsync("KEA",
        C("LPUSH", "l", "a", "b"),
        C("RPUSH", "l", "c"),
        C("LPUSHX", "l", "d"),
        C("RPUSHX", "l", "e"),
        C("LPUSHX", "none", "d"),
        C("LINSERT", "l", "BEFORE", "c", "x"),
        C("LINSERT", "l", "AFTER", "nothere", "x"),
        C("LSET", "l", "0", "y"),
        C("LPOP", "l"),
        C("RPOP", "l", "2"),
        C("LREM", "l", "0", "x"),
        C("LREM", "l", "0", "nothere"),
        C("LTRIM", "l", "0", "0"),
        C("RPUSH", "l", "1", "2", "3"),
        C("LMOVE", "l", "l2", "LEFT", "RIGHT"),
        C("RPOPLPUSH", "l", "l"),
        C("LMPOP", "2", "none", "l", "LEFT", "COUNT", "5"),
        C("BLPOP", "l2", "1"),
        C("RPUSH", "l3", "a"),
        C("BRPOPLPUSH", "l3", "l4", "1"),
        C("BLMOVE", "l4", "l5", "LEFT", "LEFT", "1"),
        C("BLMPOP", "1", "1", "l5", "RIGHT"),
        C("LTRIM", "none", "0", "1"));

    [Fact]
    public Task Hash_and_set_commands_publish_redis_events() => SameEventsAsync("KEA",
        C("HSET", "h", "a", "1", "b", "2"),
        C("HSET", "h", "a", "1"),
        C("HMSET", "h", "c", "3"),
        C("HSETNX", "h", "a", "9"),
        C("HSETNX", "h", "d", "9"),
        C("HINCRBY", "h", "n", "2"),
        C("HINCRBYFLOAT", "h", "f", "0.5"),
        C("HDEL", "h", "zz"),
        C("HDEL", "h", "a", "b"),
        C("HDEL", "h", "c", "d", "n", "f"),
        C("SADD", "s", "a", "b", "c"),
        C("SADD", "s", "a"),
        C("SREM", "s", "zz"),
        C("SREM", "s", "a"),
        C("SMOVE", "s", "t", "b"),
        C("SMOVE", "s", "t", "zz"),
        C("SPOP", "s"),
        C("SADD", "one", "1"),
        C("SPOP", "one"),
        C("SADD", "s", "1", "2", "3"),
        C("SPOP", "s", "10"),
        C("SADD", "u", "1", "2"),
        C("SADD", "v", "2", "3"),
        C("SINTERSTORE", "i", "u", "v"),
        C("SUNIONSTORE", "un", "u", "v"),
        C("SDIFFSTORE", "d", "u", "v"),
        C("SINTERSTORE", "i", "u", "none"),
        C("SDIFFSTORE", "d", "none", "v"));

    [Fact]
    public Task Sorted_set_commands_publish_redis_events() => SameEventsAsync("KEA",
        C("ZADD", "z", "1", "a", "2", "b", "3", "c"),
        C("ZADD", "z", "1", "a"),
        C("ZADD", "z", "INCR", "5", "a"),
        C("ZADD", "z", "NX", "1", "a"),
        C("ZINCRBY", "z", "1", "b"),
        C("ZREM", "z", "zz"),
        C("ZREM", "z", "a"),
        C("ZADD", "z", "4", "d", "5", "e", "6", "f"),
        C("ZREMRANGEBYSCORE", "z", "100", "200"),
        C("ZREMRANGEBYSCORE", "z", "0", "3"),
        C("ZREMRANGEBYRANK", "z", "0", "0"),
        C("ZADD", "lex", "0", "a", "0", "b"),
        C("ZREMRANGEBYLEX", "lex", "-", "+"),
        C("ZADD", "z", "7", "g", "8", "h"),
        C("ZPOPMIN", "z"),
        C("ZPOPMAX", "z", "2"),
        C("ZMPOP", "1", "z", "MIN", "COUNT", "10"),
        C("ZADD", "y", "1", "a", "2", "b"),
        C("BZPOPMIN", "y", "1"),
        C("BZPOPMAX", "y", "1"),
        C("ZADD", "p", "1", "a", "2", "b"),
        C("ZADD", "q", "2", "b", "3", "c"),
        C("ZUNIONSTORE", "zu", "2", "p", "q"),
        C("ZINTERSTORE", "zi", "2", "p", "q"),
        C("ZDIFFSTORE", "zd", "2", "p", "q"),
        C("ZINTERSTORE", "zi", "2", "p", "none"),
        C("ZRANGESTORE", "zr", "p", "0", "-1"),
        C("ZRANGESTORE", "zr", "p", "5", "6"),
        C("BZMPOP", "1", "1", "q", "MAX"),
        C("GEOADD", "geo", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania"),
        C("GEOADD", "geo", "NX", "13.361389", "38.115556", "Palermo"),
        C("GEOSEARCHSTORE", "near", "geo", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km", "ASC"),
        C("GEOSEARCHSTORE", "near", "geo", "FROMLONLAT", "0", "0", "BYRADIUS", "1", "km"),
        C("GEORADIUS", "geo", "15", "37", "200", "km", "STORE", "radius"),
        C("GEORADIUSBYMEMBER", "geo", "Palermo", "300", "km", "STOREDIST", "radius"),
        C("GEORADIUS", "nogeo", "15", "37", "200", "km", "STORE", "radius"));

    [Fact]
    public Task Stream_commands_publish_redis_events() => SameEventsAsync("KEA",
        C("XADD", "x", "1-1", "f", "v"),
        C("XADD", "x", "2-1", "f", "v"),
        C("XADD", "x", "MAXLEN", "1", "3-1", "f", "v"),
        C("XADD", "none", "NOMKSTREAM", "*", "f", "v"),
        C("XADD", "x", "4-1", "f", "v"),
        C("XTRIM", "x", "MAXLEN", "1"),
        C("XTRIM", "x", "MAXLEN", "5"),
        C("XDEL", "x", "4-1", "9-9"),
        C("XDEL", "x", "9-9"),
        C("XADD", "x", "5-1", "f", "v"),
        C("XSETID", "x", "10-1"),
        C("XGROUP", "CREATE", "x", "g", "0"),
        C("XGROUP", "CREATE", "new", "g", "$", "MKSTREAM"),
        C("XGROUP", "SETID", "x", "g", "0"),
        C("XGROUP", "CREATECONSUMER", "x", "g", "alice"),
        C("XGROUP", "CREATECONSUMER", "x", "g", "alice"),
        C("XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "x", ">"),
        C("XREADGROUP", "GROUP", "g", "bob", "COUNT", "1", "STREAMS", "x", ">"),
        C("XACK", "x", "g", "5-1"),
        C("XCLAIM", "x", "g", "alice", "0", "5-1"),
        C("XAUTOCLAIM", "x", "g", "carol", "0", "0"),
        C("XGROUP", "DELCONSUMER", "x", "g", "alice"),
        C("XGROUP", "DESTROY", "x", "g"),
        C("XGROUP", "DESTROY", "x", "g"));

    [Fact]
    public Task New_and_keymiss_events_follow_their_own_classes() => SameEventsAsync("KEnm",
        C("GET", "missing"),
        C("SET", "k", "v"),
        C("SET", "k", "w"),
        C("GET", "k"),
        C("EXISTS", "missing"),
        C("TYPE", "missing"),
        C("OBJECT", "ENCODING", "missing"),
        C("LPUSH", "l", "a"),
        C("LRANGE", "missing", "0", "-1"),
        C("HGET", "missing", "f"),
        C("ZSCORE", "missing", "m"),
        C("RENAME", "k", "k2"),
        C("COPY", "k2", "k3"),
        C("MGET", "k2", "missing", "other"),
        C("INCR", "counter"));
}
