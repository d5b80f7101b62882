using System.Numerics;
using System.Runtime.CompilerServices;

namespace Basalt.Keyspace;

/// <summary>
/// The keys of a database that have an expiry, so that the active expire cycle and volatile
/// eviction can sample them at random in O(1), as Redis samples its expires dict.
/// </summary>
/// <remarks>
/// An open-addressing set of entries keyed by object identity (the hash the runtime keeps in each
/// object's header), with linear probing and removal by shifting back the entries after the hole.
/// The index finds an entry itself, so an entry need not remember where it is: a position field
/// in every <see cref="KeyEntry"/>, expiring or not, cost 4 bytes per key (8 once rounded, for a
/// 16-byte name). The table stays between 1/8 and 3/4 full, about 11 bytes per expiring key.
/// </remarks>
public sealed class ExpiryIndex
{
    private const int MinCapacity = 8;

    private KeyEntry?[] _slots = new KeyEntry?[MinCapacity];

    public int Count { get; private set; }

    internal bool Contains(KeyEntry entry) => IndexOf(entry) >= 0;

    /// <summary>Adds an entry; nothing happens when it is already there.</summary>
    internal void Add(KeyEntry entry)
    {
        var at = IndexOf(entry);
        if (at >= 0)
        {
            return;
        }
        if ((Count + 1) * 4L > _slots.Length * 3L)
        {
            Resize(_slots.Length * 2);
            Place(_slots, entry);
        }
        else
        {
            // The empty slot that ended the search is where the entry goes.
            _slots[~at] = entry;
        }
        Count++;
    }

    /// <summary>Removes an entry; nothing happens when it is not there.</summary>
    internal void Remove(KeyEntry entry)
    {
        var hole = IndexOf(entry);
        if (hole < 0)
        {
            return;
        }
        var mask = _slots.Length - 1;
        _slots[hole] = null;
        Count--;
        // Backward-shift deletion: an entry further along the run moves into the hole unless its
        // home slot lies cyclically after the hole (it would then no longer be found from home).
        for (var i = (hole + 1) & mask; _slots[i] is { } next; i = (i + 1) & mask)
        {
            var home = Home(next, mask);
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                _slots[hole] = next;
                _slots[i] = null;
                hole = i;
            }
        }
        if (_slots.Length > MinCapacity && Count * 8L < _slots.Length)
        {
            Resize(_slots.Length / 2);
        }
    }

    /// <summary>
    /// A member chosen at random (the index must not be empty): the first one at or after a random
    /// slot, about as uniform as Redis's pick of a random bucket.
    /// </summary>
    internal KeyEntry Sample(Random random)
    {
        if (Count == 0)
        {
            // The probe below would never find one.
            throw new InvalidOperationException("sampling an empty expiry index");
        }
        var mask = _slots.Length - 1;
        for (var i = random.Next(_slots.Length); ; i = (i + 1) & mask)
        {
            if (_slots[i] is { } entry)
            {
                return entry;
            }
        }
    }

    internal void Clear()
    {
        _slots = new KeyEntry?[MinCapacity];
        Count = 0;
    }

    /// <summary>The entry's slot, or when it is not there the complement (negative) of the empty slot that ended the search.</summary>
    private int IndexOf(KeyEntry entry)
    {
        var mask = _slots.Length - 1;
        var i = Home(entry, mask);
        for (; _slots[i] is { } candidate; i = (i + 1) & mask)
        {
            if (ReferenceEquals(candidate, entry))
            {
                return i;
            }
        }
        return ~i;
    }

    private void Resize(int capacity)
    {
        var slots = new KeyEntry?[capacity];
        foreach (var entry in _slots)
        {
            if (entry is not null)
            {
                Place(slots, entry);
            }
        }
        _slots = slots;
    }

    private static void Place(KeyEntry?[] slots, KeyEntry entry)
    {
        var mask = slots.Length - 1;
        var i = Home(entry, mask);
        while (slots[i] is not null)
        {
            i = (i + 1) & mask;
        }
        slots[i] = entry;
    }

    /// <summary>The slot an entry's identity hash points at: the top bits of its Fibonacci product, which spreads the runtime's 26-bit hashes over any table size.</summary>
    private static int Home(KeyEntry entry, int mask) =>
        (int)(((uint)RuntimeHelpers.GetHashCode(entry) * 2654435769u) >> (32 - BitOperations.Log2((uint)mask + 1)));
}
