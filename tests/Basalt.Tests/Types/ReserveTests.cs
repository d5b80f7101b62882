using System.Text;
using Basalt.Types;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// A command that adds several elements makes room for them at once (HSET, SADD, ZADD, RPUSH with
/// many arguments): the value's array is allocated once, not at every element, and ends exactly as
/// large as adding them one by one would leave it when they all fit.
/// </summary>
public sealed class ReserveTests
{
    private static readonly RedisHash.Limits SmallHash = new(128, 64);
    private static readonly SortedSetLimits SmallZset = new(128, 64);

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static byte[][] Elements(int n, string prefix) => [.. Enumerable.Range(1, n).Select(i => B(prefix + i))];

    [Fact]
    public void A_hash_listpack_takes_the_pairs_of_one_command_without_growing_again()
    {
        var fields = Elements(10, "element:");
        var hash = RedisHash.Create();
        hash.Reserve(fields.Length, fields.Sum(f => Listpack.EntrySizeOf(f) + Listpack.EntrySizeOf("xxx"u8)), SmallHash);
        var buffer = hash.ListpackBuffer!;
        foreach (var field in fields)
        {
            hash.Set(field, "xxx"u8, SmallHash);
        }
        Assert.Same(buffer, hash.ListpackBuffer);
        Assert.Equal(Listpack.AllocationSize(hash.ListpackBlob.Length), buffer.Length);
    }

    [Fact]
    public void A_sorted_set_listpack_takes_the_members_of_one_command_without_growing_again()
    {
        var members = Elements(10, "element:");
        var scores = new[] { 1.0, 2.5, -3, 1e300, 0.1, 7, 8, 9, 10, 11 };
        var zset = RedisSortedSet.CreateListpack();
        zset.Reserve(members.Length, members.Select((m, i) => Listpack.EntrySizeOf(m) + RedisSortedSet.ScoreEntrySize(scores[i])).Sum(), SmallZset);
        var buffer = zset.ListpackBuffer!;
        for (var i = 0; i < members.Length; i++)
        {
            zset.Add(scores[i], members[i], ZAddOptions.None, SmallZset, out _);
        }
        Assert.Same(buffer, zset.ListpackBuffer);
        Assert.Equal(Listpack.AllocationSize(zset.ListpackBlob.Length), buffer.Length);
    }

    [Fact]
    public void An_intset_takes_the_members_of_one_command_without_growing_again()
    {
        var set = RedisSet.CreateIntset();
        set.Add("1"u8, 512);
        set.Reserve(9, 512);
        var buffer = set.IntsetEncoding!.Value.Buffer;
        for (var i = 2; i <= 10; i++)
        {
            set.Add(B(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 512);
        }
        Assert.Same(buffer, set.IntsetEncoding!.Value.Buffer);
        Assert.Equal(Listpack.AllocationSize(set.IntsetEncoding.Value.ByteLength), buffer.Length);
    }

    [Fact]
    public void A_set_table_is_sized_for_the_members_of_one_command()
    {
        var members = Elements(10, "element:");
        var reserved = RedisSet.CreateHashtable();
        reserved.Reserve(members.Length, 512);
        var grown = RedisSet.CreateHashtable();
        foreach (var member in members)
        {
            reserved.Add(member, 512);
            grown.Add(member, 512);
        }
        // Both end with room for 16; only the reserved one got there without 1, 2, 4 and 8.
        Assert.Equal(grown.ApproximateSize, reserved.ApproximateSize);
        var before = GC.GetAllocatedBytesForCurrentThread();
        var table = RedisSet.CreateHashtable();
        table.Reserve(members.Length, 512);
        foreach (var member in members)
        {
            table.Add(member, 512);
        }
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(table.ApproximateSize + 24 + 16 + 24 + 8, allocated); // plus the first table of one entry and one bucket
    }

    [Fact]
    public void A_value_created_for_a_command_has_room_for_all_its_elements()
    {
        var members = Elements(10, "element:");
        var bytes = members.Sum(m => Listpack.EntrySizeOf(m) + Listpack.EntrySizeOf("xxx"u8));
        var hash = RedisHash.Create(bytes);
        var hashBuffer = hash.ListpackBuffer!;
        foreach (var field in members)
        {
            hash.Set(field, "xxx"u8, SmallHash);
        }
        Assert.Same(hashBuffer, hash.ListpackBuffer);

        var zset = RedisSortedSet.CreateListpack(members.Sum(m => Listpack.EntrySizeOf(m) + RedisSortedSet.ScoreEntrySize(1)));
        var zsetBuffer = zset.ListpackBuffer!;
        foreach (var member in members)
        {
            zset.Add(1, member, ZAddOptions.None, SmallZset, out _);
        }
        Assert.Same(zsetBuffer, zset.ListpackBuffer);

        var integers = RedisSet.CreateFor("1"u8, 10, 512);
        var intsetBuffer = integers.IntsetEncoding!.Value.Buffer;
        for (var i = 1; i <= 10; i++)
        {
            integers.Add(B(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), 512);
        }
        Assert.Same(intsetBuffer, integers.IntsetEncoding!.Value.Buffer);
        // Past set-max-intset-entries the set will be a table: its intset gets no room.
        Assert.Equal(Listpack.AllocationSize(8), RedisSet.CreateFor("1"u8, 10, 5).IntsetEncoding!.Value.Buffer.Length);

        var strings = RedisSet.CreateFor("element:1"u8, 10, 512);
        var before = strings.ApproximateSize;
        strings.Reserve(10, 512);
        Assert.Equal(before, strings.ApproximateSize);
    }

    [Fact]
    public void A_list_node_takes_the_elements_of_one_command_without_growing_again()
    {
        var elements = Elements(10, "element:");
        foreach (var head in new[] { false, true })
        {
            var list = new RedisList(-2);
            list.Push(elements[0], head);
            list.ReserveAtEnd(head, elements.Skip(1).Sum(e => Listpack.EntrySizeOf(e)));
            var buffer = list.GetNode(0).Buffer;
            foreach (var element in elements.Skip(1))
            {
                list.Push(element, head);
            }
            Assert.Equal(1, list.NodeCount);
            Assert.Same(buffer, list.GetNode(0).Buffer);
            Assert.Equal(Listpack.AllocationSize(list.GetNode(0).ByteLength), buffer.Length);
        }
    }
}
