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
/// Basalt publishes the events of the classes <see cref="Published"/> names: keys that expired
/// (x) and keys evicted by the maxmemory policy (e), the two that come from the server itself
/// rather than from a command. The other classes are accepted in the setting and not published;
/// the server logs which when the setting asks for them.
/// </remarks>
public sealed class KeyspaceEvents(BasaltServer server)
{
    /// <summary>The classes whose events Basalt publishes.</summary>
    public const KeyspaceEventClasses Published = KeyspaceEventClasses.Expired | KeyspaceEventClasses.Evicted;

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

    /// <summary>
    /// The log line for a setting that asks for classes Basalt does not publish (null when every
    /// class asked for is published, or when neither K nor E is set, so that nothing would be).
    /// </summary>
    public static string? UnpublishedWarning(KeyspaceEventClasses classes)
    {
        var missing = classes & ~Channels & ~KeyspaceEventClasses.KeyMiss & ~Published;
        missing |= classes & KeyspaceEventClasses.KeyMiss;
        if ((classes & Channels) == 0 || missing == 0)
        {
            return null;
        }
        return "notify-keyspace-events: Basalt publishes only the expired (x) and evicted (e) keyspace events; " +
            $"the other classes asked for ('{ClassLetters(missing)}') are not published.";
    }

    private static string ClassLetters(KeyspaceEventClasses classes)
    {
        var sb = new StringBuilder();
        foreach (var (flag, letter) in new[]
        {
            (KeyspaceEventClasses.Generic, 'g'), (KeyspaceEventClasses.String, '$'), (KeyspaceEventClasses.List, 'l'),
            (KeyspaceEventClasses.Set, 's'), (KeyspaceEventClasses.Hash, 'h'), (KeyspaceEventClasses.ZSet, 'z'),
            (KeyspaceEventClasses.Stream, 't'), (KeyspaceEventClasses.Module, 'd'), (KeyspaceEventClasses.New, 'n'),
            (KeyspaceEventClasses.KeyMiss, 'm'),
        })
        {
            if ((classes & flag) != 0)
            {
                sb.Append(letter);
            }
        }
        return sb.ToString();
    }

    private static byte[] Concat(byte[] prefix, ReadOnlySpan<byte> key)
    {
        var bytes = new byte[prefix.Length + key.Length];
        prefix.CopyTo(bytes, 0);
        key.CopyTo(bytes.AsSpan(prefix.Length));
        return bytes;
    }
}
