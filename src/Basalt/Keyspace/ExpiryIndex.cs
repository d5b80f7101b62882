namespace Basalt.Keyspace;

/// <summary>
/// The keys of a database that have an expiry, in a dense array so that the active expire cycle
/// and volatile eviction can sample them at random in O(1), as Redis samples its expires dict.
/// </summary>
public sealed class ExpiryIndex
{
    private KeyEntry[] _items = new KeyEntry[4];

    public int Count { get; private set; }

    internal void Add(KeyEntry entry)
    {
        if (entry.ExpirySlot >= 0)
        {
            return;
        }
        if (Count == _items.Length)
        {
            Array.Resize(ref _items, Count * 2);
        }
        entry.ExpirySlot = Count;
        _items[Count++] = entry;
    }

    internal void Remove(KeyEntry entry)
    {
        var slot = entry.ExpirySlot;
        if (slot < 0)
        {
            return;
        }
        var last = _items[--Count];
        _items[slot] = last;
        last.ExpirySlot = slot;
        _items[Count] = null!;
        entry.ExpirySlot = -1;
        if (_items.Length > 64 && Count < _items.Length / 4)
        {
            Array.Resize(ref _items, _items.Length / 2);
        }
    }

    internal KeyEntry Sample(Random random) => _items[random.Next(Count)];

    internal void Clear()
    {
        _items = new KeyEntry[4];
        Count = 0;
    }
}
