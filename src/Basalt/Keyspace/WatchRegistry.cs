namespace Basalt.Keyspace;

/// <summary>
/// The WATCH state of one client: the keys it watches and whether one of them was touched since.
/// </summary>
public sealed class WatchState
{
    internal List<(int Db, byte[] Key, bool ExpiredWhenWatched)> Keys { get; } = [];

    /// <summary>Set when a watched key was modified: EXEC must then abort (CLIENT_DIRTY_CAS).</summary>
    public bool Dirty { get; internal set; }

    public int Count => Keys.Count;
}

/// <summary>
/// Who watches which key, so that the write door can invalidate transactions in O(watchers).
/// Empty in the common case, in which a modification costs one dictionary count check.
/// </summary>
public sealed class WatchRegistry
{
    private readonly Dictionary<(int Db, byte[] Key), List<WatchState>> _watchers = new(new DbKeyComparer());

    public bool IsEmpty => _watchers.Count == 0;

    public void Watch(WatchState state, int db, byte[] key, bool expired)
    {
        foreach (var k in state.Keys)
        {
            if (k.Db == db && k.Key.AsSpan().SequenceEqual(key))
            {
                return;
            }
        }
        if (!_watchers.TryGetValue((db, key), out var list))
        {
            list = [];
            _watchers[(db, key)] = list;
        }
        list.Add(state);
        state.Keys.Add((db, key, expired));
    }

    public void UnwatchAll(WatchState state)
    {
        foreach (var (db, key, _) in state.Keys)
        {
            if (_watchers.TryGetValue((db, key), out var list))
            {
                list.Remove(state);
                if (list.Count == 0)
                {
                    _watchers.Remove((db, key));
                }
            }
        }
        state.Keys.Clear();
        state.Dirty = false;
    }

    public void Touch(int db, byte[] key)
    {
        if (_watchers.Count == 0)
        {
            return;
        }
        if (_watchers.TryGetValue((db, key), out var list))
        {
            foreach (var state in list)
            {
                state.Dirty = true;
            }
        }
    }

    public void Touch(int db, ReadOnlySpan<byte> key)
    {
        if (_watchers.Count != 0)
        {
            Touch(db, key.ToArray());
        }
    }

    /// <summary>Invalidates watchers of keys of <paramref name="db"/> that <paramref name="exists"/> says are there (FLUSHDB, SWAPDB).</summary>
    public void TouchWhere(int db, Func<byte[], bool> exists)
    {
        foreach (var ((watchDb, key), list) in _watchers)
        {
            if (watchDb == db && exists(key))
            {
                foreach (var state in list)
                {
                    state.Dirty = true;
                }
            }
        }
    }

    private sealed class DbKeyComparer : IEqualityComparer<(int Db, byte[] Key)>
    {
        public bool Equals((int Db, byte[] Key) x, (int Db, byte[] Key) y) =>
            x.Db == y.Db && x.Key.AsSpan().SequenceEqual(y.Key);

        public int GetHashCode((int Db, byte[] Key) obj) => HashCode.Combine(obj.Db, (int)KeyHasher.Hash(obj.Key));
    }
}
