using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The numbered slots a key table keeps its entries in.</summary>
public sealed class KeyEntrySlotsTests
{
    private static KeyEntry Entry(int i)
    {
        var key = BitConverter.GetBytes(i);
        return KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromInteger(i));
    }

    [Fact]
    public void Slots_are_numbered_from_one_in_order_across_chunks()
    {
        var slots = new KeyEntrySlots();
        var entries = Enumerable.Range(0, 200_000).Select(Entry).ToArray();
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.Equal(i + 1, slots.Add(entries[i]));
        }
        Assert.Equal(entries.Length, slots.Count);
        for (var i = 0; i < entries.Length; i++)
        {
            Assert.Same(entries[i], slots[i + 1]);
        }
    }

    [Fact]
    public void A_released_slot_is_reused_last_freed_first()
    {
        var slots = new KeyEntrySlots();
        for (var i = 0; i < 100; i++)
        {
            slots.Add(Entry(i));
        }
        slots.Release(10);
        slots.Release(70);
        Assert.Equal(98, slots.Count);
        var a = Entry(1000);
        var b = Entry(1001);
        Assert.Equal(70, slots.Add(a));
        Assert.Equal(10, slots.Add(b));
        Assert.Equal(101, slots.Add(Entry(1002)));
        Assert.Same(a, slots[70]);
        Assert.Same(b, slots[10]);
        Assert.Equal(101, slots.Count);
    }

    [Fact]
    public void A_table_reuses_the_slots_of_deleted_keys()
    {
        var table = new KeyTable();
        var entries = new List<KeyEntry>();
        var most = 0;
        for (var round = 0; round < 5; round++)
        {
            for (var i = 0; i < 10_000; i++)
            {
                var key = BitConverter.GetBytes(round * 10_000 + i);
                var entry = KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromInteger(i));
                table.Insert(entry);
                entries.Add(entry);
            }
            most = Math.Max(most, entries.Count);
            // Delete every other key: chains in every segment lose links in their middle.
            foreach (var entry in entries.Where((_, i) => i % 2 == 0).ToList())
            {
                table.Remove(entry);
                entries.Remove(entry);
            }
        }
        Assert.Equal(entries.Count, table.Count);
        Assert.Equal(entries.Count, table.Entries().Count());
        foreach (var entry in entries)
        {
            Assert.Same(entry, table.Find(entry.Key));
        }
        // 50,000 keys were added, but never more than `most` at once: freed slots were taken again.
        Assert.Equal(most, table.SlotExtent);
    }
}
