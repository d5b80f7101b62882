using System.Globalization;
using System.Text;
using Basalt.Types;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The fixtures' "common data set" (shared/fixtures/redis-7.0/README.md): the commands that made it
/// on real Redis, and the same values built in memory through the Types API the way those commands
/// build them, with Redis's default thresholds.
/// </summary>
internal static class CommonDataSet
{
    public const long Year2100Ms = 4102444800000;

    public static readonly RedisHash.Limits HashLimits = new(512, 64);
    public static readonly SortedSetLimits ZsetLimits = new(128, 64);
    public const long SetMaxIntsetEntries = 512;
    public const int ListFill = -2;
    public const long StreamNodeMaxBytes = 4096;
    public const long StreamNodeMaxEntries = 100;

    public static readonly StreamId Events1 = new(1700000000000, 1);
    public static readonly StreamId Events2 = new(1700000000000, 2);
    public static readonly StreamId Events3 = new(1700000000000, 3);

    public static string Compressible => string.Concat(Enumerable.Repeat("redis-fixture-", 8));

    public const string Incompressible = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public const string Binary = "\x00\x01\x02 tab\t crlf\r\n end";

    /// <summary>The string keys and their values (all SET).</summary>
    public static readonly (string Key, string Value)[] Strings =
    [
        ("str:short", "hello"), ("str:empty", ""), ("str:int8", "-5"), ("str:int16", "12345"),
        ("str:int32", "100000"), ("str:int64", "12345678901"), ("str:bigint", "9223372036854775807"),
        ("str:leadingzero", "007"), ("str:compressible", Compressible), ("str:incompressible", Incompressible),
        ("str:binary", Binary), ("str:ttl", "expires-2100"), ("str:ttl2", "expires-2100-plus-123ms"),
        ("db3:str", "in-db-3"), ("db3:ttl", "db3-expiring"),
    ];

    public static readonly string[] ListSmall = ["a", "b", "c", "1", "2", "-100", "12345678901234"];

    public static string[] ListBig => Enumerable.Range(0, 1000).Select(i => $"element-{i:D4}").ToArray();

    public static readonly string[] HashSmall = ["name", "redis", "version", "7.0.15", "int", "42", "neg", "-42", "big", "1234567890123"];

    public static readonly (string Score, string Member)[] ZsetSmall =
        [("1", "one"), ("2", "two"), ("3.14159", "pi"), ("-2.5", "neg"), ("+inf", "inf"), ("-inf", "ninf"), ("1e20", "big")];

    public static (string Score, string Member)[] ZsetBig =>
        Enumerable.Range(0, 200).Select(i => ((i * 1.5).ToString("R", CultureInfo.InvariantCulture), $"member:{i:D3}")).ToArray();

    public static long ExpireAt(string key) => key switch
    {
        "str:ttl" or "hash:ttl" or "db3:ttl" => Year2100Ms,
        "str:ttl2" => Year2100Ms + 123,
        _ => -1,
    };

    /// <summary>The commands (as in the fixtures' README) that make <paramref name="key"/> on a real server.</summary>
    public static IEnumerable<object[]> Commands(string key)
    {
        foreach (var (k, v) in Strings)
        {
            if (k == key)
            {
                yield return ["SET", k, Encoding.Latin1.GetBytes(v)];
            }
        }
        switch (key)
        {
            case "list:small":
                yield return ["RPUSH", key, .. ListSmall];
                break;
            case "list:big":
                yield return ["RPUSH", key, .. ListBig];
                break;
            case "db3:list":
                yield return ["RPUSH", key, "x", "y"];
                break;
            case "set:intset16":
                yield return ["SADD", key, "1", "2", "3", "-7", "32767"];
                break;
            case "set:intset64":
                yield return ["SADD", key, "1", "4294967296", "-9223372036854775808"];
                break;
            case "set:strings":
                yield return ["SADD", key, "apple", "banana", "cherry"];
                break;
            case "set:big":
                yield return ["SADD", key, .. Enumerable.Range(0, 600).Select(i => i.ToString(CultureInfo.InvariantCulture))];
                break;
            case "hash:small":
                yield return ["HSET", key, .. HashSmall];
                break;
            case "hash:big":
                yield return ["HSET", key, .. Enumerable.Range(0, 600).SelectMany(i => new[] { $"field:{i:D3}", $"value:{i:D3}" })];
                break;
            case "hash:longval":
                yield return ["HSET", key, "f", new string('x', 100)];
                break;
            case "hash:ttl":
                yield return ["HSET", key, "a", "1"];
                break;
            case "zset:small":
                yield return ["ZADD", key, .. ZsetSmall.SelectMany(p => new[] { p.Score, p.Member })];
                break;
            case "zset:big":
                yield return ["ZADD", key, .. ZsetBig.SelectMany(p => new[] { p.Score, p.Member })];
                break;
            case "zset:longmember":
                yield return ["ZADD", key, "1", new string('m', 80)];
                break;
            case "stream:events":
                for (var i = 1; i <= 5; i++)
                {
                    yield return ["XADD", key, $"1700000000000-{i}", "n", i.ToString(CultureInfo.InvariantCulture), "kind", "tick"];
                }
                yield return ["XADD", key, "1700000000001-0", "other", "fields"];
                yield return ["XDEL", key, "1700000000000-3"];
                yield return ["XGROUP", "CREATE", key, "grp", "0"];
                yield return ["XREADGROUP", "GROUP", "grp", "consumer1", "COUNT", "2", "STREAMS", key, ">"];
                yield return ["XACK", key, "grp", "1700000000000-1"];
                yield return ["XGROUP", "CREATECONSUMER", key, "grp", "consumer2"];
                break;
            case "stream:empty":
                yield return ["XADD", key, "MAXLEN", "0", "1-1", "f", "v"];
                break;
        }
        var expireAt = ExpireAt(key);
        if (expireAt != -1)
        {
            yield return ["PEXPIREAT", key, expireAt.ToString(CultureInfo.InvariantCulture)];
        }
    }

    /// <summary>The value of <paramref name="key"/> built in memory as the commands above build it.</summary>
    public static RedisObject Build(string key)
    {
        foreach (var (k, v) in Strings)
        {
            if (k == key)
            {
                return RedisString.FromValue(Encoding.Latin1.GetBytes(v));
            }
        }
        return key switch
        {
            "list:small" => List(ListSmall),
            "list:big" => List(ListBig),
            "db3:list" => List(["x", "y"]),
            "set:intset16" => Set(["1", "2", "3", "-7", "32767"]),
            "set:intset64" => Set(["1", "4294967296", "-9223372036854775808"]),
            "set:strings" => Set(["apple", "banana", "cherry"]),
            "set:big" => Set(Enumerable.Range(0, 600).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray()),
            "hash:small" => Hash(HashSmall),
            "hash:big" => Hash(Enumerable.Range(0, 600).SelectMany(i => new[] { $"field:{i:D3}", $"value:{i:D3}" }).ToArray()),
            "hash:longval" => Hash(["f", new string('x', 100)]),
            "hash:ttl" => Hash(["a", "1"]),
            "zset:small" => Zset(ZsetSmall),
            "zset:big" => Zset(ZsetBig),
            "zset:longmember" => Zset([("1", new string('m', 80))]),
            "stream:events" => StreamEvents(),
            "stream:empty" => StreamEmpty(),
            _ => throw new ArgumentException($"not in the data set: {key}", nameof(key)),
        };
    }

    public static RedisList List(string[] elements)
    {
        var list = new RedisList(ListFill);
        foreach (var element in elements)
        {
            list.PushTail(Encoding.Latin1.GetBytes(element));
        }
        return list;
    }

    public static RedisSet Set(string[] members)
    {
        var set = RedisSet.CreateFor(Encoding.Latin1.GetBytes(members[0]));
        foreach (var member in members)
        {
            set.Add(Encoding.Latin1.GetBytes(member), SetMaxIntsetEntries);
        }
        return set;
    }

    public static RedisHash Hash(string[] pairs)
    {
        var hash = RedisHash.Create();
        for (var i = 0; i < pairs.Length; i += 2)
        {
            hash.Set(Encoding.Latin1.GetBytes(pairs[i]), Encoding.Latin1.GetBytes(pairs[i + 1]), HashLimits);
        }
        return hash;
    }

    /// <summary>ZADD on a new key: zsetTypeCreate picks the skiplist up front when the arguments exceed the listpack limits.</summary>
    public static RedisSortedSet Zset((string Score, string Member)[] pairs)
    {
        var tooBig = pairs.Length > ZsetLimits.MaxEntries || pairs.Any(p => p.Member.Length > ZsetLimits.MaxValue);
        var zset = tooBig ? RedisSortedSet.CreateSkiplist() : RedisSortedSet.CreateListpack();
        foreach (var (score, member) in pairs)
        {
            var value = score switch
            {
                "+inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ => double.Parse(score, CultureInfo.InvariantCulture),
            };
            zset.Add(value, Encoding.Latin1.GetBytes(member), ZAddOptions.None, ZsetLimits, out _);
        }
        return zset;
    }

    /// <summary>
    /// stream:events after its commands; delivery and seen times are 0 here (wall-clock values a
    /// test copies from what Redis wrote).
    /// </summary>
    public static RedisStream StreamEvents()
    {
        var stream = new RedisStream();
        for (var i = 1; i <= 5; i++)
        {
            stream.Append(new StreamId(1700000000000, (ulong)i), new Pairs("n", i.ToString(CultureInfo.InvariantCulture), "kind", "tick"),
                StreamNodeMaxBytes, StreamNodeMaxEntries);
        }
        stream.Append(new StreamId(1700000000001, 0), new Pairs("other", "fields"), StreamNodeMaxBytes, StreamNodeMaxEntries);
        if (!stream.Delete(Events3))
        {
            throw new InvalidOperationException("XDEL found nothing");
        }
        stream.MaxDeletedId = Events3;

        // XGROUP CREATE grp 0; XREADGROUP ... COUNT 2 delivers -1 and -2; XACK -1; CREATECONSUMER consumer2.
        // entries_read ends up unknown (-1) because of the tombstone before the delivered range.
        var group = new StreamConsumerGroup(Encoding.ASCII.GetBytes("grp"), Events2, -1);
        stream.Groups = new SortedDictionary<byte[], StreamConsumerGroup>(StreamConsumerGroup.ByteOrder.Instance) { [group.Name] = group };
        var consumer1 = new StreamConsumer(Encoding.ASCII.GetBytes("consumer1"), 0);
        var consumer2 = new StreamConsumer(Encoding.ASCII.GetBytes("consumer2"), 0);
        group.Consumers.Add(consumer1.Name, consumer1);
        group.Consumers.Add(consumer2.Name, consumer2);
        var pending = new StreamPendingEntry(consumer1, 0, 1);
        group.Pending.Add(Events2, pending);
        consumer1.Pending.Add(Events2, pending);
        return stream;
    }

    /// <summary>XADD MAXLEN 0 1-1 f v on a new key: the entry is added, then trimmed with its node.</summary>
    public static RedisStream StreamEmpty()
    {
        var stream = new RedisStream();
        stream.Append(new StreamId(1, 1), new Pairs("f", "v"), StreamNodeMaxBytes, StreamNodeMaxEntries);
        stream.Trim(0, null, approximate: false, limit: 0);
        return stream;
    }

    private sealed class Pairs(params string[] items) : IStreamFieldSource
    {
        public int PairCount => items.Length / 2;

        public ReadOnlySpan<byte> Field(int index) => Encoding.ASCII.GetBytes(items[index * 2]);

        public ReadOnlySpan<byte> Value(int index) => Encoding.ASCII.GetBytes(items[(index * 2) + 1]);
    }
}
