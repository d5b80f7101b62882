using Basalt.Text;

namespace Basalt.Server.PubSub;

/// <summary>
/// What one client listens to: channels, patterns and shard channels (Redis's pubsub_channels,
/// pubsub_patterns and pubsubshard_channels of a client). Patterns keep their subscription order,
/// which PUNSUBSCRIBE without arguments follows as Redis's list does; the channel sets have no
/// order in Redis either (a hash table with a random seed).
/// </summary>
public sealed class ClientSubscriptions
{
    public HashSet<byte[]> Channels { get; } = new(ByteContentComparer.Instance);

    public HashSet<byte[]> ShardChannels { get; } = new(ByteContentComparer.Instance);

    public List<byte[]> Patterns { get; } = [];

    /// <summary>Channels and patterns: the count SUBSCRIBE, PSUBSCRIBE and their opposites reply (clientSubscriptionsCount).</summary>
    public int ChannelsAndPatterns => Channels.Count + Patterns.Count;

    /// <summary>Every subscription: while it is not zero the client is in pub/sub mode.</summary>
    public int Total => Channels.Count + Patterns.Count + ShardChannels.Count;

    public bool HasPattern(ReadOnlySpan<byte> pattern) => IndexOfPattern(pattern) >= 0;

    public int IndexOfPattern(ReadOnlySpan<byte> pattern)
    {
        for (var i = 0; i < Patterns.Count; i++)
        {
            if (pattern.SequenceEqual(Patterns[i]))
            {
                return i;
            }
        }
        return -1;
    }
}
