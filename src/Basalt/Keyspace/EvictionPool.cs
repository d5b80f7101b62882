namespace Basalt.Keyspace;

/// <summary>
/// Redis's eviction pool (EvictionPoolLRU, EVPOOL_SIZE 16): the best candidates met by the samples
/// so far, sorted by ascending idle score, so that each eviction takes the best of many samples
/// rather than of one round. Entries hold key names, not entries: a key deleted since it was
/// pooled is found missing at eviction time and skipped (a "ghost"), as in Redis.
/// </summary>
public sealed class EvictionPool
{
    public const int Size = 16;

    private readonly ulong[] _idle = new ulong[Size];
    private readonly byte[]?[] _keys = new byte[Size][];
    private readonly int[] _databases = new int[Size];

    /// <summary>
    /// Offers a sampled key with its idle score (higher = better to evict), with the placement rules
    /// of evictionPoolPopulate: it goes before the first candidate with a score not smaller than its
    /// own; when the pool is full it pushes out the candidate with the smallest score, and a key
    /// worse than every candidate of a full pool is dropped.
    /// </summary>
    public void Offer(int database, ReadOnlySpan<byte> key, ulong idle)
    {
        var k = 0;
        while (k < Size && _keys[k] is not null && _idle[k] < idle)
        {
            k++;
        }
        if (k == 0 && _keys[Size - 1] is not null)
        {
            return;
        }
        if (k < Size && _keys[k] is null)
        {
            // An empty slot at the insertion point: nothing to move.
        }
        else if (_keys[Size - 1] is null)
        {
            // Room on the right: shift the better candidates one slot right.
            Array.Copy(_keys, k, _keys, k + 1, Size - k - 1);
            Array.Copy(_idle, k, _idle, k + 1, Size - k - 1);
            Array.Copy(_databases, k, _databases, k + 1, Size - k - 1);
        }
        else
        {
            // Full: drop the worst candidate (slot 0) by shifting the ones before k left.
            k--;
            Array.Copy(_keys, 1, _keys, 0, k);
            Array.Copy(_idle, 1, _idle, 0, k);
            Array.Copy(_databases, 1, _databases, 0, k);
        }
        _keys[k] = key.ToArray();
        _idle[k] = idle;
        _databases[k] = database;
    }

    /// <summary>Removes and returns the best candidate; false when the pool is empty.</summary>
    public bool TakeBest(out int database, out byte[] key)
    {
        for (var k = Size - 1; k >= 0; k--)
        {
            if (_keys[k] is { } candidate)
            {
                database = _databases[k];
                key = candidate;
                _keys[k] = null;
                _idle[k] = 0;
                return true;
            }
        }
        database = -1;
        key = [];
        return false;
    }

    /// <summary>The pooled candidates from worst to best (tests).</summary>
    public IEnumerable<(int Database, byte[] Key, ulong Idle)> Candidates()
    {
        for (var k = 0; k < Size; k++)
        {
            if (_keys[k] is { } key)
            {
                yield return (_databases[k], key, _idle[k]);
            }
        }
    }

    /// <summary>Forgets every candidate (a policy change makes their scores meaningless).</summary>
    public void Clear()
    {
        Array.Clear(_keys);
        Array.Clear(_idle);
    }
}
