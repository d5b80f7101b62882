using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// Told by the keyspace's write door when a key may have become what a blocked client waits for
/// (Redis's signalKeyAsReady): the blocking machinery (BLPOP, BZPOPMIN, XREAD BLOCK...) listens.
/// Called under the server lock, in the middle of a command: implementations only take note.
/// </summary>
public interface IKeyReadyListener
{
    /// <summary>
    /// <paramref name="key"/> of <paramref name="db"/> now holds a value of <paramref name="type"/>
    /// (a key was added, renamed, moved or copied there), or a stream there was replaced or deleted.
    /// </summary>
    void KeyReady(Database db, ReadOnlySpan<byte> key, RedisType type);

    /// <summary>Two databases exchanged their contents (SWAPDB): waited-on keys in either may exist now.</summary>
    void DatabasesSwapped(Database first, Database second);
}
