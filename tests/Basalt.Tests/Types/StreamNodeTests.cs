using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// The stream node listpack must be Redis's byte for byte, so the RDB code can write and read it
/// as a blob; the expected bytes are the node of `DUMP u` from redis-server 7.0.15 after
/// XADD u 5-1 name alice age 30, XADD u 5-2 name bob age 7, XADD u 6-0 other x, XDEL u 5-2.
/// </summary>
public sealed class StreamNodeTests
{
    private const string RedisNodeHex =
        "4f0000001900020101010201846e616d65058361676504000102010001000185616c696365061e01050103010001010183626f62040701050100010101dfff020101856f74686572068178020601ff";

    private sealed class Pairs(params string[] items) : IStreamFieldSource
    {
        public int PairCount => items.Length / 2;

        public ReadOnlySpan<byte> Field(int index) => Encoding.ASCII.GetBytes(items[index * 2]);

        public ReadOnlySpan<byte> Value(int index) => Encoding.ASCII.GetBytes(items[(index * 2) + 1]);
    }

    private static RedisStream Build()
    {
        var stream = new RedisStream();
        stream.Append(new StreamId(5, 1), new Pairs("name", "alice", "age", "30"), 4096, 100);
        stream.Append(new StreamId(5, 2), new Pairs("name", "bob", "age", "7"), 4096, 100);
        stream.Append(new StreamId(6, 0), new Pairs("other", "x"), 4096, 100);
        Assert.True(stream.Delete(new StreamId(5, 2)));
        return stream;
    }

    [Fact]
    public void Node_bytes_are_those_redis_dumps()
    {
        var stream = Build();
        var node = Assert.Single(stream.Nodes);
        Assert.Equal(new StreamId(5, 1), node.MasterId);
        Assert.Equal(RedisNodeHex, Convert.ToHexString(node.Listpack.AsSpan()).ToLowerInvariant());
        Assert.Equal(2, stream.Length);
        Assert.Equal(new StreamId(6, 0), stream.LastId);
        Assert.Equal(3, stream.EntriesAdded);
    }

    [Fact]
    public void Iteration_skips_deleted_entries_both_ways()
    {
        var stream = Build();
        var forward = new List<string>();
        var iterator = stream.Range(StreamId.Min, StreamId.Max);
        while (iterator.MoveNext())
        {
            forward.Add(iterator.Id.ToString());
        }
        var backward = new List<string>();
        iterator = stream.Range(StreamId.Min, StreamId.Max, reverse: true);
        while (iterator.MoveNext())
        {
            backward.Add(iterator.Id.ToString());
        }
        Assert.Equal(["5-1", "6-0"], forward);
        Assert.Equal(["6-0", "5-1"], backward);
    }

    [Fact]
    public void Deleting_the_last_live_entry_of_a_node_removes_the_node()
    {
        var stream = Build();
        Assert.True(stream.Delete(new StreamId(5, 1)));
        Assert.True(stream.Delete(new StreamId(6, 0)));
        Assert.False(stream.Delete(new StreamId(6, 0)));
        Assert.Empty(stream.Nodes);
        Assert.Equal(0, stream.Length);
    }

    [Theory]
    [InlineData("1-2", true, 1UL, 2UL)]
    [InlineData("7", true, 7UL, 0UL)]
    [InlineData("18446744073709551615-18446744073709551615", true, ulong.MaxValue, ulong.MaxValue)]
    [InlineData("18446744073709551616", false, 0UL, 0UL)]
    [InlineData("-1", false, 0UL, 0UL)]
    [InlineData("1-", false, 0UL, 0UL)]
    [InlineData("a-1", false, 0UL, 0UL)]
    [InlineData("+3", true, 3UL, 0UL)]
    public void Ids_parse_as_redis_string2ull(string text, bool ok, ulong ms, ulong seq)
    {
        Assert.Equal(ok, StreamId.TryParse(Encoding.ASCII.GetBytes(text), out var id, strict: true));
        if (ok)
        {
            Assert.Equal(new StreamId(ms, seq), id);
        }
    }
}
