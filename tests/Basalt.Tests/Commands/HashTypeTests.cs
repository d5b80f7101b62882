using System.Text;
using Basalt.Types;
using Basalt.Types.Encodings;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>The hash value type in process: both encodings against a dictionary model, and the packed pairs.</summary>
public sealed class HashTypeTests
{
    private static readonly RedisHash.Limits DefaultLimits = new(512, 64);

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static Dictionary<string, string> Snapshot(RedisHash hash)
    {
        var result = new Dictionary<string, string>();
        for (var h = hash.FirstPair; h >= 0; h = hash.NextPair(h))
        {
            Assert.True(result.TryAdd(hash.FieldAt(h).ToString(), hash.ValueAt(h).ToString()), "a field appears twice");
        }
        Assert.Equal(hash.Count, result.Count);
        return result;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(127)]
    [InlineData(128)]
    [InlineData(16383)]
    [InlineData(16384)]
    [InlineData(70000)]
    public void Pairs_pack_any_field_length(int fieldLength)
    {
        var field = new byte[fieldLength];
        Array.Fill(field, (byte)'f');
        var pair = HashPair.Create(field, B("value"));
        Assert.True(HashPair.Field(pair).SequenceEqual(field));
        Assert.Equal("value", Encoding.ASCII.GetString(HashPair.Value(pair)));
        Assert.True(HashPair.HeapSize(pair) >= pair.Length + 24);
    }

    [Fact]
    public void Listpack_layout_is_field_value_in_insertion_order()
    {
        var hash = RedisHash.Create();
        Assert.True(hash.Set(B("a"), B("1"), DefaultLimits));
        Assert.True(hash.Set(B("b"), B("two"), DefaultLimits));
        Assert.False(hash.Set(B("a"), B("uno"), DefaultLimits));
        var expected = new Listpack();
        foreach (var s in new[] { "a", "uno", "b", "two" })
        {
            expected.Append(B(s));
        }
        Assert.Equal(Convert.ToHexString(expected.AsSpan()), Convert.ToHexString(hash.ListpackBlob));
        Assert.Equal("listpack", hash.EncodingName);
    }

    [Fact]
    public void Random_operations_match_a_dictionary_in_both_encodings()
    {
        var random = new Random(42);
        var hash = RedisHash.Create();
        var model = new Dictionary<string, string>();
        var limits = new RedisHash.Limits(64, 20);
        for (var step = 0; step < 4000; step++)
        {
            var field = "f" + random.Next(step < 2000 ? 50 : 300);
            switch (random.Next(4))
            {
                case 0:
                case 1:
                    {
                        var value = random.Next(3) == 0 ? random.Next(-1000, 1000).ToString(System.Globalization.CultureInfo.InvariantCulture) : new string('v', random.Next(step < 3000 ? 10 : 30));
                        Assert.Equal(!model.ContainsKey(field), hash.Set(B(field), B(value), limits));
                        model[field] = value;
                        break;
                    }
                case 2:
                    Assert.Equal(model.Remove(field), hash.Delete(B(field)));
                    break;
                default:
                    Assert.Equal(model.TryGetValue(field, out var expected), hash.TryGet(B(field), out var actual));
                    if (expected is not null)
                    {
                        Assert.Equal(expected, actual.ToString());
                        Assert.Equal(expected.Length, actual.Length);
                    }
                    break;
            }
            Assert.Equal(model.Count, hash.Count);
            if (!hash.IsListpack)
            {
                Assert.True(step >= 50, "converted early");
            }
        }
        Assert.False(hash.IsListpack);
        Assert.Equal(model.OrderBy(p => p.Key), Snapshot(hash).OrderBy(p => p.Key));
    }

    [Fact]
    public void Conversion_keeps_every_pair_and_integers_become_text()
    {
        var hash = RedisHash.Create();
        hash.Set(B("n"), B("-42"), DefaultLimits);
        hash.Set(B("12"), B("x"), DefaultLimits);
        hash.Set(B("s"), B(""), DefaultLimits);
        var before = Snapshot(hash);
        hash.ConvertToHashtable();
        Assert.Equal("hashtable", hash.EncodingName);
        Assert.Equal(before.OrderBy(p => p.Key), Snapshot(hash).OrderBy(p => p.Key));
        Assert.True(hash.TryGet(B("12"), out var value));
        Assert.False(value.IsInteger);
        Assert.Equal("x", value.ToString());
    }

    [Fact]
    public void Loaded_listpacks_must_hold_distinct_fields_in_pairs()
    {
        var lp = new Listpack();
        foreach (var s in new[] { "a", "1", "12", "x", "b", "2" })
        {
            lp.Append(B(s));
        }
        Assert.True(RedisHash.IsValidPairListpack(lp));
        Assert.Equal(3, RedisHash.FromListpack(lp.Clone()).Count);
        lp.Append(B("12"));
        Assert.False(RedisHash.IsValidPairListpack(lp));
        Assert.Throws<InvalidDataException>(() => RedisHash.FromListpack(lp));
        lp.Append(B("y"));
        Assert.False(RedisHash.IsValidPairListpack(lp));
    }

    [Fact]
    public void Too_long_arguments_and_too_many_fields_convert()
    {
        var hash = RedisHash.Create();
        hash.ConvertIfTooLarge(64, 128, DefaultLimits);
        Assert.True(hash.IsListpack);
        hash.ConvertIfTooLarge(65, 65, DefaultLimits);
        Assert.False(hash.IsListpack);

        hash = RedisHash.Create();
        var limits = new RedisHash.Limits(3, 64);
        for (var i = 0; i < 3; i++)
        {
            hash.Set(B("f" + i), B("v"), limits);
        }
        Assert.True(hash.IsListpack);
        hash.Set(B("f3"), B("v"), limits);
        Assert.False(hash.IsListpack);
    }

    [Fact]
    public void Deep_copies_are_independent()
    {
        foreach (var fields in new[] { 5, 600 })
        {
            var hash = RedisHash.Create();
            for (var i = 0; i < fields; i++)
            {
                hash.Set(B("f" + i), B("v" + i), DefaultLimits);
            }
            var copy = (RedisHash)hash.DeepCopy();
            Assert.Equal(hash.EncodingName, copy.EncodingName);
            copy.Set(B("f0"), B("changed"), DefaultLimits);
            copy.Delete(B("f1"));
            Assert.True(hash.TryGet(B("f0"), out var original));
            Assert.Equal("v0", original.ToString());
            Assert.True(hash.Contains(B("f1")));
            Assert.Equal(fields - 1, copy.Count);
        }
    }

    [Fact]
    public void Random_pairs_are_members_and_unique_picks_are_distinct()
    {
        var random = new Random(3);
        foreach (var fields in new[] { 12, 700 })
        {
            var hash = RedisHash.Create();
            for (var i = 0; i < fields; i++)
            {
                hash.Set(B("f" + i), B(i.ToString(System.Globalization.CultureInfo.InvariantCulture)), DefaultLimits);
            }
            var handles = new int[2000];
            hash.RandomPairs(random, handles);
            var hits = new HashSet<string>();
            foreach (var h in handles)
            {
                var field = hash.FieldAt(h).ToString();
                Assert.Equal("f" + hash.ValueAt(h).ToString(), field);
                hits.Add(field);
            }
            Assert.Equal(Math.Min(fields, hits.Count), hits.Count);
            Assert.True(hits.Count >= Math.Min(fields, 500), $"{hits.Count} distinct of {fields}");

            var unique = new int[fields / 3];
            Assert.Equal(unique.Length, hash.RandomPairsUnique(random, unique));
            Assert.Equal(unique.Length, unique.Select(h => hash.FieldAt(h).ToString()).Distinct().Count());

            var single = hash.RandomPair(random);
            Assert.True(hash.Contains(hash.FieldAt(single).AsSpan(new byte[ListpackEntry.MaxIntegerChars])));
        }
    }

    [Fact]
    public void Table_scan_covers_every_field_across_growth()
    {
        var hash = RedisHash.CreateHashtable();
        for (var i = 0; i < 100; i++)
        {
            hash.Set(B("stable" + i), B("v"), DefaultLimits);
        }
        var seen = new HashSet<string>();
        ulong cursor = 0;
        var calls = 0;
        do
        {
            var pairs = new List<byte[]>();
            cursor = hash.ScanTable(cursor, 3, pairs);
            foreach (var pair in pairs)
            {
                seen.Add(Encoding.ASCII.GetString(HashPair.Field(pair)));
            }
            // Grow through a few doublings, then let the walk finish (growing forever, it never would).
            for (var i = 0; i < 50 && calls < 40; i++)
            {
                hash.Set(B($"grow{calls}-{i}"), B("v"), DefaultLimits);
            }
            calls++;
        }
        while (cursor != 0);
        for (var i = 0; i < 100; i++)
        {
            Assert.Contains("stable" + i, seen);
        }
    }

    [Fact]
    public void Memory_accounting_follows_the_content()
    {
        var hash = RedisHash.Create();
        var empty = hash.ApproximateSize;
        for (var i = 0; i < 100; i++)
        {
            hash.Set(B("field" + i), B("value" + i), DefaultLimits);
        }
        var small = hash.ApproximateSize;
        Assert.InRange(small - empty, 100 * 14, 100 * 14 * 2);
        hash.ConvertToHashtable();
        var table = hash.ApproximateSize;
        Assert.True(table > small);
        for (var i = 0; i < 100; i++)
        {
            hash.Delete(B("field" + i));
        }
        Assert.True(hash.ApproximateSize < small, $"{hash.ApproximateSize} after deleting everything");
    }
}
