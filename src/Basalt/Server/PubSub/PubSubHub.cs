using Basalt.Text;

namespace Basalt.Server.PubSub;

/// <summary>
/// Who listens to what, server-wide (Redis's server.pubsub_channels, pubsub_patterns and
/// pubsubshard_channels), and the delivery of published messages. Read and changed under the
/// server lock, like the keyspace: a message reaches each subscriber's output in the order the
/// commands ran.
/// </summary>
/// <remarks>
/// A channel's subscribers are kept in subscription order, which is the order messages go out in.
/// Shard channels are a separate name space without patterns; outside a cluster they behave as
/// channels otherwise (SPUBLISH reaches SSUBSCRIBE only).
/// </remarks>
public sealed class PubSubHub
{
    private readonly Dictionary<byte[], List<ClientSession>> _channels = new(ByteContentComparer.Instance);
    private readonly Dictionary<byte[], List<ClientSession>> _shardChannels = new(ByteContentComparer.Instance);
    private readonly Dictionary<byte[], List<ClientSession>> _patterns = new(ByteContentComparer.Instance);

    /// <summary>Channels with at least one subscriber (INFO pubsub_channels).</summary>
    public int ChannelCount => _channels.Count;

    /// <summary>Distinct patterns subscribed to (INFO pubsub_patterns, PUBSUB NUMPAT).</summary>
    public int PatternCount => _patterns.Count;

    /// <summary>Shard channels with at least one subscriber (INFO pubsubshard_channels).</summary>
    public int ShardChannelCount => _shardChannels.Count;

    /// <summary>False while nobody listens: the publishers of keyspace events check it first.</summary>
    public bool HasSubscribers => _channels.Count > 0 || _patterns.Count > 0;

    private Dictionary<byte[], List<ClientSession>> Table(bool shard) => shard ? _shardChannels : _channels;

    /// <summary>Subscribes to a channel; false when the client already was (pubsubSubscribeChannel).</summary>
    public bool Subscribe(ClientSession client, ReadOnlySpan<byte> channel, bool shard)
    {
        var subscriptions = client.Subscriptions ??= new ClientSubscriptions();
        var mine = shard ? subscriptions.ShardChannels : subscriptions.Channels;
        if (mine.GetAlternateLookup<ReadOnlySpan<byte>>().Contains(channel))
        {
            return false;
        }
        var name = channel.ToArray();
        mine.Add(name);
        AddListener(Table(shard), name, client);
        client.Set(ClientFlags.PubSub);
        return true;
    }

    /// <summary>Unsubscribes from a channel; false when the client was not subscribed (pubsubUnsubscribeChannel).</summary>
    public bool Unsubscribe(ClientSession client, ReadOnlySpan<byte> channel, bool shard)
    {
        var subscriptions = client.Subscriptions;
        if (subscriptions is null)
        {
            return false;
        }
        var mine = shard ? subscriptions.ShardChannels : subscriptions.Channels;
        if (!mine.GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var name))
        {
            return false;
        }
        mine.Remove(name);
        RemoveListener(Table(shard), name, client);
        LeaveModeIfDone(client);
        return true;
    }

    /// <summary>Subscribes to a pattern; false when the client already was (pubsubSubscribePattern).</summary>
    public bool SubscribePattern(ClientSession client, ReadOnlySpan<byte> pattern)
    {
        var subscriptions = client.Subscriptions ??= new ClientSubscriptions();
        if (subscriptions.HasPattern(pattern))
        {
            return false;
        }
        var name = pattern.ToArray();
        subscriptions.Patterns.Add(name);
        AddListener(_patterns, name, client);
        client.Set(ClientFlags.PubSub);
        return true;
    }

    /// <summary>Unsubscribes from a pattern; false when the client was not subscribed (pubsubUnsubscribePattern).</summary>
    public bool UnsubscribePattern(ClientSession client, ReadOnlySpan<byte> pattern)
    {
        var subscriptions = client.Subscriptions;
        var index = subscriptions?.IndexOfPattern(pattern) ?? -1;
        if (index < 0)
        {
            return false;
        }
        var name = subscriptions!.Patterns[index];
        subscriptions.Patterns.RemoveAt(index);
        RemoveListener(_patterns, name, client);
        LeaveModeIfDone(client);
        return true;
    }

    /// <summary>Drops every subscription of a client without telling it (a closed connection, RESET).</summary>
    public void Forget(ClientSession client)
    {
        var subscriptions = client.Subscriptions;
        if (subscriptions is null)
        {
            return;
        }
        foreach (var channel in subscriptions.Channels)
        {
            RemoveListener(_channels, channel, client);
        }
        foreach (var channel in subscriptions.ShardChannels)
        {
            RemoveListener(_shardChannels, channel, client);
        }
        foreach (var pattern in subscriptions.Patterns)
        {
            RemoveListener(_patterns, pattern, client);
        }
        client.Subscriptions = null;
        client.Clear(ClientFlags.PubSub);
    }

    /// <summary>
    /// Sends a message to the channel's subscribers and, for a plain channel, to the subscribers of
    /// every matching pattern; returns how many deliveries were made (a client reached through a
    /// channel and a pattern counts twice, as in Redis).
    /// </summary>
    public int Publish(ReadOnlySpan<byte> channel, ReadOnlySpan<byte> message, bool shard)
    {
        var receivers = 0;
        if (Table(shard).GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var listeners))
        {
            var frame = new PushFrame(shard ? PushFrame.ShardMessageKind : PushFrame.MessageKind, default, channel, message);
            foreach (var client in listeners)
            {
                client.Channel.SendOutOfBand(frame.For(client.Protocol));
                receivers++;
            }
        }
        if (shard || _patterns.Count == 0)
        {
            return receivers;
        }
        foreach (var (pattern, clients) in _patterns)
        {
            if (!GlobMatcher.Match(pattern, channel, noCase: false))
            {
                continue;
            }
            var frame = new PushFrame(PushFrame.PatternMessageKind, pattern, channel, message);
            foreach (var client in clients)
            {
                client.Channel.SendOutOfBand(frame.For(client.Protocol));
                receivers++;
            }
        }
        return receivers;
    }

    /// <summary>The channels (or shard channels) with subscribers whose names match a pattern (null: all).</summary>
    public List<byte[]> ChannelNames(ReadOnlySpan<byte> pattern, bool matchAll, bool shard)
    {
        var names = new List<byte[]>();
        foreach (var name in Table(shard).Keys)
        {
            if (matchAll || GlobMatcher.Match(pattern, name, noCase: false))
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>The number of clients subscribed to a channel, patterns aside (PUBSUB NUMSUB).</summary>
    public int SubscriberCount(ReadOnlySpan<byte> channel, bool shard) =>
        Table(shard).GetAlternateLookup<ReadOnlySpan<byte>>().TryGetValue(channel, out var listeners) ? listeners.Count : 0;

    private static void AddListener(Dictionary<byte[], List<ClientSession>> table, byte[] name, ClientSession client)
    {
        if (!table.TryGetValue(name, out var listeners))
        {
            listeners = [];
            table[name] = listeners;
        }
        listeners.Add(client);
    }

    private static void RemoveListener(Dictionary<byte[], List<ClientSession>> table, byte[] name, ClientSession client)
    {
        if (!table.TryGetValue(name, out var listeners))
        {
            return;
        }
        listeners.Remove(client);
        // The entry goes with its last listener, so that millions of short-lived channels leave nothing behind.
        if (listeners.Count == 0)
        {
            table.Remove(name);
        }
    }

    private static void LeaveModeIfDone(ClientSession client)
    {
        if (client.Subscriptions is { Total: 0 })
        {
            client.Subscriptions = null;
            client.Clear(ClientFlags.PubSub);
        }
    }
}
