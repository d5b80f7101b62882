using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The dense array of keys with a TTL that the active expire cycle samples.</summary>
public sealed class ExpiryIndexTests
{
    private static KeyEntry Entry(int i)
    {
        var key = Encoding.ASCII.GetBytes("k" + i);
        return KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromValue("v"u8));
    }

    [Fact]
    public void Add_is_idempotent_and_remove_keeps_slots_consistent()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 1000).Select(Entry).ToList();
        foreach (var e in entries)
        {
            index.Add(e);
            index.Add(e);
        }
        Assert.Equal(1000, index.Count);
        // Remove every third entry; the others must keep valid, distinct slots.
        for (var i = 0; i < entries.Count; i += 3)
        {
            index.Remove(entries[i]);
            Assert.Equal(-1, entries[i].ExpirySlot);
            index.Remove(entries[i]);
        }
        var remaining = entries.Where((_, i) => i % 3 != 0).ToList();
        Assert.Equal(remaining.Count, index.Count);
        Assert.Equal(remaining.Count, remaining.Select(e => e.ExpirySlot).Distinct().Count());
        Assert.All(remaining, e => Assert.InRange(e.ExpirySlot, 0, index.Count - 1));
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
        index.Add(entries[5]);
        Assert.Equal(1, index.Count);
        Assert.Same(entries[5], index.Sample(new Random(1)));
    }
}
