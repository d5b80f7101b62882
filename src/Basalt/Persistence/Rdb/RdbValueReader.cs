using System.Buffers.Binary;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// rdbLoadObject: reads the value of one key (or a RESTORE payload) of a given RDB object type into
/// Basalt's in-memory types, with the encoding Redis 7.0 would end up with under the thresholds of
/// <see cref="RdbLoadOptions"/>: old ziplist, zipmap and quicklist-1 forms become listpacks, and
/// anything over the thresholds becomes a hashtable or skiplist. Every problem is an
/// <see cref="RdbFormatException"/> with Redis's message; no other exception escapes for bad input.
/// </summary>
public static class RdbValueReader
{
    /// <summary>Presizing from a length read in the file is capped: the file may lie.</summary>
    private const int MaxPresize = 1 << 16;

    /// <summary>Redis caps the intset at 2^30 members whatever the configuration says.</summary>
    private const long IntsetHardLimit = 1L << 30;

    /// <summary>Placeholder owner of a group PEL entry until a consumer claims it.</summary>
    private static readonly StreamConsumer Unclaimed = new([], 0);

    /// <summary>The value, or null for an empty aggregate, which Redis skips ("rdbLoadObject skipping empty key").</summary>
    public static RedisObject? Read(RdbInput input, byte type, RdbLoadOptions options)
    {
        try
        {
            return ReadValue(input, type, options);
        }
        catch (Exception e) when (e is not RdbFormatException and not OutOfMemoryException)
        {
            // A defect of ours met by odd input; still a refusal of the input, never a crash.
            throw new RdbFormatException($"Corrupt value of type {type}: {e.Message}", input.Offset, 0, e);
        }
    }

    private static RedisObject? ReadValue(RdbInput input, byte type, RdbLoadOptions options) => type switch
    {
        RdbFormat.TypeString => ReadStringValue(input),
        RdbFormat.TypeList => ReadLinkedList(input, options),
        RdbFormat.TypeSet => ReadSet(input, options),
        RdbFormat.TypeZset or RdbFormat.TypeZset2 => ReadSortedSet(input, type, options),
        RdbFormat.TypeHash => ReadHash(input, options),
        RdbFormat.TypeListQuicklist or RdbFormat.TypeListQuicklist2 => ReadQuicklist(input, type, options),
        RdbFormat.TypeHashZipmap => ReadZipmapHash(input, options),
        RdbFormat.TypeListZiplist => ReadZiplistList(input, options),
        RdbFormat.TypeSetIntset => ReadIntset(input, options),
        RdbFormat.TypeZsetZiplist => ReadZiplistSortedSet(input, options),
        RdbFormat.TypeHashZiplist => ReadZiplistHash(input, options),
        RdbFormat.TypeZsetListpack => ReadListpackSortedSet(input, options),
        RdbFormat.TypeHashListpack => ReadListpackHash(input, options),
        RdbFormat.TypeStreamListpacks or RdbFormat.TypeStreamListpacks2 => ReadStream(input, type),
        RdbFormat.TypeModule or RdbFormat.TypeModule2 => ReadModuleValue(input, type, options),
        _ => throw new RdbFormatException($"Unknown RDB encoding type {type}", input.Offset, RedisReportLines.UnknownEncodingType),
    };

    /// <summary>A string as SET would hold it (tryObjectEncoding): int when it is a canonical integer, else embstr or raw.</summary>
    private static RedisString ReadStringValue(RdbInput input)
    {
        var bytes = input.ReadStringOrInteger(out var integer);
        if (bytes is null)
        {
            return RedisString.FromInteger(integer);
        }
        if (bytes.Length <= 20 && RedisNumber.TryParseInt64(bytes, out integer))
        {
            return RedisString.FromInteger(integer);
        }
        return RedisString.FromBytesNoInteger(bytes);
    }

    private static RedisList? ReadLinkedList(RdbInput input, RdbLoadOptions options)
    {
        var length = input.ReadLength();
        if (length == 0)
        {
            return null;
        }
        var list = new RedisList(options.ListMaxListpackSize);
        for (; length > 0; length--)
        {
            list.PushTail(input.ReadString());
        }
        return list;
    }

    private static RedisSet? ReadSet(RdbInput input, RdbLoadOptions options)
    {
        var length = input.ReadLength();
        if (length == 0)
        {
            return null;
        }
        var maxIntset = (ulong)Math.Clamp(options.SetMaxIntsetEntries, 0, IntsetHardLimit);
        var set = length > maxIntset ? RedisSet.CreateHashtable(Presize(length)) : RedisSet.CreateIntset();
        for (; length > 0; length--)
        {
            var member = input.ReadString();
            var wasIntset = set.IsIntset;
            var added = wasIntset && RedisNumber.TryParseInt64(member, out var integer)
                ? set.Add(new SetMember(integer), long.MaxValue)
                : set.Add(new SetMember(member), long.MaxValue);
            if (!added)
            {
                throw new RdbFormatException("Duplicate set members detected", input.Offset,
                    set.IsIntset ? RedisReportLines.DuplicateIntsetMember : RedisReportLines.DuplicateSetMember);
            }
        }
        return set;
    }

    /// <summary>Types 3 and 5: pairs in any order into a skiplist, then a listpack when small enough (after loading, as Redis).</summary>
    private static RedisSortedSet? ReadSortedSet(RdbInput input, byte type, RdbLoadOptions options)
    {
        var length = input.ReadLength();
        if (length == 0)
        {
            return null;
        }
        var zset = RedisSortedSet.CreateSkiplist(Presize(length));
        for (; length > 0; length--)
        {
            var member = input.ReadString();
            var score = type == RdbFormat.TypeZset2 ? input.ReadBinaryDouble() : input.ReadLegacyDouble();
            if (double.IsNaN(score))
            {
                throw new RdbFormatException("Zset with NAN score detected", input.Offset, RedisReportLines.ZsetNanScore);
            }
            if (zset.TryGetScore(member, out _))
            {
                throw new RdbFormatException("Duplicate zset fields detected", input.Offset, RedisReportLines.DuplicateZsetMember);
            }
            zset.AddNew(score, member);
        }
        zset.ConvertToListpackIfSmall(new SortedSetLimits(options.ZsetMaxListpackEntries, options.ZsetMaxListpackValue));
        return zset;
    }

    /// <summary>
    /// Type 4: a listpack while the pairs fit the thresholds, then a hashtable for the rest. Fields
    /// are checked for duplicates in both phases (Redis skips the check in the listpack phase
    /// without sanitization, and would panic on converting such a hash later).
    /// </summary>
    private static RedisHash? ReadHash(RdbInput input, RdbLoadOptions options)
    {
        var length = input.ReadLength();
        if (length == 0)
        {
            return null;
        }
        RedisHash hash;
        if (length > (ulong)Math.Max(options.HashMaxListpackEntries, 0))
        {
            hash = RedisHash.CreateHashtable(Presize(length));
        }
        else
        {
            var listpack = new Listpack();
            var fields = new HashSet<byte[]>((int)length, ByteContentComparer.Instance);
            RedisHash? converted = null;
            while (length > 0)
            {
                length--;
                var field = input.ReadString();
                var value = input.ReadString();
                var tooBig = field.Length > options.HashMaxListpackValue || value.Length > options.HashMaxListpackValue ||
                    !listpack.SafeToAdd((long)field.Length + value.Length);
                if (!fields.Add(field))
                {
                    // Without sanitization Redis notices only the duplicate that goes into the table.
                    throw !options.DeepSanitize && tooBig
                        ? new RdbFormatException("Duplicate hash fields detected", input.Offset, RedisReportLines.HashDuplicateOnConversion)
                        : new RdbFormatException("Hash with dup elements", input.Offset, RedisReportLines.HashDuplicateInListpackPhase);
                }
                if (tooBig)
                {
                    converted = RedisHash.FromListpack(listpack);
                    converted.ConvertToHashtable();
                    converted.TryAddNew(field, value);
                    break;
                }
                listpack.Append(field);
                listpack.Append(value);
            }
            if (converted is null)
            {
                return RedisHash.FromListpack(listpack);
            }
            hash = converted;
        }
        for (; length > 0; length--)
        {
            var field = input.ReadString();
            var value = input.ReadString();
            if (!hash.TryAddNew(field, value))
            {
                throw new RdbFormatException("Duplicate hash fields detected", input.Offset, RedisReportLines.HashDuplicateInTable);
            }
        }
        return hash;
    }

    /// <summary>Types 14 (ziplist nodes) and 18 (listpack or plain nodes); nodes empty after decoding are dropped.</summary>
    private static RedisList? ReadQuicklist(RdbInput input, byte type, RdbLoadOptions options)
    {
        var nodes = input.ReadLength();
        if (nodes == 0)
        {
            return null;
        }
        var list = new RedisList(options.ListMaxListpackSize);
        for (; nodes > 0; nodes--)
        {
            ulong container = RdbFormat.QuicklistNodePacked;
            if (type == RdbFormat.TypeListQuicklist2)
            {
                container = input.ReadLength();
                if (container is not (RdbFormat.QuicklistNodePacked or RdbFormat.QuicklistNodePlain))
                {
                    throw new RdbFormatException("Quicklist integrity check failed.", input.Offset, RedisReportLines.QuicklistContainer);
                }
            }
            var data = input.ReadString();
            if (data.Length == 0)
            {
                // Redis treats an empty node string like a failed read.
                throw RdbInput.Eof(input.Offset);
            }
            if (container == RdbFormat.QuicklistNodePlain)
            {
                // Basalt has no plain nodes: the one element joins the list like any other.
                list.PushTail(data);
                continue;
            }
            Listpack node;
            if (type == RdbFormat.TypeListQuicklist2)
            {
                if (!Listpack.Validate(data, deep: true, out var count))
                {
                    throw new RdbFormatException("Listpack integrity check failed.", input.Offset, RedisReportLines.QuicklistListpack);
                }
                node = Listpack.Adopt(data, count);
            }
            else
            {
                if (!Ziplist.Validate(data, out _))
                {
                    throw new RdbFormatException("Ziplist integrity check failed.", input.Offset, RedisReportLines.QuicklistZiplist);
                }
                node = Ziplist.ToListpack(data);
            }
            list.AppendNode(node);
        }
        return list.Count == 0 ? null : list;
    }

    private static RedisHash ReadZipmapHash(RdbInput input, RdbLoadOptions options)
    {
        var blob = input.ReadString();
        if (!Zipmap.Validate(blob))
        {
            throw new RdbFormatException("Zipmap integrity check failed.", input.Offset, RedisReportLines.Zipmap);
        }
        var listpack = new Listpack();
        var fields = new HashSet<byte[]>(ByteContentComparer.Instance);
        long longest = 0;
        var pair = Zipmap.Pairs(blob);
        while (pair.MoveNext())
        {
            longest = Math.Max(longest, Math.Max(pair.Field.Length, pair.Value.Length));
            if (!fields.Add(pair.Field.ToArray()) || !listpack.SafeToAdd((long)pair.Field.Length + pair.Value.Length))
            {
                throw new RdbFormatException($"Hash zipmap with dup elements, or big length ({pair.Field.Length})", input.Offset,
                    RedisReportLines.ZipmapDuplicate);
            }
            listpack.Append(pair.Field);
            listpack.Append(pair.Value);
        }
        var hash = RedisHash.FromListpack(listpack);
        if (hash.Count > options.HashMaxListpackEntries || longest > options.HashMaxListpackValue)
        {
            hash.ConvertToHashtable();
        }
        return hash;
    }

    private static RedisList? ReadZiplistList(RdbInput input, RdbLoadOptions options)
    {
        var blob = input.ReadString();
        if (!Ziplist.Validate(blob, out _))
        {
            throw new RdbFormatException("List ziplist integrity check failed.", input.Offset, RedisReportLines.ListZiplist);
        }
        var list = new RedisList(options.ListMaxListpackSize);
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        foreach (var entry in Ziplist.Entries(blob))
        {
            list.PushTail(entry.AsSpan(scratch));
        }
        return list.Count == 0 ? null : list;
    }

    private static RedisSet ReadIntset(RdbInput input, RdbLoadOptions options)
    {
        var blob = input.ReadString();
        // Members are always checked for order: the set's lookups are binary searches.
        if (!Intset.Validate(blob, deep: true))
        {
            throw new RdbFormatException("Intset integrity check failed.", input.Offset, RedisReportLines.Intset);
        }
        var set = RedisSet.FromIntset(Intset.FromBlob(blob));
        if (set.Count > options.SetMaxIntsetEntries)
        {
            set.ConvertToHashtable();
        }
        return set;
    }

    private static RedisSortedSet? ReadZiplistSortedSet(RdbInput input, RdbLoadOptions options)
    {
        var blob = input.ReadString();
        Listpack? listpack = null;
        if (Ziplist.Validate(blob, out _))
        {
            listpack = Ziplist.ToListpack(blob);
        }
        if (listpack is null || !RedisHash.IsValidPairListpack(listpack))
        {
            throw new RdbFormatException("Zset ziplist integrity check failed.", input.Offset, RedisReportLines.ZsetZiplist);
        }
        if (listpack.Count == 0)
        {
            return null;
        }
        var zset = RedisSortedSet.FromListpack(listpack);
        if (zset.Count > options.ZsetMaxListpackEntries)
        {
            zset.ConvertToSkiplist();
        }
        return zset;
    }

    private static RedisHash? ReadZiplistHash(RdbInput input, RdbLoadOptions options)
    {
        var blob = input.ReadString();
        Listpack? listpack = null;
        if (Ziplist.Validate(blob, out _))
        {
            listpack = Ziplist.ToListpack(blob);
        }
        if (listpack is null || !RedisHash.IsValidPairListpack(listpack))
        {
            throw new RdbFormatException("Hash ziplist integrity check failed.", input.Offset, RedisReportLines.HashZiplist);
        }
        if (listpack.Count == 0)
        {
            return null;
        }
        var hash = RedisHash.FromListpack(listpack);
        if (hash.Count > options.HashMaxListpackEntries)
        {
            hash.ConvertToHashtable();
        }
        return hash;
    }

    private static RedisSortedSet? ReadListpackSortedSet(RdbInput input, RdbLoadOptions options)
    {
        var listpack = ReadPairListpack(input, options, options.ZsetMaxListpackEntries, "Zset listpack integrity check failed.",
            RedisReportLines.ZsetListpack);
        if (listpack is null)
        {
            return null;
        }
        var zset = RedisSortedSet.FromListpack(listpack);
        if (zset.Count > options.ZsetMaxListpackEntries)
        {
            zset.ConvertToSkiplist();
        }
        return zset;
    }

    private static RedisHash? ReadListpackHash(RdbInput input, RdbLoadOptions options)
    {
        var listpack = ReadPairListpack(input, options, options.HashMaxListpackEntries, "Hash listpack integrity check failed.",
            RedisReportLines.HashListpack);
        if (listpack is null)
        {
            return null;
        }
        var hash = RedisHash.FromListpack(listpack);
        if (hash.Count > options.HashMaxListpackEntries)
        {
            hash.ConvertToHashtable();
        }
        return hash;
    }

    /// <summary>
    /// lpPairsValidateIntegrityAndDups: a listpack of pairs. The structure and the even count are
    /// always checked; duplicates with sanitization, or when the pairs are about to go into a
    /// table (which could not hold them), as Redis would otherwise panic.
    /// </summary>
    private static Listpack? ReadPairListpack(RdbInput input, RdbLoadOptions options, long maxEntries, string message, int line)
    {
        var blob = input.ReadString();
        if (!Listpack.Validate(blob, deep: true, out var count) || count % 2 != 0)
        {
            throw new RdbFormatException(message, input.Offset, line);
        }
        var listpack = Listpack.Adopt(blob, count);
        if ((options.DeepSanitize || count / 2 > maxEntries) && !RedisHash.IsValidPairListpack(listpack))
        {
            throw new RdbFormatException(message, input.Offset, line);
        }
        return count == 0 ? null : listpack;
    }

    /// <summary>Types 15 and 19: nodes, metadata, consumer groups with their PELs and consumers.</summary>
    private static RedisStream ReadStream(RdbInput input, byte type)
    {
        var v2 = type == RdbFormat.TypeStreamListpacks2;
        var stream = new RedisStream();
        var nodeCount = Guard(input, static i => i.ReadLength(), "Stream listpacks len loading failed.", RedisReportLines.StreamListpacksLength);
        var nodes = new List<StreamNode>();
        for (; nodeCount > 0; nodeCount--)
        {
            var key = Guard(input, static i => i.ReadString(), "Stream master ID loading failed: invalid encoding or I/O error.",
                RedisReportLines.StreamMasterId);
            if (key.Length != 16)
            {
                throw new RdbFormatException("Stream node key entry is not the size of a stream ID", input.Offset,
                    RedisReportLines.StreamNodeKeySize);
            }
            var blob = Guard(input, static i => i.ReadString(), "Stream listpacks loading failed.", RedisReportLines.StreamListpackRead);
            if (!Listpack.Validate(blob, deep: true, out var count))
            {
                throw new RdbFormatException("Stream listpack integrity check failed.", input.Offset, RedisReportLines.StreamListpack);
            }
            if (count == 0)
            {
                throw new RdbFormatException("Empty listpack inside stream", input.Offset, RedisReportLines.StreamEmptyListpack);
            }
            var listpack = Listpack.Adopt(blob, count);
            if (!StreamNodeValidator.IsValid(listpack))
            {
                throw new RdbFormatException("Stream listpack integrity check failed.", input.Offset, RedisReportLines.StreamListpack);
            }
            var node = new StreamNode(ReadId(key), listpack);
            // Redis keys nodes in a radix tree: the order is the IDs', whatever the file's.
            var at = nodes.Count;
            while (at > 0 && nodes[at - 1].MasterId > node.MasterId)
            {
                at--;
            }
            if (at > 0 && nodes[at - 1].MasterId == node.MasterId)
            {
                throw new RdbFormatException("Listpack re-added with existing key", input.Offset, RedisReportLines.StreamDuplicateNode);
            }
            nodes.Insert(at, node);
        }
        foreach (var node in nodes)
        {
            stream.AddLoadedNode(node);
        }

        try
        {
            stream.Length = (long)input.ReadLength();
            stream.LastId = new StreamId(input.ReadLength(), input.ReadLength());
            if (v2)
            {
                stream.FirstId = new StreamId(input.ReadLength(), input.ReadLength());
                stream.MaxDeletedId = new StreamId(input.ReadLength(), input.ReadLength());
                stream.EntriesAdded = (long)input.ReadLength();
            }
        }
        catch (RdbFormatException e) when (e.Message == RdbFormatException.UnexpectedEof)
        {
            throw new RdbFormatException("Stream object metadata loading failed.", e.Offset, RedisReportLines.StreamMetadata);
        }
        if (!v2)
        {
            // Version 1 streams predate these: derived as Redis does (an empty stream's first ID is the largest ID).
            stream.MaxDeletedId = StreamId.Min;
            stream.EntriesAdded = stream.Length;
            stream.FirstId = stream.EdgeId(first: true) ?? StreamId.Max;
        }
        if (stream.Length != 0 && nodes.Count == 0)
        {
            throw new RdbFormatException("Stream length inconsistent with rax entries", input.Offset, RedisReportLines.StreamLengthInconsistent);
        }

        var groupCount = Guard(input, static i => i.ReadLength(), "Stream cgroup count loading failed.", RedisReportLines.StreamGroupCount);
        for (; groupCount > 0; groupCount--)
        {
            ReadConsumerGroup(input, stream, v2);
        }
        return stream;
    }

    private static void ReadConsumerGroup(RdbInput input, RedisStream stream, bool v2)
    {
        var name = Guard(input, static i => i.ReadString(), "Error reading the consumer group name from Stream", RedisReportLines.StreamGroupName);
        var lastId = Guard(input, static i => new StreamId(i.ReadLength(), i.ReadLength()), "Stream cgroup ID loading failed.",
            RedisReportLines.StreamGroupId);
        var entriesRead = v2
            ? (long)Guard(input, static i => i.ReadLength(), "Stream cgroup offset loading failed.", RedisReportLines.StreamGroupOffset)
            : stream.EstimateDistanceFromFirstEverEntry(lastId);
        stream.Groups ??= new SortedDictionary<byte[], StreamConsumerGroup>(StreamConsumerGroup.ByteOrder.Instance);
        var group = new StreamConsumerGroup(name, lastId, entriesRead);
        if (!stream.Groups.TryAdd(name, group))
        {
            throw new RdbFormatException($"Duplicated consumer group name {CString(name)}", input.Offset, RedisReportLines.StreamDuplicateGroup);
        }

        var pelSize = Guard(input, static i => i.ReadLength(), "Stream PEL size loading failed.", RedisReportLines.StreamPelSize);
        Span<byte> rawId = stackalloc byte[16];
        for (; pelSize > 0; pelSize--)
        {
            ReadRawId(input, rawId, "Stream PEL ID loading failed.", RedisReportLines.StreamPelId);
            var id = ReadId(rawId);
            var (deliveryTime, deliveryCount) = Guard(input, static i => (i.ReadMillisecondsTime(), i.ReadLength()),
                "Stream PEL NACK loading failed.", RedisReportLines.StreamPelNack);
            if (!group.Pending.TryAdd(id, new StreamPendingEntry(Unclaimed, deliveryTime, deliveryCount)))
            {
                throw new RdbFormatException("Duplicated global PEL entry loading stream consumer group", input.Offset,
                    RedisReportLines.StreamDuplicatePel);
            }
        }

        var consumerCount = Guard(input, static i => i.ReadLength(), "Stream consumers num loading failed.", RedisReportLines.StreamConsumerCount);
        for (; consumerCount > 0; consumerCount--)
        {
            var consumerName = Guard(input, static i => i.ReadString(), "Error reading the consumer name from Stream group.",
                RedisReportLines.StreamConsumerName);
            if (group.Consumers.ContainsKey(consumerName))
            {
                throw new RdbFormatException("Duplicate stream consumer detected.", input.Offset, RedisReportLines.StreamDuplicateConsumer);
            }
            var seenTime = Guard(input, static i => i.ReadMillisecondsTime(), "Stream short read reading seen time.", RedisReportLines.StreamSeenTime);
            var consumer = new StreamConsumer(consumerName, seenTime);
            group.Consumers.Add(consumerName, consumer);
            var owned = Guard(input, static i => i.ReadLength(), "Stream consumer PEL num loading failed.", RedisReportLines.StreamConsumerPelSize);
            for (; owned > 0; owned--)
            {
                ReadRawId(input, rawId, "Stream short read reading PEL streamID.", RedisReportLines.StreamConsumerPelId);
                var id = ReadId(rawId);
                if (!group.Pending.TryGetValue(id, out var pending))
                {
                    throw new RdbFormatException("Consumer entry not found in group global PEL", input.Offset,
                        RedisReportLines.StreamConsumerPelNotFound);
                }
                // A check of Debian's 7.0.15 build (a security fix): an entry has one owner. It also
                // covers an ID listed twice by one consumer, which the tag reports as a duplicate.
                if (!ReferenceEquals(pending.Consumer, Unclaimed))
                {
                    throw new RdbFormatException("Stream consumer PEL entry already has a consumer assigned", input.Offset,
                        RedisReportLines.StreamPelAlreadyOwned);
                }
                pending.Consumer = consumer;
                consumer.Pending.Add(id, pending);
            }
        }

        // Redis checks this only when sanitizing; Basalt always does, as its PEL entries must have an owner.
        foreach (var pending in group.Pending.Values)
        {
            if (ReferenceEquals(pending.Consumer, Unclaimed))
            {
                throw new RdbFormatException("Stream CG PEL entry without consumer", input.Offset, RedisReportLines.StreamPelWithoutConsumer);
            }
        }
    }

    /// <summary>
    /// Module values need their module, which Basalt has none of. In check mode a MODULE_2 value
    /// is parsed and skipped as redis-check-rdb does, giving Redis's dummy value.
    /// </summary>
    private static RedisObject ReadModuleValue(RdbInput input, byte type, RdbLoadOptions options)
    {
        var moduleId = Guard(input, static i => i.ReadLength(), "Short read module id", RedisReportLines.ModuleIdShortRead);
        var name = ModuleTypeName(moduleId);
        if (options.CheckMode && type == RdbFormat.TypeModule2)
        {
            SkipModuleValue(input, name);
            return RedisString.FromBytesNoInteger("module-dummy-value"u8.ToArray());
        }
        throw new RdbFormatException($"The RDB file contains module data I can't load: no matching module type '{name}'", input.Offset,
            RedisReportLines.ModuleNotFound);
    }

    /// <summary>rdbLoadCheckModuleValue: sub-opcode/value pairs until the EOF opcode; unknown opcodes carry nothing.</summary>
    internal static void SkipModuleValue(RdbInput input, string moduleName)
    {
        while (true)
        {
            var opcode = input.ReadLength();
            switch (opcode)
            {
                case RdbFormat.ModuleOpEof:
                    return;
                case RdbFormat.ModuleOpSInt:
                case RdbFormat.ModuleOpUInt:
                    Guard(input, static i => i.ReadLength(), $"Error reading integer from module {moduleName} value", RedisReportLines.ModuleValueInteger);
                    break;
                case RdbFormat.ModuleOpString:
                    Guard(input, static i => i.ReadString(), $"Error reading string from module {moduleName} value", RedisReportLines.ModuleValueString);
                    break;
                case RdbFormat.ModuleOpFloat:
                    Guard(input, static i => i.ReadBinaryFloat(), $"Error reading float from module {moduleName} value", RedisReportLines.ModuleValueFloat);
                    break;
                case RdbFormat.ModuleOpDouble:
                    Guard(input, static i => i.ReadBinaryDouble(), $"Error reading double from module {moduleName} value", RedisReportLines.ModuleValueDouble);
                    break;
            }
        }
    }

    /// <summary>moduleTypeNameByID: nine characters of 6 bits each above the 10-bit encoding version.</summary>
    public static string ModuleTypeName(ulong moduleId)
    {
        const string CharSet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        Span<char> name = stackalloc char[9];
        moduleId >>= 10;
        for (var j = 8; j >= 0; j--)
        {
            name[j] = CharSet[(int)(moduleId & 63)];
            moduleId >>= 6;
        }
        return new string(name);
    }

    /// <summary>
    /// Runs a read whose short read Redis reports with its own message (the stream and module
    /// loaders call rdbReportReadError instead of returning a plain short read).
    /// </summary>
    private static T Guard<T>(RdbInput input, Func<RdbInput, T> read, string message, int line)
    {
        try
        {
            return read(input);
        }
        catch (RdbFormatException e) when (e.Message == RdbFormatException.UnexpectedEof)
        {
            throw new RdbFormatException(message, e.Offset, line);
        }
    }

    private static void ReadRawId(RdbInput input, Span<byte> destination, string message, int line)
    {
        var start = input.Offset;
        try
        {
            input.ReadExact(destination);
        }
        catch (RdbFormatException e) when (e.Message == RdbFormatException.UnexpectedEof)
        {
            throw new RdbFormatException(message, start, line);
        }
    }

    /// <summary>A stream ID as Redis stores it raw: ms then seq, both big endian.</summary>
    private static StreamId ReadId(ReadOnlySpan<byte> raw) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(raw), BinaryPrimitives.ReadUInt64BigEndian(raw[8..]));

    private static int Presize(ulong length) => (int)Math.Min(length, MaxPresize);

    /// <summary>A name as printf's %s shows it: up to the first NUL.</summary>
    private static string CString(byte[] bytes)
    {
        var nul = Array.IndexOf(bytes, (byte)0);
        return System.Text.Encoding.Latin1.GetString(bytes, 0, nul < 0 ? bytes.Length : nul);
    }
}
