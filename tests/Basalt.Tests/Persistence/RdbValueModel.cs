using System.Text.Json.Nodes;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Tests.Persistence;

/// <summary>
/// Loaded values in the shape of the fixtures' expected.json (strings as Latin-1, sets sorted by
/// bytes, zsets as [member, "%.17g score"] in rank order, hashes by field, streams with their
/// entries, counters and groups), so that a load can be compared with what Redis reported.
/// </summary>
internal static class RdbValueModel
{
    public static JsonObject Describe(RedisObject value, long expireAtMs) => new()
    {
        ["type"] = value.Type.Name(),
        ["encoding"] = value.EncodingName,
        ["expire_at_ms"] = expireAtMs < 0 ? null : expireAtMs,
        ["value"] = ValueOf(value),
    };

    public static JsonNode ValueOf(RedisObject value) => value switch
    {
        RedisString s => Text(s.ToArray()),
        RedisList l => new JsonArray([.. ListItems(l).Select(x => (JsonNode?)JsonValue.Create(x))]),
        RedisSet s => new JsonArray([.. SetMembers(s).Order(StringComparer.Ordinal).Select(x => (JsonNode?)JsonValue.Create(x))]),
        RedisSortedSet z => SortedSetPairs(z),
        RedisHash h => HashObject(h),
        RedisStream st => StreamObject(st),
        _ => throw new ArgumentException(value.GetType().Name),
    };

    private static string Text(ReadOnlySpan<byte> bytes) => RecordingRdbSink.Latin1(bytes);

    private static string Text(ListpackEntry entry)
    {
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        return Text(entry.AsSpan(scratch));
    }

    private static List<string> ListItems(RedisList list)
    {
        var items = new List<string>();
        foreach (var node in list.Nodes)
        {
            for (var pos = node.First; pos >= 0; pos = node.Next(pos))
            {
                items.Add(Text(node.Get(pos)));
            }
        }
        return items;
    }

    private static List<string> SetMembers(RedisSet set)
    {
        var members = new List<string>();
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        for (var i = 0; i < set.Count; i++)
        {
            members.Add(Text(set[i].AsSpan(scratch)));
        }
        return members;
    }

    private static JsonArray SortedSetPairs(RedisSortedSet zset)
    {
        var pairs = new JsonArray();
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var cursor = zset.First; cursor.IsValid; cursor.MoveNext())
        {
            pairs.Add(new JsonArray(Text(cursor.MemberBytes(scratch)), Text(RedisNumber.FormatDouble(cursor.Score))));
        }
        return pairs;
    }

    private static JsonObject HashObject(RedisHash hash)
    {
        var fields = new SortedDictionary<string, string>(StringComparer.Ordinal);
        for (var handle = hash.FirstPair; handle >= 0; handle = hash.NextPair(handle))
        {
            fields.Add(Text(hash.FieldAt(handle)), Text(hash.ValueAt(handle)));
        }
        var result = new JsonObject();
        foreach (var (field, value) in fields)
        {
            result[field] = value;
        }
        return result;
    }

    private static JsonObject StreamObject(RedisStream stream)
    {
        var entries = new JsonArray();
        var iterator = stream.Range(StreamId.Min, StreamId.Max);
        while (iterator.MoveNext())
        {
            var fields = new JsonArray();
            var cursor = iterator.Node.Fields(iterator.Position);
            while (cursor.MoveNext(out var field, out var value))
            {
                fields.Add(Text(field));
                fields.Add(Text(value));
            }
            entries.Add(new JsonArray(iterator.Id.ToString(), fields));
        }
        var groups = new JsonArray();
        foreach (var group in stream.Groups?.Values ?? Enumerable.Empty<StreamConsumerGroup>())
        {
            var pending = new JsonArray();
            foreach (var (id, entry) in group.Pending)
            {
                pending.Add(new JsonObject
                {
                    ["id"] = id.ToString(),
                    ["consumer"] = Text(entry.Consumer.Name),
                    ["delivery_count"] = (long)entry.DeliveryCount,
                });
            }
            var consumers = new JsonArray();
            foreach (var consumer in group.Consumers.Values)
            {
                consumers.Add(new JsonObject { ["name"] = Text(consumer.Name), ["pending"] = consumer.Pending.Count });
            }
            groups.Add(new JsonObject
            {
                ["name"] = Text(group.Name),
                ["last_delivered_id"] = group.LastId.ToString(),
                ["entries_read"] = group.EntriesRead < 0 ? null : group.EntriesRead,
                ["pending"] = pending,
                ["consumers"] = consumers,
            });
        }
        return new JsonObject
        {
            ["entries"] = entries,
            ["length"] = stream.Length,
            ["last_generated_id"] = stream.LastId.ToString(),
            ["max_deleted_entry_id"] = stream.MaxDeletedId.ToString(),
            ["entries_added"] = stream.EntriesAdded,
            ["groups"] = groups,
        };
    }
}
