using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// LPUSH, RPUSH, LPUSHX, RPUSHX, LPOP, RPOP, LLEN, LRANGE, LINDEX, LSET, LINSERT, LREM, LTRIM, LPOS
/// side by side with redis-server, replies compared byte for byte.
/// </summary>
public sealed class ListCommandsTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    /// <summary>On the second connection, which the RESP3 tests switch to protocol 3 and back.</summary>
    private static GeneratedCommand Resp3(params object[] args) => Script.On(1, ReplyCheck.Exact, args);

    [Fact]
    public Task Push_variants_and_lengths_match_redis() => servers.RunAsync("list-push", [
        Exact("LPUSH", "l"),
        Exact("LPUSH", "l", "a"),
        Exact("RPUSH", "l", "b", "c", "d"),
        Exact("LPUSH", "l", "z", "y", "x"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("LLEN", "l"),
        Exact("LPUSHX", "missing", "a"),
        Exact("RPUSHX", "missing", "a", "b"),
        Exact("EXISTS", "missing"),
        Exact("LPUSHX", "l", "p1", "p2"),
        Exact("RPUSHX", "l", "q1", "q2"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("RPUSH", "ints", "1", "-1", "0", "127", "128", "4095", "4096", "-4096", "-4097", "32767", "32768"),
        Exact("RPUSH", "ints", "8388607", "8388608", "2147483647", "2147483648", "9223372036854775807", "-9223372036854775808"),
        Exact("RPUSH", "ints", "01", "+1", "1.0", " 1", "9223372036854775808", "", "-0"),
        Exact("LRANGE", "ints", "0", "-1"),
        Exact("LLEN", "ints"),
        Exact("LLEN", "missing"),
        Exact("OBJECT", "ENCODING", "l"),
        Exact("TYPE", "l"),
        Exact("SET", "s", "v"),
        Exact("LPUSH", "s", "a"),
        Exact("RPUSHX", "s", "a"),
        Exact("LLEN", "s"),
        Exact("LRANGE", "s", "0", "-1"),
        Exact("RPUSH", "l"),
        Exact("LLEN"),
    ], output);

    [Fact]
    public Task Pops_with_and_without_count_match_redis() => servers.RunAsync("list-pop", [
        Exact("RPUSH", "l", "a", "b", "c", "d", "e", "1", "2"),
        Exact("LPOP", "l"),
        Exact("RPOP", "l"),
        Exact("LPOP", "l", "2"),
        Exact("RPOP", "l", "2"),
        Exact("LPOP", "l", "0"),
        Exact("RPOP", "l", "0"),
        Exact("LPOP", "l", "-1"),
        Exact("LPOP", "l", "x"),
        Exact("LPOP", "l", "1", "2"),
        Exact("LPOP", "l", "100"),
        Exact("EXISTS", "l"),
        Exact("LPOP", "l"),
        Exact("RPOP", "l"),
        Exact("LPOP", "l", "0"),
        Exact("RPOP", "l", "3"),
        Exact("LPOP", "l", "-1"),
        Exact("RPUSH", "m", "x"),
        Exact("RPOP", "m", "5"),
        Exact("EXISTS", "m"),
        Exact("SET", "s", "v"),
        Exact("LPOP", "s"),
        Exact("RPOP", "s", "1"),
        Exact("LPOP", "s", "x"),
    ], output);

    [Fact]
    public Task Ranges_indexes_and_sets_match_redis() => servers.RunAsync("list-range", [
        Exact("RPUSH", "l", "a", "b", "c", "d", "e", "f"),
        Exact("LRANGE", "l", "0", "0"),
        Exact("LRANGE", "l", "1", "3"),
        Exact("LRANGE", "l", "-3", "-1"),
        Exact("LRANGE", "l", "-100", "100"),
        Exact("LRANGE", "l", "5", "1"),
        Exact("LRANGE", "l", "6", "10"),
        Exact("LRANGE", "l", "-1", "-2"),
        Exact("LRANGE", "l", "0", "-7"),
        Exact("LRANGE", "l", "-9223372036854775808", "9223372036854775807"),
        Exact("LRANGE", "l", "x", "1"),
        Exact("LRANGE", "l", "0", "1.5"),
        Exact("LRANGE", "missing", "0", "-1"),
        Exact("LRANGE", "missing", "x", "-1"),
        Exact("LINDEX", "l", "0"),
        Exact("LINDEX", "l", "-1"),
        Exact("LINDEX", "l", "5"),
        Exact("LINDEX", "l", "6"),
        Exact("LINDEX", "l", "-7"),
        Exact("LINDEX", "l", "x"),
        Exact("LINDEX", "missing", "x"),
        Exact("LINDEX", "missing", "0"),
        Exact("LSET", "l", "0", "A"),
        Exact("LSET", "l", "-1", "123"),
        Exact("LSET", "l", "2", "a-much-longer-value-than-before-to-grow-the-node"),
        Exact("LSET", "l", "6", "x"),
        Exact("LSET", "l", "-7", "x"),
        Exact("LSET", "l", "x", "x"),
        Exact("LSET", "missing", "0", "x"),
        Exact("LSET", "missing", "x", "x"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("SET", "s", "v"),
        Exact("LRANGE", "s", "0", "-1"),
        Exact("LINDEX", "s", "x"),
        Exact("LSET", "s", "0", "x"),
    ], output);

    [Fact]
    public Task Insert_remove_and_trim_match_redis() => servers.RunAsync("list-edit", [
        Exact("RPUSH", "l", "a", "b", "a", "c", "a", "1", "01"),
        Exact("LINSERT", "l", "BEFORE", "a", "x"),
        Exact("LINSERT", "l", "after", "a", "y"),
        Exact("LINSERT", "l", "AFTER", "1", "one"),
        Exact("LINSERT", "l", "AFTER", "01", "zero-one"),
        Exact("LINSERT", "l", "BEFORE", "nope", "z"),
        Exact("LINSERT", "l", "MIDDLE", "a", "z"),
        Exact("LINSERT", "missing", "BEFORE", "a", "z"),
        Exact("LINSERT", "missing", "MIDDLE", "a", "z"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("LREM", "l", "1", "a"),
        Exact("LREM", "l", "-1", "a"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("RPUSH", "l", "a", "a", "a"),
        Exact("LREM", "l", "-2", "a"),
        Exact("LREM", "l", "0", "a"),
        Exact("LREM", "l", "0", "nope"),
        Exact("LREM", "l", "x", "a"),
        Exact("LREM", "missing", "0", "a"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("LREM", "l", "0", "x"),
        Exact("LREM", "l", "0", "b"),
        Exact("LREM", "l", "0", "c"),
        Exact("LREM", "l", "0", "y"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("LREM", "l", "0", "1"),
        Exact("LREM", "l", "0", "one"),
        Exact("LREM", "l", "0", "01"),
        Exact("LREM", "l", "0", "zero-one"),
        Exact("EXISTS", "l"),
        Exact("RPUSH", "t", "a", "b", "c", "d", "e", "f", "g"),
        Exact("LTRIM", "t", "1", "-2"),
        Exact("LRANGE", "t", "0", "-1"),
        Exact("LTRIM", "t", "-3", "100"),
        Exact("LRANGE", "t", "0", "-1"),
        Exact("LTRIM", "t", "0", "0"),
        Exact("LRANGE", "t", "0", "-1"),
        Exact("LTRIM", "t", "x", "0"),
        Exact("LTRIM", "t", "2", "1"),
        Exact("EXISTS", "t"),
        Exact("LTRIM", "missing", "0", "1"),
        Exact("SET", "s", "v"),
        Exact("LINSERT", "s", "BEFORE", "a", "b"),
        Exact("LREM", "s", "0", "a"),
        Exact("LTRIM", "s", "0", "1"),
    ], output);

    [Fact]
    public Task Lpos_options_match_redis() => servers.RunAsync("list-lpos", [
        Exact("RPUSH", "l", "a", "b", "c", "1", "2", "3", "c", "c", "a", "1"),
        Exact("LPOS", "l", "c"),
        Exact("LPOS", "l", "1"),
        Exact("LPOS", "l", "01"),
        Exact("LPOS", "l", "nope"),
        Exact("LPOS", "l", "c", "RANK", "2"),
        Exact("LPOS", "l", "c", "RANK", "-1"),
        Exact("LPOS", "l", "c", "RANK", "-3"),
        Exact("LPOS", "l", "c", "RANK", "4"),
        Exact("LPOS", "l", "c", "RANK", "0"),
        Exact("LPOS", "l", "c", "RANK", "-9223372036854775808"),
        Exact("LPOS", "l", "c", "COUNT", "0"),
        Exact("LPOS", "l", "c", "COUNT", "2"),
        Exact("LPOS", "l", "c", "COUNT", "2", "RANK", "2"),
        Exact("LPOS", "l", "c", "COUNT", "0", "RANK", "-1"),
        Exact("LPOS", "l", "c", "COUNT", "0", "RANK", "-1", "MAXLEN", "3"),
        Exact("LPOS", "l", "c", "MAXLEN", "3"),
        Exact("LPOS", "l", "c", "MAXLEN", "2"),
        Exact("LPOS", "l", "nope", "COUNT", "0"),
        Exact("LPOS", "l", "c", "COUNT", "-1"),
        Exact("LPOS", "l", "c", "MAXLEN", "-1"),
        Exact("LPOS", "l", "c", "RANK", "x"),
        Exact("LPOS", "l", "c", "COUNT", "x"),
        Exact("LPOS", "l", "c", "MAXLEN", "1.5"),
        Exact("LPOS", "l", "c", "RANK"),
        Exact("LPOS", "l", "c", "FOO", "1"),
        Exact("LPOS", "l", "c", "count", "1", "rank", "1", "maxlen", "0"),
        Exact("LPOS", "missing", "c"),
        Exact("LPOS", "missing", "c", "COUNT", "1"),
        Exact("LPOS", "missing", "c", "RANK", "0"),
        Exact("SET", "s", "v"),
        Exact("LPOS", "s", "c"),
    ], output);

    [Fact]
    public Task Resp3_null_shapes_match_redis() => servers.RunAsync("list-resp3", [
        Script.On(1, ReplyCheck.Hello, "HELLO", "3"),
        Resp3("LPOP", "missing"),
        Resp3("LPOP", "missing", "1"),
        Resp3("RPOP", "missing", "0"),
        Resp3("LINDEX", "missing", "0"),
        Resp3("LMOVE", "missing", "dst", "LEFT", "RIGHT"),
        Resp3("RPOPLPUSH", "missing", "dst"),
        Resp3("LMPOP", "1", "missing", "LEFT"),
        Resp3("LPOS", "missing", "a"),
        Resp3("RPUSH", "l", "a", "b"),
        Resp3("LINDEX", "l", "9"),
        Resp3("LPOS", "l", "z"),
        Resp3("LPOS", "l", "z", "COUNT", "0"),
        Resp3("LPOP", "l", "0"),
        Resp3("LMPOP", "1", "l", "RIGHT", "COUNT", "5"),
        Resp3("LRANGE", "l", "0", "-1"),
        Resp3("MULTI"),
        Resp3("BLPOP", "missing", "0"),
        Resp3("BLMOVE", "missing", "dst", "LEFT", "LEFT", "0"),
        Resp3("BLMPOP", "0", "1", "missing", "LEFT"),
        Resp3("EXEC"),
        Script.On(1, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public Task Large_values_and_many_elements_match_redis() => servers.RunAsync("list-large", [
        Exact("RPUSH", "big", new string('x', 100_000), "small", new string('y', 70_000)),
        Exact("LPUSH", "big", new string('z', 5000)),
        Exact("LRANGE", "big", "0", "-1"),
        Exact("LINDEX", "big", "1"),
        Exact("LINSERT", "big", "AFTER", "small", new string('w', 9000)),
        Exact("LSET", "big", "2", new string('v', 20_000)),
        Exact("LRANGE", "big", "1", "3"),
        Exact("LPOP", "big", "2"),
        Exact("LLEN", "big"),
        .. ManyElements(),
    ], output);

    /// <summary>Enough elements to fill many quicklist nodes, then edits across node boundaries.</summary>
    private static IEnumerable<GeneratedCommand> ManyElements()
    {
        var batch = new List<object> { "RPUSH", "many" };
        for (var i = 0; i < 3000; i++)
        {
            batch.Add(i % 7 == 0 ? "value-" + i : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        yield return Exact(batch.ToArray());
        yield return Exact("LLEN", "many");
        yield return Exact("LINDEX", "many", "1500");
        yield return Exact("LINDEX", "many", "-1501");
        yield return Exact("LRANGE", "many", "995", "1010");
        yield return Exact("LRANGE", "many", "-20", "-1");
        for (var i = 0; i < 40; i++)
        {
            yield return Exact("LINSERT", "many", i % 2 == 0 ? "BEFORE" : "AFTER", (i * 71).ToString(System.Globalization.CultureInfo.InvariantCulture), "ins-" + i);
        }
        yield return Exact("LRANGE", "many", "0", "200");
        yield return Exact("LREM", "many", "0", "value-7");
        yield return Exact("LREM", "many", "-3", "ins-1");
        yield return Exact("LPOS", "many", "2999");
        yield return Exact("LPOS", "many", "ins-3", "RANK", "-1");
        yield return Exact("LTRIM", "many", "100", "-100");
        yield return Exact("LLEN", "many");
        yield return Exact("LRANGE", "many", "0", "50");
        yield return Exact("RPOP", "many", "1000");
        yield return Exact("LPOP", "many", "500");
        yield return Exact("LRANGE", "many", "0", "-1");
    }
}

/// <summary>The same list commands with tiny quicklist nodes (4 entries), so every edit crosses node boundaries.</summary>
public sealed class SmallNodeListServerPair : KeyspaceServerPair
{
    protected override string[] ExtraArgs => ["--list-max-listpack-size", "4"];
}

/// <summary>List edits with 4-entry quicklist nodes: splits, merges and node removals.</summary>
public sealed class ListSmallNodeTests(SmallNodeListServerPair servers, ITestOutputHelper output) : IClassFixture<SmallNodeListServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Edits_across_small_nodes_match_redis()
    {
        var commands = new List<GeneratedCommand>
        {
            Exact("RPUSH", "l", "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15"),
        };
        var random = new Random(7);
        for (var i = 0; i < 300; i++)
        {
            var n = random.Next(16).ToString(System.Globalization.CultureInfo.InvariantCulture);
            commands.Add(random.Next(9) switch
            {
                0 => Exact("LINSERT", "l", "BEFORE", n, "b" + i),
                1 => Exact("LINSERT", "l", "AFTER", n, "a" + i),
                2 => Exact("LREM", "l", random.Next(-2, 3).ToString(System.Globalization.CultureInfo.InvariantCulture), n),
                3 => Exact("LSET", "l", random.Next(-20, 20).ToString(System.Globalization.CultureInfo.InvariantCulture), n),
                4 => Exact("LPUSH", "l", n, "p" + i),
                5 => Exact("RPUSH", "l", n),
                6 => Exact("LTRIM", "l", random.Next(0, 2).ToString(System.Globalization.CultureInfo.InvariantCulture), "-" + random.Next(1, 3)),
                7 => Exact("LPOS", "l", n, "RANK", "-1", "COUNT", "0"),
                _ => Exact(random.Next(2) == 0 ? "LPOP" : "RPOP", "l", random.Next(0, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)),
            });
            if (i % 10 == 9)
            {
                commands.Add(Exact("LRANGE", "l", "0", "-1"));
            }
        }
        commands.Add(Exact("LRANGE", "l", "0", "-1"));
        commands.Add(Exact("OBJECT", "ENCODING", "l"));
        return servers.RunAsync("list-small-nodes", commands, output);
    }
}
