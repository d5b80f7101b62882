using Basalt.Types;

namespace Basalt.Tests.Persistence;

/// <summary>
/// Copies the wall-clock parts of a STREAM_LISTPACKS_2 value Redis wrote (PEL delivery times,
/// consumer seen-times) into a stream built in memory, so that everything else can then be
/// compared byte for byte.
/// </summary>
internal static class StreamRecordTimes
{
    /// <summary><paramref name="cursor"/> is at the start of the stream value (after type and key).</summary>
    public static void CopyInto(RdbRecordCursor cursor, RedisStream target)
    {
        var nodes = cursor.ReadLength();
        for (ulong i = 0; i < nodes; i++)
        {
            cursor.ReadString();
            cursor.ReadString();
        }
        for (var i = 0; i < 8; i++)
        {
            cursor.ReadLength(); // length, last id, first id, max deleted id, entries added
        }
        var groups = cursor.ReadLength();
        for (ulong g = 0; g < groups; g++)
        {
            var name = cursor.ReadString();
            var group = target.FindGroup(name) ?? throw new InvalidDataException("group missing in memory");
            cursor.ReadLength();
            cursor.ReadLength();
            cursor.ReadLength(); // last id, entries_read
            var pel = cursor.ReadLength();
            for (ulong p = 0; p < pel; p++)
            {
                var id = ReadId(cursor);
                group.Pending[id].DeliveryTimeMs = cursor.ReadMilliseconds();
                cursor.ReadLength();
            }
            var consumers = cursor.ReadLength();
            for (ulong c = 0; c < consumers; c++)
            {
                var consumer = group.FindConsumer(cursor.ReadString()) ?? throw new InvalidDataException("consumer missing in memory");
                consumer.SeenTimeMs = cursor.ReadMilliseconds();
                var owned = cursor.ReadLength();
                for (ulong p = 0; p < owned; p++)
                {
                    ReadId(cursor);
                }
            }
        }
    }

    private static StreamId ReadId(RdbRecordCursor cursor)
    {
        var raw = cursor.ReadRaw(16);
        return new StreamId(System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw),
            System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(raw.AsSpan(8)));
    }
}
