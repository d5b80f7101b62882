using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// SORT and SORT_RO side by side with redis-server, byte for byte: numeric and ALPHA order, ties,
/// BY and GET patterns, LIMIT clamping, STORE, errors, and what SORT does to the keyspace (dirty
/// count, keyspace hits, WATCH, the sorted set's encoding). Sets in a hashtable iterate in an order
/// of their own in each server, so only intsets and sorted outputs are compared exactly.
/// </summary>
public sealed class SortCommandTests(ConnectionServers servers) : IClassFixture<ConnectionServers>
{
    private async Task<Conversation> ConnectAsync()
    {
        var c = await servers.ConnectAsync();
        await c.SameAsync("FLUSHALL");
        return c;
    }

    /// <summary>
    /// Redis never clears errno before its strtod, so a value that set ERANGE makes later SORTs of
    /// string values fail too, until some command clears errno (string2d does): this one does
    /// without touching the keyspace. Basalt judges each value on its own.
    /// </summary>
    private static Task ClearRedisErrnoAsync(Conversation c) => c.SameAsync("ZADD", "errno-reset", "XX", "1", "m");

    [Fact]
    public async Task Numeric_sort_orders_by_value_then_by_string()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "3", "1", "2", "10", "", "-0", "0", "1.0", "1", " 5", "0x10", "inf", "-inf", "1e3", "+.5", "5\0tail");
        foreach (var options in new[] { Array.Empty<string>(), ["DESC"], ["ASC"], ["DESC", "ASC"] })
        {
            await c.SameAsync(["SORT", "l", .. options]);
            await c.SameAsync(["SORT_RO", "l", .. options]);
        }
        await c.SameAsync("SADD", "ints", "5", "3", "10", "-1", "7");
        await c.SameAsync("SORT", "ints");
        await c.SameAsync("SORT", "ints", "DESC");
        await c.SameAsync("ZADD", "z", "3", "2.5", "1", "10", "2", "-4", "0", "x1");
        await c.SameAsync("SORT", "z");
        await c.SameAsync("ZREM", "z", "x1");
        await c.SameAsync("SORT", "z");
        await c.SameAsync("SORT", "z", "DESC");
        await c.SameAsync("SORT", "missing");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Values_that_are_not_numbers_fail_the_sort_as_in_redis()
    {
        await using var c = await ConnectAsync();
        // Not numbers, NaN, overflow, underflow, inexact subnormals (glibc's ERANGE), and values
        // just below the smallest normal number that round up to it.
        foreach (var bad in new[] { "x", "1 ", "   ", "1e", "0x", "nan", "-nan", "1e400", "-1e400", "1e-400", "1e-320", "4.9e-324", "0x1p-1075",
                     "0x1.fffffffffffffp-1023", "2.2250738585072012e-308" })
        {
            await c.SameAsync("DEL", "l");
            await c.SameAsync("RPUSH", "l", "1", bad);
            await c.SameAsync("SORT", "l");
            await ClearRedisErrnoAsync(c);
        }
        // Exact subnormals, and the smallest normal number itself, are numbers.
        foreach (var good in new[] { "0x1p-1074", "-0x1p-1074", "0x0.8p-1073", "0x1.8p-1073", "0x1p-1022", "2.2250738585072014e-308", SmallestSubnormalDecimal(), "infinity", "-INF" })
        {
            await c.SameAsync("DEL", "l");
            await c.SameAsync("RPUSH", "l", "1", good, "-1");
            await c.SameAsync("SORT", "l");
            await ClearRedisErrnoAsync(c);
        }
        // ALPHA compares strings: nothing to convert.
        await c.SameAsync("RPUSH", "words", "b", "a", "nan");
        await c.SameAsync("SORT", "words", "ALPHA");
        await c.SameAsync("SORT", "words");
        await ClearRedisErrnoAsync(c);
        // The error leaves STORE's destination alone.
        await c.SameAsync("SET", "dst", "kept");
        await c.SameAsync("SORT", "words", "STORE", "dst");
        await ClearRedisErrnoAsync(c);
        await c.SameAsync("GET", "dst");
        c.AssertNoMismatches();
    }

    /// <summary>2^-1074 written out exactly in decimal (751 significant digits).</summary>
    private static string SmallestSubnormalDecimal()
    {
        // 2^-1074 = 5^1074 / 10^1074.
        var digits = System.Numerics.BigInteger.Pow(5, 1074).ToString(CultureInfo.InvariantCulture);
        return "0." + new string('0', 1074 - digits.Length) + digits;
    }

    [Fact]
    public async Task Alpha_sort_is_byte_order_up_to_nul_and_binary_when_stored()
    {
        await using var c = await ConnectAsync();
        // Raw bytes: 0xFF and 0x80 alone are not UTF-8, "é" is.
        await c.SameAsync("RPUSH", "l", "b\0z", "b\0a", new byte[] { 0xFF }, new byte[] { 0x80 }, "a", "A", "é", "e", "b", "", "10", "9", "ab", "a\0");
        await c.SameAsync("SORT", "l", "ALPHA");
        await c.SameAsync("SORT", "l", "ALPHA", "DESC");
        await c.SameAsync("SORT", "l", "ALPHA", "LIMIT", "2", "5");
        await c.SameAsync("SORT", "l", "ALPHA", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        await c.SameAsync("SORT", "l", "ALPHA", "DESC", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        await c.SameAsync("SADD", "s", "b", "a", "c", "B", "10", "9");
        await c.SameAsync("SORT", "s", "ALPHA");
        await c.SameAsync("SORT", "s", "ALPHA", "DESC", "LIMIT", "1", "3");
        await c.SameAsync("ZADD", "z", "1", "b", "2", "a", "3", "c");
        await c.SameAsync("SORT", "z", "ALPHA");
        await c.SameAsync("SORT", "z", "ALPHA", "DESC");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Limit_is_clamped_as_redis_clamps_it()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "5", "4", "3", "2", "1");
        await c.SameAsync("ZADD", "z", "1", "a", "2", "b", "3", "c", "4", "d", "5", "e");
        var limits = new[]
        {
            ("0", "0"), ("0", "1"), ("1", "2"), ("2", "-1"), ("-3", "2"), ("-3", "-7"), ("4", "10"), ("5", "1"), ("6", "1"),
            ("100", "-1"), ("0", "9223372036854775807"), ("-9223372036854775808", "3"), ("9223372036854775807", "9223372036854775807"),
        };
        foreach (var (offset, count) in limits)
        {
            await c.SameAsync("SORT", "l", "LIMIT", offset, count);
            await c.SameAsync("SORT", "l", "DESC", "LIMIT", offset, count);
            await c.SameAsync("SORT", "l", "BY", "nosort", "LIMIT", offset, count);
            await c.SameAsync("SORT", "l", "BY", "nosort", "DESC", "LIMIT", offset, count);
            await c.SameAsync("SORT", "z", "BY", "nosort", "LIMIT", offset, count);
            await c.SameAsync("SORT", "z", "BY", "nosort", "DESC", "LIMIT", offset, count);
            await c.SameAsync("SORT", "z", "ALPHA", "LIMIT", offset, count, "GET", "#", "GET", "nostar");
            await c.SameAsync("SORT", "missing", "LIMIT", offset, count);
        }
        // The last LIMIT wins.
        await c.SameAsync("SORT", "l", "LIMIT", "0", "1", "LIMIT", "2", "2");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task By_and_get_patterns_look_up_strings_and_hash_fields()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "a", "b", "c", "d", "e", "f");
        await c.SameAsync("MSET", "w_a", "3", "w_b", "1", "w_c", "2", "w_e", "-5", "pre_a_post", "9", "pre_c_post", "-9");
        await c.SameAsync("LPUSH", "w_f", "not a string");
        await c.SameAsync("HSET", "h_a", "f", "10", "g", "z", "->", "arrow");
        await c.SameAsync("HSET", "h_b", "f", "-3", "long", new string('v', 100));
        await c.SameAsync("HSET", "h_c", "f", "hello");
        await c.SameAsync("SET", "h_d", "a string, not a hash");
        await c.SameAsync("SET", "h_a->", "string named with an arrow");
        foreach (var options in new[] { Array.Empty<string>(), ["DESC"], ["ALPHA"], ["ALPHA", "DESC"], ["LIMIT", "1", "3"], ["ALPHA", "LIMIT", "2", "2"] })
        {
            await c.SameAsync(["SORT", "l", "BY", "w_*", .. options]);
            await c.SameAsync(["SORT", "l", "BY", "pre_*_post", .. options, "GET", "pre_*_post"]);
            await c.SameAsync(["SORT", "l", "BY", "h_*->f", "ALPHA", .. options, "GET", "h_*->f", "GET", "#", "GET", "h_*->g"]);
        }
        await c.SameAsync("SORT", "l", "BY", "h_*->f");
        await ClearRedisErrnoAsync(c);
        // "->" with nothing after it is part of the key name; "#" only on its own; no '*' finds nothing.
        await c.SameAsync("SORT", "l", "BY", "nosort", "GET", "h_*->", "GET", "#", "GET", "nostar", "GET", "##", "GET", "#->f");
        await c.SameAsync("SORT", "l", "BY", "nosort", "GET", "h_*->long", "GET", "h_*->->", "GET", "*", "GET", "**");
        await c.SameAsync("SORT", "l", "BY", "*", "ALPHA");
        await c.SameAsync("SORT", "l", "ALPHA", "GET", "w_*", "GET", "h_*->f", "LIMIT", "0", "3");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Patterns_are_searched_as_c_strings_but_copied_whole()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "a", "b\0c");
        await c.SameAsync("SET", "k_a", "1");
        await c.SameAsync("SET", "k_b\0c", "2");
        await c.SameAsync("SET", "k_a\0x", "3");
        await c.SameAsync("HSET", "h_a", "f\0g", "4");
        await c.SameAsync("SORT", "l", "BY", "nosort", "GET", "k_*", "GET", "k_*\0x", "GET", "h_*->f\0g", "GET", "k\0_*", "GET", "#\0");
        await c.SameAsync("SORT", "l", "BY", "k_*");
        await c.SameAsync("SORT", "l", "BY", "k\0*", "ALPHA");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task By_without_a_star_keeps_the_collection_order()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "c", "a", "b", "d");
        await c.SameAsync("ZADD", "z", "3", "a", "1", "b", "2", "c");
        await c.SameAsync("SADD", "ints", "30", "10", "20");
        await c.SameAsync("MSET", "w_a", "1", "w_b", "2", "w_c", "3", "w_d", "4");
        foreach (var key in new[] { "l", "z", "ints" })
        {
            await c.SameAsync("SORT", key, "BY", "nosort");
            await c.SameAsync("SORT", key, "BY", "nosort", "DESC");
            await c.SameAsync("SORT", key, "BY", "nosort", "ALPHA", "DESC", "LIMIT", "1", "2");
            await c.SameAsync("SORT", key, "BY", "nosort", "GET", "w_*", "GET", "#");
            // A BY without '*' stops the sorting for good, even when a real pattern follows.
            await c.SameAsync("SORT", key, "BY", "nosort", "BY", "w_*", "ALPHA");
            await c.SameAsync("SORT", key, "BY", "w_*", "BY", "nosort", "ALPHA");
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Store_writes_a_list_and_an_empty_result_deletes_the_destination()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "3", "1", "2");
        await c.SameAsync("MSET", "w_1", "x", "w_3", "y");
        await c.SameAsync("SET", "dst", "old");
        await c.SameAsync("EXPIRE", "dst", "100");
        await c.SameAsync("SORT", "l", "STORE", "dst");
        await c.SameAsync("TTL", "dst");
        await c.SameAsync("TYPE", "dst");
        await c.SameAsync("OBJECT", "ENCODING", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        // Missing GET values are stored as empty strings; the last STORE wins.
        await c.SameAsync("SORT", "l", "GET", "w_*", "GET", "#", "STORE", "ignored", "STORE", "dst");
        await c.SameAsync("EXISTS", "ignored");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        await c.SameAsync("SORT", "l", "STORE", "l", "DESC");
        await c.SameAsync("LRANGE", "l", "0", "-1");
        await c.SameAsync("SORT", "l", "LIMIT", "5", "5", "STORE", "dst");
        await c.SameAsync("EXISTS", "dst");
        await c.SameAsync("SORT", "missing", "STORE", "dst");
        await c.SameAsync("SORT", "missing", "GET", "#", "STORE", "dst");
        // Storing a set unsorted would store the set's own order: Redis sorts it (as strings).
        await c.SameAsync("SADD", "s", "b", "10", "a", "9", "c");
        await c.SameAsync("SORT", "s", "BY", "nosort", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        await c.SameAsync("SORT", "s", "BY", "nosort", "DESC", "LIMIT", "1", "3", "GET", "#", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        await c.SameAsync("SADD", "ints", "5", "-2", "30");
        await c.SameAsync("SORT", "ints", "BY", "nosort", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        // Large elements go into the stored list unchanged.
        var large = new string('x', 100 * 1024);
        await c.SameAsync("RPUSH", "big", large + "b", large + "a");
        await c.SameAsync("SORT", "big", "ALPHA", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        await c.SameAsync("OBJECT", "ENCODING", "dst");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Errors_match_redis()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "1", "2");
        await c.SameAsync("SET", "str", "x");
        await c.SameAsync("HSET", "h", "f", "v");
        foreach (var args in new[]
                 {
                     new[] { "SORT" }, ["SORT_RO"], ["SORT", "l", "foo"], ["SORT", "l", "LIMIT"], ["SORT", "l", "LIMIT", "1"],
                     ["SORT", "l", "LIMIT", "x", "1"], ["SORT", "l", "LIMIT", "1", "x"], ["SORT", "l", "LIMIT", "1", "1.5"],
                     ["SORT", "l", "STORE"], ["SORT", "l", "BY"], ["SORT", "l", "GET"], ["SORT_RO", "l", "STORE", "dst"],
                     ["SORT", "str"], ["SORT", "h"], ["SORT_RO", "str", "ALPHA"],
                     // Options are checked before the key's type.
                     ["SORT", "str", "LIMIT", "x", "1"], ["SORT", "str", "bogus"], ["SORT", "str", "STORE", "dst"],
                     ["SORT", "l", "ALPHA", "ALPHA", "DESC", "ASC", "desc", "asc", "Alpha"],
                 })
        {
            await c.SameAsync(args);
        }
        await c.SameAsync("EXISTS", "dst");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Ties_come_out_in_the_order_of_redis_sort_routines()
    {
        await using var c = await ConnectAsync();
        var random = new Random(20240521);
        var elements = Enumerable.Range(0, 300).Select(i => "e" + i.ToString(CultureInfo.InvariantCulture)).ToArray();
        await c.SameAsync(["RPUSH", "l", .. elements]);
        await c.SameAsync(["RPUSH", "short", .. elements.Take(45)]);
        var weights = new List<object> { "MSET" };
        foreach (var element in elements)
        {
            if (random.Next(5) > 0)
            {
                weights.Add("w_" + element);
                weights.Add(new[] { "a", "b", "c", "1", "2", "1.0" }[random.Next(6)]);
            }
        }
        await c.SameAsync(weights.ToArray());
        // A full sort is stable; a sort with BY and LIMIT is Redis's partial quicksort.
        foreach (var options in new[] { Array.Empty<string>(), ["DESC"] })
        {
            await c.SameAsync(["SORT", "l", "BY", "w_*", "ALPHA", .. options]);
            foreach (var (offset, count) in new[] { (0, 10), (5, 20), (100, 50), (290, 20), (0, 299), (1, 299), (150, 1), (-5, 7) })
            {
                var limit = new[] { "LIMIT", offset.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture) };
                await c.SameAsync(["SORT", "l", "BY", "w_*", "ALPHA", .. options, .. limit]);
                await c.SameAsync(["SORT", "l", "BY", "w_*", "ALPHA", .. options, .. limit, "STORE", "dst"]);
                await c.SameAsync("LRANGE", "dst", "0", "-1");
            }
            foreach (var size in new[] { 3, 6, 7, 8, 9, 20, 40, 41, 45 })
            {
                await c.SameAsync("LTRIM", "short", "0", (size - 1).ToString(CultureInfo.InvariantCulture));
                await c.SameAsync(["SORT", "short", "BY", "w_*", "ALPHA", .. options, "LIMIT", "1", "3"]);
                await c.SameAsync(["SORT", "short", "BY", "w_*", "ALPHA", .. options, "LIMIT", (size - 2).ToString(CultureInfo.InvariantCulture), "5"]);
            }
            await c.SameAsync("DEL", "short");
            await c.SameAsync(["RPUSH", "short", .. elements.Take(45)]);
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Large_collections_sort_like_redis()
    {
        await using var c = await ConnectAsync();
        var random = new Random(7);
        var numbers = Enumerable.Range(0, 1000)
            .Select(_ => random.Next(2) == 0
                ? random.Next(-500, 500).ToString(CultureInfo.InvariantCulture)
                : (random.NextDouble() * 1000 - 500).ToString("R", CultureInfo.InvariantCulture))
            .ToArray();
        await c.SameAsync(["RPUSH", "l", .. numbers]);
        await c.SameAsync(["SADD", "s", .. numbers]);
        var zadd = new List<object> { "ZADD", "z" };
        for (var i = 0; i < numbers.Length; i++)
        {
            zadd.Add(random.Next(50).ToString(CultureInfo.InvariantCulture));
            zadd.Add("m" + numbers[i]);
        }
        await c.SameAsync(zadd.ToArray());
        foreach (var key in new[] { "l", "s", "z" })
        {
            foreach (var options in new[] { Array.Empty<string>(), ["DESC"], ["ALPHA"], ["ALPHA", "DESC"], ["LIMIT", "10", "30"], ["DESC", "LIMIT", "990", "30"] })
            {
                await c.SameAsync(["SORT", key, .. options]);
                await ClearRedisErrnoAsync(c);
            }
        }
        await c.SameAsync("SORT", "z", "BY", "nosort");
        await c.SameAsync("SORT", "z", "BY", "nosort", "DESC", "LIMIT", "100", "50");
        await c.SameAsync("SORT", "s", "BY", "nosort", "STORE", "dst");
        await c.SameAsync("LRANGE", "dst", "0", "-1");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Sorting_a_sorted_set_leaves_it_a_skiplist()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("ZADD", "z", "1", "a", "2", "b");
        await c.SameAsync("ZADD", "untouched", "1", "a");
        await c.SameAsync("OBJECT", "ENCODING", "z");
        await c.SameAsync("SORT", "z", "bogus");
        await c.SameAsync("OBJECT", "ENCODING", "z");
        await c.SameAsync("SORT_RO", "z", "BY", "nosort", "LIMIT", "0", "0");
        await c.SameAsync("OBJECT", "ENCODING", "z");
        await c.SameAsync("ZADD", "z", "3", "c");
        await c.SameAsync("OBJECT", "ENCODING", "z");
        await c.SameAsync("ZRANGE", "z", "0", "-1", "WITHSCORES");
        await c.SameAsync("OBJECT", "ENCODING", "untouched");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Resp3_replies_missing_values_as_null()
    {
        await using var c = await ConnectAsync();
        await c.SameHelloAsync("HELLO", "3");
        await c.SameAsync("RPUSH", "l", "b", "a");
        await c.SameAsync("SET", "w_a", "1");
        await c.SameAsync("SORT", "l", "ALPHA", "GET", "w_*", "GET", "#");
        await c.SameAsync("SORT", "l", "BY", "w_*", "STORE", "dst");
        await c.SameAsync("SORT", "missing");
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Store_counts_changes_and_lookups_as_redis_does()
    {
        await using var c = await ConnectAsync();
        await c.SameAsync("RPUSH", "l", "a", "b", "c");
        await c.SameAsync("SET", "w_a", "1");
        await c.SameAsync("HSET", "h_b", "f", "2");
        await c.SameAsync("CONFIG", "RESETSTAT");
        var before = await InfoNumbersAsync(c, "persistence", "rdb_changes_since_last_save");
        await c.SameAsync("SORT", "l", "BY", "w_*", "GET", "h_*->f", "GET", "#", "GET", "nostar");
        await c.SameAsync("SORT", "l", "BY", "w_*", "GET", "h_*->f", "GET", "#", "STORE", "dst");
        await c.SameAsync("SORT", "missing", "STORE", "dst");
        await c.SameAsync("SORT", "missing", "STORE", "dst");
        await c.SameAsync("SORT", "l", "ALPHA", "BY", "nosort", "STORE", "dst");
        await c.SameAsync("SORT_RO", "l", "ALPHA");
        var after = await InfoNumbersAsync(c, "persistence", "rdb_changes_since_last_save");
        if (after.Redis - before.Redis != after.Basalt - before.Basalt)
        {
            c.Mismatch($"rdb_changes_since_last_save grew by {after.Redis - before.Redis} in redis, {after.Basalt - before.Basalt} in basalt");
        }
        foreach (var field in new[] { "keyspace_hits", "keyspace_misses" })
        {
            var (redis, basalt) = await InfoNumbersAsync(c, "stats", field);
            if (redis != basalt)
            {
                c.Mismatch($"{field}: redis {redis}, basalt {basalt}");
            }
        }
        c.AssertNoMismatches();
    }

    [Fact]
    public async Task Store_invalidates_watch_and_a_plain_sort_does_not()
    {
        await using var c = await ConnectAsync();
        await using var other = await servers.ConnectAsync();
        await c.SameAsync("RPUSH", "l", "b", "a");
        await c.SameAsync("SET", "dst", "x");
        foreach (var (command, watched, expectAbort) in new (object[], string, bool)[]
                 {
                     (["SORT", "l", "ALPHA", "STORE", "dst"], "dst", true),
                     (["SORT", "l", "ALPHA"], "l", false),
                     (["SORT_RO", "l", "ALPHA"], "l", false),
                     (["SORT", "missing", "STORE", "dst"], "dst", true),
                     (["SORT", "missing", "STORE", "dst"], "dst", false),
                     (["SORT", "l", "STORE", "dst"], "dst", false),
                 })
        {
            await c.SameAsync("WATCH", watched);
            await other.SameAsync(command);
            await ClearRedisErrnoAsync(other);
            await c.SameAsync("MULTI");
            await c.SameAsync("PING");
            var (redis, basalt) = await c.BothAsync("EXEC");
            if (redis.RawText != basalt.RawText || redis.Value.IsNull != expectAbort)
            {
                c.Mismatch($"EXEC after {string.Join(' ', command)}: redis {redis.RawText}, basalt {basalt.RawText}");
            }
        }
        c.AssertNoMismatches();
        other.AssertNoMismatches();
    }

    private static async Task<(long Redis, long Basalt)> InfoNumbersAsync(Conversation c, string section, string field)
    {
        var (redis, basalt) = await c.BothAsync("INFO", section);
        return (InfoText.Number(InfoText.Of(redis), field), InfoText.Number(InfoText.Of(basalt), field));
    }
}
