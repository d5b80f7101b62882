using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The set of keys with a TTL that the active expire cycle samples.</summary>
public sealed class ExpiryIndexTests
{
    private static KeyEntry Entry(int i)
    {
        var key = Encoding.ASCII.GetBytes("k" + i);
        return KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromValue("v"u8));
    }

    [Fact]
    public void Add_is_idempotent_and_remove_takes_out_only_its_entry()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 1000).Select(Entry).ToList();
        foreach (var e in entries)
        {
            index.Add(e);
            index.Add(e);
        }
        Assert.Equal(1000, index.Count);
        for (var i = 0; i < entries.Count; i += 3)
        {
            index.Remove(entries[i]);
            index.Remove(entries[i]);
        }
        Assert.Equal(entries.Count - (entries.Count + 2) / 3, index.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(i % 3 != 0, index.Contains(entries[i]));
        }
    }

    [Fact]
    public void Adds_and_removes_in_any_order_agree_with_a_plain_set()
    {
        // Removal shifts later entries of a probe run back into the hole; growth and shrinking rehash.
        var index = new ExpiryIndex();
        var model = new HashSet<KeyEntry>(ReferenceEqualityComparer.Instance);
        var entries = Enumerable.Range(0, 3000).Select(Entry).ToList();
        var random = new Random(11);
        for (var step = 1; step <= 200_000; step++)
        {
            var e = entries[random.Next(step < 100_000 ? entries.Count : 300)];
            if (random.Next(3) == 0)
            {
                index.Remove(e);
                model.Remove(e);
            }
            else
            {
                index.Add(e);
                model.Add(e);
            }
            if (step % 10_000 == 0)
            {
                Assert.Equal(model.Count, index.Count);
                Assert.All(entries, x => Assert.Equal(model.Contains(x), index.Contains(x)));
            }
        }
    }

    [Fact]
    public void Sampling_returns_only_members_and_reaches_all_of_them()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 30).Select(Entry).ToList();
        entries.ForEach(index.Add);
        index.Remove(entries[0]);
        var random = new Random(3);
        var seen = new HashSet<KeyEntry>();
        for (var i = 0; i < 5000; i++)
        {
            var sample = index.Sample(random);
            Assert.NotSame(entries[0], sample);
            seen.Add(sample);
        }
        Assert.Equal(29, seen.Count);
    }

    [Fact]
    public void Shrinks_after_mass_removal_and_is_usable_again()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 10_000).Select(Entry).ToList();
        entries.ForEach(index.Add);
        entries.ForEach(index.Remove);
        Assert.Equal(0, index.Count);
        Assert.Throws<InvalidOperationException>(() => index.Sample(new Random(1)));
        index.Add(entries[5]);
        Assert.Equal(1, index.Count);
        Assert.Same(entries[5], index.Sample(new Random(1)));
    }
}
