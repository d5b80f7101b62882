using Basalt.Config.Parameters;

namespace Basalt.Keyspace;

/// <summary>
/// Where the keyspace reports the events it causes itself (a key added: "new"; a read that found
/// nothing: "keymiss") for keyspace notifications; the server publishes them when configured to.
/// </summary>
public interface IKeyspaceEventSink
{
    void Notify(KeyspaceEventClasses type, string name, int db, ReadOnlySpan<byte> key);
}
