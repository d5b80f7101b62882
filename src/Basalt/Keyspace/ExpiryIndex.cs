using System.Numerics;
using System.Runtime.CompilerServices;

namespace Basalt.Keyspace;

/// <summary>
/// The expiry times of a key table's keys that have one (Redis's expires dict): looked up by entry,
/// and sampled at random in O(1) by the active expire cycle and volatile eviction.
/// </summary>
/// <remarks>
/// <para>The times live here, not in the entries: most keys never expire, and a time field in every
/// <see cref="KeyEntry"/> cost 8 bytes per key. An entry only says whether it has one
/// (<see cref="KeyEntry.HasExpiry"/>, a bit), so that a key without one costs no lookup; a key with
/// one costs a lookup here, as it does in Redis.</para>
/// <para>An open-addressing table of (entry, time) keyed by object identity (the hash the runtime
/// keeps in each object's header), with linear probing and removal by shifting back the members
/// after the hole; kept between 1/8 and 3/4 full, about 30 bytes per expiring key.</para>
/// <para>Changes happen under the server lock. A snapshot's walker reads the time of an entry it has
/// claimed outside it (<see cref="ReadConcurrently"/>): that entry's time cannot change meanwhile,
/// but others' changes move members around, so the reader checks a change counter (a seqlock) and
/// looks again if the table changed under it.</para>
/// </remarks>
public sealed class ExpiryIndex
{
    private const int MinCapacity = 8;

    private Member[] _members = new Member[MinCapacity];

    // Odd while a change is under way; the reader of ReadConcurrently compares it before and after.
    private int _version;

    public int Count { get; private set; }

    internal bool Contains(KeyEntry entry) => IndexOf(_members, entry) >= 0;

    /// <summary>The expiry time of <paramref name="entry"/> in Unix milliseconds, -1 when it has none here.</summary>
    internal long ExpireAtMs(KeyEntry entry)
    {
        var at = IndexOf(_members, entry);
        return at >= 0 ? _members[at].ExpireAtMs : -1;
    }

    /// <summary>
    /// <see cref="ExpireAtMs"/> from a thread that does not hold the server lock, for an entry whose
    /// time nobody changes meanwhile (a snapshot's claimed entry).
    /// </summary>
    internal long ReadConcurrently(KeyEntry entry)
    {
        var spin = new SpinWait();
        while (true)
        {
            var before = Volatile.Read(ref _version);
            if ((before & 1) == 0)
            {
                var members = Volatile.Read(ref _members);
                var at = IndexOf(members, entry);
                var time = at >= 0 ? members[at].ExpireAtMs : -1;
                // The reads above must be done before the counter is read again.
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _version) == before)
                {
                    return time;
                }
            }
            spin.SpinOnce();
        }
    }

    /// <summary>Gives <paramref name="entry"/> an expiry time (a new one, or in place of the one it had).</summary>
    internal void Set(KeyEntry entry, long expireAtMs)
    {
        BeginChange();
        var at = IndexOf(_members, entry);
        if (at >= 0)
        {
            _members[at].ExpireAtMs = expireAtMs;
        }
        else
        {
            if ((Count + 1) * 4L > _members.Length * 3L)
            {
                Resize(_members.Length * 2);
                at = IndexOf(_members, entry);
            }
            // The empty slot that ended the search is where the entry goes.
            _members[~at] = new Member(entry, expireAtMs);
            Count++;
        }
        entry.HasExpiry = true;
        EndChange();
    }

    /// <summary>Takes the expiry time of an entry away; nothing happens when it has none here.</summary>
    internal void Remove(KeyEntry entry)
    {
        var hole = IndexOf(_members, entry);
        if (hole < 0)
        {
            return;
        }
        BeginChange();
        entry.HasExpiry = false;
        var members = _members;
        var mask = members.Length - 1;
        members[hole] = default;
        Count--;
        // Backward-shift deletion: a member further along the run moves into the hole unless its
        // home slot lies cyclically after the hole (it would then no longer be found from home).
        for (var i = (hole + 1) & mask; members[i].Entry is { } next; i = (i + 1) & mask)
        {
            var home = Home(next, mask);
            if (((i - home) & mask) >= ((i - hole) & mask))
            {
                members[hole] = members[i];
                members[i] = default;
                hole = i;
            }
        }
        if (members.Length > MinCapacity && Count * 8L < members.Length)
        {
            Resize(members.Length / 2);
        }
        EndChange();
    }

    /// <summary>
    /// A member chosen at random (the index must not be empty): the first one at or after a random
    /// slot, about as uniform as Redis's pick of a random bucket.
    /// </summary>
    internal (KeyEntry Entry, long ExpireAtMs) Sample(Random random)
    {
        if (Count == 0)
        {
            // The probe below would never find one.
            throw new InvalidOperationException("sampling an empty expiry index");
        }
        var mask = _members.Length - 1;
        for (var i = random.Next(_members.Length); ; i = (i + 1) & mask)
        {
            if (_members[i].Entry is { } entry)
            {
                return (entry, _members[i].ExpireAtMs);
            }
        }
    }

    private void BeginChange() => Interlocked.Increment(ref _version);

    private void EndChange() => Volatile.Write(ref _version, _version + 1);

    /// <summary>
    /// The entry's slot in <paramref name="members"/>, or when it is not there the complement
    /// (negative) of the empty slot that ended the search. A concurrent reader's view of the table may
    /// be torn, so the probe also stops after going round it once.
    /// </summary>
    private static int IndexOf(Member[] members, KeyEntry entry)
    {
        var mask = members.Length - 1;
        var i = Home(entry, mask);
        for (var probes = 0; probes <= mask && members[i].Entry is { } candidate; probes++, i = (i + 1) & mask)
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
        var members = new Member[capacity];
        foreach (var member in _members)
        {
            if (member.Entry is { } entry)
            {
                // Not there yet: the search ends on the empty slot it goes in.
                members[~IndexOf(members, entry)] = member;
            }
        }
        Volatile.Write(ref _members, members);
    }

    /// <summary>The slot an entry's identity hash points at: the top bits of its Fibonacci product, which spreads the runtime's 26-bit hashes over any table size.</summary>
    private static int Home(KeyEntry entry, int mask) =>
        (int)(((uint)RuntimeHelpers.GetHashCode(entry) * 2654435769u) >> (32 - BitOperations.Log2((uint)mask + 1)));

    /// <summary>A key with an expiry and its time; an empty slot has no entry.</summary>
    private record struct Member(KeyEntry? Entry, long ExpireAtMs);
}
