using System.Globalization;
using System.Text;
using Basalt.Config.Parameters;

namespace Basalt.Server.PubSub;

/// <summary>
/// Keyspace notifications (notify.c's notifyKeyspaceEvent): with <c>notify-keyspace-events</c>
/// asking for a class and for K and/or E, an event on a key is published on
/// <c>__keyspace@&lt;db&gt;__:&lt;key&gt;</c> (the event name as the message) and on
/// <c>__keyevent@&lt;db&gt;__:&lt;event&gt;</c> (the key as the message).
/// </summary>
/// <remarks>
/// Commands report their events through <see cref="Commands.CommandContext.Notify"/> where Redis's
/// call notifyKeyspaceEvent, in the same order; the keyspace reports "new" and "keymiss" itself
/// (<see cref="Keyspace.IKeyspaceEventSink"/>), the server "expired" and "evicted".
/// </remarks>
public sealed class KeyspaceEvents(BasaltServer server) : Keyspace.IKeyspaceEventSink
{
    private const KeyspaceEventClasses Channels = KeyspaceEventClasses.Keyspace | KeyspaceEventClasses.KeyEvent;

    /// <summary>Publishes an event of class <paramref name="type"/> on a key, as far as the setting asks for it.</summary>
    public void Notify(KeyspaceEventClasses type, string name, int db, ReadOnlySpan<byte> key)
    {
        var classes = server.Config.NotifyKeyspaceEvents;
        if ((classes & type) == 0 || (classes & Channels) == 0 || !server.PubSub.HasSubscribers)
        {
            return;
        }
        var dbText = db.ToString(CultureInfo.InvariantCulture);
        var eventName = Encoding.ASCII.GetBytes(name);
        if ((classes & KeyspaceEventClasses.Keyspace) != 0)
        {
            var channel = Concat(Encoding.ASCII.GetBytes($"__keyspace@{dbText}__:"), key);
            server.PubSub.Publish(channel, eventName, shard: false);
        }
        if ((classes & KeyspaceEventClasses.KeyEvent) != 0)
        {
            var channel = Encoding.ASCII.GetBytes($"__keyevent@{dbText}__:{name}");
            server.PubSub.Publish(channel, key, shard: false);
        }
    }

    private static byte[] Concat(byte[] prefix, ReadOnlySpan<byte> key)
    {
        var bytes = new byte[prefix.Length + key.Length];
        prefix.CopyTo(bytes, 0);
        key.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }
}
