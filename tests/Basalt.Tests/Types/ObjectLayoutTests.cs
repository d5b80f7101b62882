using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// The sizes the memory count (INFO used_memory, eviction) uses are the real ones: what the
/// runtime allocates for a key's entry and for each type's value, measured with the thread's
/// allocation counter, which counts every object's header, fields, padding and array length.
/// </summary>
public sealed class ObjectLayoutTests
{
    private static readonly SortedSetLimits SmallZset = new(128, 64);
    private static readonly RedisHash.Limits SmallHash = new(128, 64);

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    /// <summary>The bytes allocated on this thread while <paramref name="make"/> runs, and what it made.</summary>
    private static long Allocated<T>(Func<T> make, out T made)
    {
        make(); // First run: static constructors and anything else a first call allocates.
        var before = GC.GetAllocatedBytesForCurrentThread();
        made = make();
        var after = GC.GetAllocatedBytesForCurrentThread();
        return after - before;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(11)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(24)]
    [InlineData(25)]
    [InlineData(32)]
    [InlineData(40)]
    [InlineData(48)]
    [InlineData(56)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(300)]
    public void A_key_entry_with_its_name_is_what_the_count_says(int keyLength)
    {
        var key = new byte[keyLength];
        for (var i = 0; i < key.Length; i++)
        {
            key[i] = (byte)(i * 7 + 1);
        }
        var value = RedisString.FromValue(B("xxx"));
        var hash = KeyHasher.Hash(key);
        Assert.Equal(KeyEntry.ObjectBytes(keyLength), Allocated(() => KeyEntry.Create(key, hash, value), out var entry));
        Assert.True(entry.Key.SequenceEqual(key));
        Assert.Equal(hash >> 32, entry.Hash >> 32);
        Assert.True(entry.HashMatches(hash));
    }

    [Fact]
    public void A_short_name_lives_in_its_entry()
    {
        // The fields every entry has take 40 bytes with the header; a name of up to 16 bytes makes 56
        // where an entry of 48 and an array of 40 take 88.
        Assert.Equal(56, KeyEntry.ObjectBytes(0));
        Assert.Equal(56, KeyEntry.ObjectBytes(16));
        Assert.Equal(64, KeyEntry.ObjectBytes(17));
        Assert.Equal(104, KeyEntry.ObjectBytes(64));
        Assert.Equal(48 + DatabaseMemory.ByteArray(65), KeyEntry.ObjectBytes(65));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(9)]
    [InlineData(44)]
    [InlineData(100)]
    public void A_byte_array_is_what_the_count_says(int length) =>
        Assert.Equal(DatabaseMemory.ByteArray(length), Allocated(() => new byte[length], out _));

    [Theory]
    [InlineData("xxx")]
    [InlineData("12345")]
    [InlineData("-9223372036854775808")]
    [InlineData("a value of exactly forty-four bytes.........")]
    [InlineData("a value longer than forty-four bytes, so raw, but set in one piece: still one array")]
    public void A_string_is_what_its_size_says(string text)
    {
        var bytes = B(text);
        var allocated = Allocated(() => RedisString.FromValue(bytes), out var value);
        Assert.Equal(allocated, value.ApproximateSize);
        Assert.Equal(text, Encoding.ASCII.GetString(value.ToArray()));
    }

    [Fact]
    public void A_string_object_is_32_bytes_whatever_its_encoding()
    {
        Assert.Equal(32, RedisString.ObjectSize);
        Assert.Equal(32, Allocated(() => RedisString.FromInteger(42), out var number));
        Assert.Equal("int", number.EncodingName);
        Assert.Equal(32, number.ApproximateSize);
    }

    [Fact]
    public void Encodings_survive_sharing_the_length_and_number_field()
    {
        var value = RedisString.FromValue(B("-7"));
        Assert.Equal(StringEncoding.Int, value.Encoding);
        Assert.Equal(-7, value.IntegerValue);
        Assert.Equal(2, value.Length);
        value.Append(B("abc"));
        Assert.Equal(StringEncoding.Raw, value.Encoding);
        Assert.Equal("-7abc", Encoding.ASCII.GetString(value.Bytes));
        Assert.Equal(5, value.Length);
        Assert.True(value.TryReplace(B("short")));
        Assert.Equal(StringEncoding.Embstr, value.Encoding);
        Assert.Equal("short", Encoding.ASCII.GetString(value.Bytes));
        var grown = value.GrowRawForWrite(8);
        Assert.Equal(8, grown.Length);
        Assert.Equal(StringEncoding.Raw, value.Encoding);
        Assert.Equal("short\0\0\0", Encoding.ASCII.GetString(value.Bytes));
        Assert.True(value.TryReplace(B("4294967296")));
        Assert.Equal(StringEncoding.Int, value.Encoding);
        Assert.Equal(4294967296L, value.IntegerValue);
    }

    [Fact]
    public void A_set_of_integers_keeps_the_array_its_intset_grew_or_shrank_into()
    {
        var set = RedisSet.CreateIntset();
        var before = set.IntsetEncoding!.Value.Buffer;
        for (var i = 0; i < 300; i++)
        {
            Assert.True(set.Add(B((i * 70_000L).ToString(System.Globalization.CultureInfo.InvariantCulture)), 512));
        }
        Assert.NotSame(before, set.IntsetEncoding!.Value.Buffer);
        Assert.Equal(300, set.Count);
        Assert.Equal(4, set.IntsetEncoding!.Value.Width);
        Assert.True(set.Contains(B("20930000")));
        for (var i = 10; i < 300; i++)
        {
            Assert.True(set.Remove(B((i * 70_000L).ToString(System.Globalization.CultureInfo.InvariantCulture))));
        }
        Assert.Equal(10, set.Count);
        Assert.Equal("intset", set.EncodingName);
        Assert.Equal(RedisSet.ObjectSize + DatabaseMemory.ByteArray(set.IntsetEncoding!.Value.Buffer.Length), set.ApproximateSize);
        Assert.True(set.IntsetEncoding!.Value.Buffer.Length < 10 * 4 * 4, "the array did not shrink");
    }

    [Fact]
    public void A_listpack_is_its_buffer_and_one_small_object_and_an_intset_only_its_buffer()
    {
        Assert.Equal(24, Listpack.ObjectSize);
        Assert.Equal(Allocated(() => new Listpack(), out var empty), empty.ApproximateSize);
        Assert.Equal(Allocated(() => new Intset(), out var emptyIntset), emptyIntset.ApproximateSize);
        Assert.Equal(DatabaseMemory.ByteArray(emptyIntset.Buffer.Length), emptyIntset.ApproximateSize);

        var lp = new Listpack();
        var intset = new Intset();
        for (var i = 0; i < 50; i++)
        {
            lp.Append(B("element:" + i));
            intset.Add(i * 1000);
        }
        Assert.Equal(Allocated(lp.Clone, out var lpCopy), lpCopy.ApproximateSize);
        Assert.Equal(Allocated(intset.Clone, out var intsetCopy), intsetCopy.ApproximateSize);
        Assert.Equal(50, lpCopy.Count);
        Assert.Equal(50, intsetCopy.Count);
        Assert.Equal(4, intsetCopy.Width);
    }

    [Fact]
    public void Small_collections_are_what_their_size_says()
    {
        Assert.Equal(Allocated(() => RedisHash.Create(), out var hash), hash.ApproximateSize);
        Assert.Equal(Allocated(() => RedisSet.CreateIntset(), out var set), set.ApproximateSize);
        Assert.Equal(Allocated(() => RedisSortedSet.CreateListpack(), out var zset), zset.ApproximateSize);
        Assert.Equal(Allocated(() => new RedisList(-2), out var list), list.ApproximateSize);

        for (var i = 0; i < 5; i++)
        {
            hash.Set(B("element:" + i), B("xxx"), SmallHash);
            set.Add(B(i.ToString()), 512);
            zset.Add(i, B("element:" + i), ZAddOptions.None, SmallZset, out _);
            list.PushTail(B("element:" + i));
        }
        Assert.Equal("listpack", hash.EncodingName);
        Assert.Equal("intset", set.EncodingName);
        Assert.Equal("listpack", zset.EncodingName);
        Assert.Equal(Allocated(hash.DeepCopy, out var hashCopy), hashCopy.ApproximateSize);
        Assert.Equal(Allocated(set.DeepCopy, out var setCopy), setCopy.ApproximateSize);
        Assert.Equal(Allocated(zset.DeepCopy, out var zsetCopy), zsetCopy.ApproximateSize);
        Assert.Equal(Allocated(list.DeepCopy, out var listCopy), listCopy.ApproximateSize);
    }

    [Fact]
    public void Large_collections_are_what_their_size_says()
    {
        const int members = 40;
        var fields = Enumerable.Range(0, members).Select(i => B("element:" + i)).ToArray();
        var value = B("value");

        // Presized, so that the only allocations are what stays: the table, the pairs or members, the nodes.
        var hashAllocated = Allocated(() =>
        {
            var h = RedisHash.CreateHashtable(members);
            foreach (var field in fields)
            {
                h.Set(field, value, SmallHash);
            }
            return h;
        }, out var hash);
        Assert.Equal("hashtable", hash.EncodingName);
        Assert.Equal(hashAllocated, hash.ApproximateSize);

        var setAllocated = Allocated(() =>
        {
            var s = RedisSet.CreateHashtable(members);
            foreach (var field in fields)
            {
                s.Add(field, 512);
            }
            return s;
        }, out var set);
        Assert.Equal("hashtable", set.EncodingName);
        Assert.Equal(setAllocated, set.ApproximateSize);

        var zsetAllocated = Allocated(() =>
        {
            var z = RedisSortedSet.CreateSkiplist(members);
            for (var i = 0; i < members; i++)
            {
                z.Add(i, fields[i], ZAddOptions.None, SmallZset, out _);
            }
            return z;
        }, out var zset);
        Assert.Equal("skiplist", zset.EncodingName);
        Assert.Equal(zsetAllocated, zset.ApproximateSize);
    }

    [Fact]
    public void A_small_hash_is_one_object_and_the_array_its_listpack_grew_or_shrank_into()
    {
        var hash = RedisHash.Create();
        for (var i = 0; i < 100; i++)
        {
            hash.Set(B("field:" + i), B("value:" + i), SmallHash);
            Assert.Equal(RedisHash.ObjectSize + DatabaseMemory.ByteArray(hash.ListpackBuffer!.Length), hash.ApproximateSize);
        }
        for (var i = 0; i < 100; i += 2)
        {
            Assert.True(hash.Delete(B("field:" + i)));
        }
        Assert.Equal("listpack", hash.EncodingName);
        Assert.Equal(50, hash.Count);
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i % 2 == 1, hash.TryGet(B("field:" + i), out var value));
            if (i % 2 == 1)
            {
                Assert.Equal("value:" + i, Encoding.ASCII.GetString(value.AsSpan(scratch)));
            }
        }
        Assert.Equal(Allocated(() => RedisHash.Create(), out var empty), empty.ApproximateSize);
        Assert.Equal(RedisHash.ObjectSize + DatabaseMemory.ByteArray(8), empty.ApproximateSize);
    }

    [Fact]
    public void A_small_sorted_set_is_one_object_and_the_array_its_listpack_grew_or_shrank_into()
    {
        var zset = RedisSortedSet.CreateListpack();
        for (var i = 0; i < 100; i++)
        {
            zset.Add(i + 0.5, B("member:" + i), ZAddOptions.None, SmallZset, out _);
            Assert.Equal(RedisSortedSet.ObjectSize + DatabaseMemory.ByteArray(zset.ListpackBuffer!.Length), zset.ApproximateSize);
        }
        for (var i = 0; i < 100; i += 2)
        {
            Assert.True(zset.Remove(B("member:" + i)));
        }
        Assert.Equal("listpack", zset.EncodingName);
        Assert.Equal(50, zset.Count);
        for (var i = 0; i < 100; i++)
        {
            Assert.Equal(i % 2 == 1, zset.TryGetScore(B("member:" + i), out var score));
            Assert.Equal(i % 2 == 1 ? i + 0.5 : 0, score);
        }
        Assert.Equal(Allocated(() => RedisSortedSet.CreateListpack(), out var empty), empty.ApproximateSize);
        Assert.Equal(RedisSortedSet.ObjectSize + DatabaseMemory.ByteArray(8), empty.ApproximateSize);
    }

    [Fact]
    public void A_set_of_one_string_is_a_table_of_one_entry_and_one_bucket()
    {
        // Redis 7.0 keeps any set with a non-integer member in a hashtable; the table starts at one
        // entry and one bucket, and doubles from there.
        var set = RedisSet.CreateIntset();
        set.Add(B("element:1"), 512);
        Assert.Equal("hashtable", set.EncodingName);
        Assert.Equal(RedisSet.ObjectSize + MemberTable<byte[], RedisSet.BytesKey>.ObjectSize + DatabaseMemory.ByteArray(4) + (24 + 16)
            + DatabaseMemory.ByteArray(9), set.ApproximateSize);
        set.Add(B("element:2"), 512);
        Assert.Equal(RedisSet.ObjectSize + MemberTable<byte[], RedisSet.BytesKey>.ObjectSize + DatabaseMemory.ByteArray(8) + (24 + 32)
            + 2 * DatabaseMemory.ByteArray(9), set.ApproximateSize);
    }

    [Fact]
    public void A_key_costs_its_entry_name_bucket_and_value()
    {
        var key = B("key:000000000001");
        var entry = KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromValue(B("xxx")));
        // 56 (entry with its 16-byte name) + 12 (slot and bucket) + 32 (string object, the 3 bytes
        // inside) = 100, counted in 8-byte units.
        Assert.Equal(104, DatabaseMemory.Of(entry));
    }
}
