using System.Globalization;
using System.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// How consumer group changes are written to the AOF (streamPropagateXCLAIM, streamPropagateGroupID,
/// streamPropagateConsumerCreation): XREADGROUP, XCLAIM and XAUTOCLAIM are never logged as called,
/// because what they deliver depends on the time and on the PEL; instead each change of a pending
/// entry is logged as an idempotent XCLAIM ... FORCE JUSTID, and a moved last-delivered ID as
/// XGROUP SETID. Each adds to the running command's writes and does nothing while propagation is off.
/// </summary>
internal static class StreamPropagation
{
    private static readonly byte[] XClaimName = "XCLAIM"u8.ToArray();
    private static readonly byte[] XGroupName = "XGROUP"u8.ToArray();
    private static readonly byte[] SetIdName = "SETID"u8.ToArray();
    private static readonly byte[] CreateConsumerName = "CREATECONSUMER"u8.ToArray();
    private static readonly byte[] Zero = "0"u8.ToArray();
    private static readonly byte[] TimeName = "TIME"u8.ToArray();
    private static readonly byte[] RetryCountName = "RETRYCOUNT"u8.ToArray();
    private static readonly byte[] ForceName = "FORCE"u8.ToArray();
    private static readonly byte[] JustIdName = "JUSTID"u8.ToArray();
    private static readonly byte[] LastIdName = "LASTID"u8.ToArray();
    private static readonly byte[] EntriesReadName = "ENTRIESREAD"u8.ToArray();

    /// <summary>
    /// XCLAIM key group consumer 0 id TIME delivery-time RETRYCOUNT delivery-count FORCE JUSTID LASTID
    /// group-last-id: recreates <paramref name="pending"/> as it is now, owned by its consumer.
    /// </summary>
    public static void Claim(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> groupName, StreamConsumerGroup group,
        byte[] id, StreamPendingEntry pending)
    {
        if (!PropagatedForm.Active(ctx))
        {
            return;
        }
        PropagatedForm.Also(ctx, XClaimName, key.ToArray(), groupName.ToArray(), pending.Consumer.Name, Zero, id,
            TimeName, PropagatedForm.Number(pending.DeliveryTimeMs), RetryCountName, Unsigned(pending.DeliveryCount),
            ForceName, JustIdName, LastIdName, Id(group.LastId));
    }

    /// <summary>XGROUP SETID key group last-id ENTRIESREAD entries-read: the group's position.</summary>
    public static void GroupId(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> groupName, StreamConsumerGroup group)
    {
        if (!PropagatedForm.Active(ctx))
        {
            return;
        }
        PropagatedForm.Also(ctx, XGroupName, SetIdName, key.ToArray(), groupName.ToArray(), Id(group.LastId),
            EntriesReadName, PropagatedForm.Number(group.EntriesRead));
    }

    /// <summary>XGROUP CREATECONSUMER key group consumer: a consumer no XCLAIM will create (XREADGROUP NOACK).</summary>
    public static void ConsumerCreation(CommandContext ctx, ReadOnlySpan<byte> key, ReadOnlySpan<byte> groupName, byte[] consumerName)
    {
        if (!PropagatedForm.Active(ctx))
        {
            return;
        }
        PropagatedForm.Also(ctx, XGroupName, CreateConsumerName, key.ToArray(), groupName.ToArray(), consumerName);
    }

    /// <summary>A stream ID as Redis writes it ("ms-seq").</summary>
    public static byte[] Id(StreamId id)
    {
        Span<byte> text = stackalloc byte[StreamId.MaxChars];
        return text[..id.Format(text)].ToArray();
    }

    private static byte[] Unsigned(ulong value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
