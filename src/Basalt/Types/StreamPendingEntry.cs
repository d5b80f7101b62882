namespace Basalt.Types;

/// <summary>
/// A message delivered to a consumer and not yet acknowledged (Redis's streamNACK): shared by the
/// group's PEL and its owner's PEL.
/// </summary>
public sealed class StreamPendingEntry(StreamConsumer consumer, long deliveryTimeMs, ulong deliveryCount)
{
    public StreamConsumer Consumer { get; set; } = consumer;

    /// <summary>Unix milliseconds of the last delivery.</summary>
    public long DeliveryTimeMs { get; set; } = deliveryTimeMs;

    public ulong DeliveryCount { get; set; } = deliveryCount;
}
