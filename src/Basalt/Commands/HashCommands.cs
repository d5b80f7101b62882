using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Server;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Commands;

/// <summary>
/// The hash family (t_hash.c): HSET, HMSET, HSETNX, HGET, HMGET, HDEL, HLEN, HSTRLEN, HEXISTS,
/// HKEYS, HVALS, HGETALL, HINCRBY, HINCRBYFLOAT, HRANDFIELD, HSCAN.
/// </summary>
public static class HashCommands
{
    private const CommandFlags Write = CommandFlags.Write;
    private const CommandFlags Read = CommandFlags.ReadOnly;
    private const CommandFlags Fast = CommandFlags.Fast;
    private const CommandFlags DenyOom = CommandFlags.DenyOom;

    /// <summary>HRANDFIELD's "copy and remove" strategy when the count is near the size (HRANDFIELD_SUB_STRATEGY_MUL).</summary>
    private const long RandomFieldSubStrategyMultiplier = 3;

    /// <summary>HRANDFIELD with a negative count picks at most this many pairs per listpack walk (HRANDFIELD_RANDOM_SAMPLE_LIMIT).</summary>
    private const int RandomSampleLimit = 1000;

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("hset", -4, Write | DenyOom | Fast, 1, 1, 1, "@write @hash @fast", "hash", "2.0.0",
            "Set the string value of a hash field", ctx => HSet(ctx, replyCreated: true)));
        table.Add(new CommandSpec("hmset", -4, Write | DenyOom | Fast, 1, 1, 1, "@write @hash @fast", "hash", "2.0.0",
            "Set multiple hash fields to multiple values", ctx => HSet(ctx, replyCreated: false)));
        table.Add(new CommandSpec("hsetnx", 4, Write | DenyOom | Fast, 1, 1, 1, "@write @hash @fast", "hash", "2.0.0",
            "Set the value of a hash field, only if the field does not exist", HSetNx));
        table.Add(new CommandSpec("hget", 3, Read | Fast, 1, 1, 1, "@read @hash @fast", "hash", "2.0.0",
            "Get the value of a hash field", HGet));
        table.Add(new CommandSpec("hmget", -3, Read | Fast, 1, 1, 1, "@read @hash @fast", "hash", "2.0.0",
            "Get the values of all the given hash fields", HMGet));
        table.Add(new CommandSpec("hdel", -3, Write | Fast, 1, 1, 1, "@write @hash @fast", "hash", "2.0.0",
            "Delete one or more hash fields", HDel));
        table.Add(new CommandSpec("hlen", 2, Read | Fast, 1, 1, 1, "@read @hash @fast", "hash", "2.0.0",
            "Get the number of fields in a hash", HLen));
        table.Add(new CommandSpec("hstrlen", 3, Read | Fast, 1, 1, 1, "@read @hash @fast", "hash", "3.2.0",
            "Get the length of the value of a hash field", HStrLen));
        table.Add(new CommandSpec("hexists", 3, Read | Fast, 1, 1, 1, "@read @hash @fast", "hash", "2.0.0",
            "Determine if a hash field exists", HExists));
        table.Add(new CommandSpec("hkeys", 2, Read, 1, 1, 1, "@read @hash @slow", "hash", "2.0.0",
            "Get all the fields in a hash", ctx => HGetAll(ctx, fields: true, values: false)));
        table.Add(new CommandSpec("hvals", 2, Read, 1, 1, 1, "@read @hash @slow", "hash", "2.0.0",
            "Get all the values in a hash", ctx => HGetAll(ctx, fields: false, values: true)));
        table.Add(new CommandSpec("hgetall", 2, Read, 1, 1, 1, "@read @hash @slow", "hash", "2.0.0",
            "Get all the fields and values in a hash", ctx => HGetAll(ctx, fields: true, values: true)));
        table.Add(new CommandSpec("hincrby", 4, Write | DenyOom | Fast, 1, 1, 1, "@write @hash @fast", "hash", "2.0.0",
            "Increment the integer value of a hash field by the given number", HIncrBy));
        table.Add(new CommandSpec("hincrbyfloat", 4, Write | DenyOom | Fast, 1, 1, 1, "@write @hash @fast", "hash", "2.6.0",
            "Increment the float value of a hash field by the given amount", HIncrByFloat));
        table.Add(new CommandSpec("hrandfield", -2, Read, 1, 1, 1, "@read @hash @slow", "hash", "6.2.0",
            "Get one or multiple random fields from a hash", HRandField));
        table.Add(new CommandSpec("hscan", -3, Read, 1, 1, 1, "@read @hash @slow", "hash", "2.8.0",
            "Incrementally iterate hash fields and associated values", HScan));
    }

    /// <summary>Finds a key for reading; false (after replying WRONGTYPE) when it holds no hash.</summary>
    internal static bool TryRead(CommandContext ctx, ReadOnlySpan<byte> key, out RedisHash? hash) => ctx.TryRead(key, out hash);

    /// <summary>
    /// hashTypeLookupWriteOrCreate: the hash to change, or a new empty one (with a null
    /// <paramref name="entry"/>) that the caller adds with <see cref="Store"/> once it holds
    /// something; false (after replying WRONGTYPE) on a type clash.
    /// </summary>
    private static bool TryWriteOrCreate(CommandContext ctx, ReadOnlySpan<byte> key, out RedisHash hash, out KeyEntry? entry, long listpackBytes = 0)
    {
        entry = ctx.Db.LookupWrite(key);
        if (entry is null)
        {
            hash = RedisHash.Create(listpackBytes);
            return true;
        }
        if (entry.Value is RedisHash existing)
        {
            hash = existing;
            return true;
        }
        hash = null!;
        ctx.WrongType();
        return false;
    }

    /// <summary>
    /// Records a write of <paramref name="changes"/> changes: adds a new hash to the keyspace or
    /// marks the existing key modified, and counts the changes as Redis adds them to server.dirty.
    /// </summary>
    private static void Store(CommandContext ctx, ReadOnlySpan<byte> key, RedisHash hash, KeyEntry? entry, long changes)
    {
        if (entry is null)
        {
            ctx.Db.Add(key, hash);
        }
        else
        {
            ctx.Db.Modified(entry);
        }
        ctx.Databases.Dirty += changes - 1;
    }

    private static RedisHash.Limits LimitsOf(CommandContext ctx) =>
        new(ctx.Server.Config.HashMaxListpackEntries, ctx.Server.Config.HashMaxListpackValue);

    private static void ReplyEntry(CommandContext ctx, in ListpackEntry value)
    {
        if (value.IsInteger)
        {
            ctx.Reply.BulkInteger(value.Integer);
        }
        else
        {
            ctx.Reply.Bulk(value.Bytes);
        }
    }

    /// <summary>HSET key field value [field value ...] (:created) and HMSET (+OK).</summary>
    private static void HSet(CommandContext ctx, bool replyCreated)
    {
        if (ctx.ArgCount % 2 == 1)
        {
            ctx.Reply.Error(Errors.WrongArity(ctx.Command.FullName));
            return;
        }
        var key = ctx.Arg(1);
        var limits = LimitsOf(ctx);
        var pairs = (ctx.ArgCount - 2) / 2;
        long longest = 0;
        long total = 0;
        long encoded = 0;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            var length = ctx.Arg(i).Length;
            longest = Math.Max(longest, length);
            total += length;
            encoded += Listpack.EntrySizeOf(ctx.Arg(i));
        }
        var staysListpack = longest <= limits.MaxListpackValue && pairs <= limits.MaxListpackEntries;
        if (!TryWriteOrCreate(ctx, key, out var hash, out var entry, staysListpack ? encoded : 0))
        {
            return;
        }
        hash.ConvertIfTooLarge(longest, total, limits);
        hash.Reserve(pairs, encoded, limits);
        long created = 0;
        for (var i = 2; i < ctx.ArgCount; i += 2)
        {
            if (hash.Set(ctx.Arg(i), ctx.Arg(i + 1), limits))
            {
                created++;
            }
        }
        Store(ctx, key, hash, entry, (ctx.ArgCount - 2) / 2);
        ctx.Notify(KeyspaceEventClasses.Hash, "hset", key);
        if (replyCreated)
        {
            ctx.Reply.Integer(created);
        }
        else
        {
            ctx.Reply.Ok();
        }
    }

    private static void HSetNx(CommandContext ctx)
    {
        var key = ctx.Arg(1);
        if (!TryWriteOrCreate(ctx, key, out var hash, out var entry))
        {
            return;
        }
        if (hash.Contains(ctx.Arg(2)))
        {
            ctx.Reply.Integer(0);
            return;
        }
        var limits = LimitsOf(ctx);
        hash.ConvertIfTooLarge(Math.Max(ctx.Arg(2).Length, ctx.Arg(3).Length), ctx.Arg(2).Length + ctx.Arg(3).Length, limits);
        hash.Set(ctx.Arg(2), ctx.Arg(3), limits);
        Store(ctx, key, hash, entry, 1);
        ctx.Notify(KeyspaceEventClasses.Hash, "hset", key);
        ctx.Reply.Integer(1);
    }

    /// <summary>addHashFieldToReply: the value as a bulk string, or a null.</summary>
    private static void ReplyField(CommandContext ctx, RedisHash? hash, ReadOnlySpan<byte> field)
    {
        if (hash is not null && hash.TryGet(field, out var value))
        {
            ReplyEntry(ctx, value);
        }
        else
        {
            ctx.Reply.NullBulk();
        }
    }

    private static void HGet(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var hash))
        {
            ReplyField(ctx, hash, ctx.Arg(2));
        }
    }

    /// <summary>HMGET: a missing key is an empty hash, so every field answers null.</summary>
    private static void HMGet(CommandContext ctx)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var hash))
        {
            return;
        }
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            ReplyField(ctx, hash, ctx.Arg(i));
        }
    }

    /// <summary>HDEL: deletes the key with its last field (and stops there, as Redis does).</summary>
    private static void HDel(CommandContext ctx)
    {
        var db = ctx.Db;
        var entry = db.LookupWrite(ctx.Arg(1));
        if (entry is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        if (entry.Value is not RedisHash hash)
        {
            ctx.WrongType();
            return;
        }
        long deleted = 0;
        var removed = false;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (hash.Delete(ctx.Arg(i)))
            {
                deleted++;
                if (hash.Count == 0)
                {
                    db.Delete(entry);
                    removed = true;
                    break;
                }
            }
        }
        if (deleted > 0)
        {
            if (!removed)
            {
                db.Modified(entry);
            }
            ctx.Databases.Dirty += deleted - 1;
            ctx.Notify(KeyspaceEventClasses.Hash, "hdel", ctx.Arg(1));
            if (removed)
            {
                ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
            }
        }
        ctx.Reply.Integer(deleted);
    }

    private static void HLen(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var hash))
        {
            ctx.Reply.Integer(hash?.Count ?? 0);
        }
    }

    private static void HStrLen(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var hash))
        {
            ctx.Reply.Integer(hash is not null && hash.TryGet(ctx.Arg(2), out var value) ? value.Length : 0);
        }
    }

    private static void HExists(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var hash))
        {
            ctx.Reply.Integer(hash is not null && hash.Contains(ctx.Arg(2)) ? 1 : 0);
        }
    }

    /// <summary>HKEYS, HVALS (arrays) and HGETALL (a map in RESP3), in the hash's own order.</summary>
    private static void HGetAll(CommandContext ctx, bool fields, bool values)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var hash))
        {
            return;
        }
        var count = hash?.Count ?? 0;
        if (fields && values)
        {
            ctx.Reply.MapHeader(count);
        }
        else
        {
            ctx.Reply.ArrayHeader(count);
        }
        if (hash is null)
        {
            return;
        }
        for (var handle = hash.FirstPair; handle >= 0; handle = hash.NextPair(handle))
        {
            if (fields)
            {
                ReplyEntry(ctx, hash.FieldAt(handle));
            }
            if (values)
            {
                ReplyEntry(ctx, hash.ValueAt(handle));
            }
        }
    }

    private static void HIncrBy(CommandContext ctx)
    {
        if (!ctx.TryGetLong(3, out var increment))
        {
            return;
        }
        var key = ctx.Arg(1);
        var field = ctx.Arg(2);
        if (!TryWriteOrCreate(ctx, key, out var hash, out var entry))
        {
            return;
        }
        long current = 0;
        if (hash.TryGet(field, out var old))
        {
            if (old.IsInteger)
            {
                current = old.Integer;
            }
            else if (!RedisNumber.TryParseInt64(old.Bytes, out current))
            {
                ctx.Reply.Error("ERR hash value is not an integer");
                return;
            }
        }
        if ((increment < 0 && current < 0 && increment < long.MinValue - current) ||
            (increment > 0 && current > 0 && increment > long.MaxValue - current))
        {
            ctx.Reply.Error(Errors.Overflow);
            return;
        }
        var sum = current + increment;
        Span<byte> text = stackalloc byte[RedisNumber.MaxInt64Chars];
        var length = RedisNumber.FormatInt64(sum, text);
        hash.Set(field, text[..length], LimitsOf(ctx));
        Store(ctx, key, hash, entry, 1);
        ctx.Notify(KeyspaceEventClasses.Hash, "hincrby", key);
        ctx.Reply.Integer(sum);
    }

    /// <summary>
    /// HINCRBYFLOAT: long double arithmetic and "%.17Lf" formatting as INCRBYFLOAT. (Redis
    /// propagates it as an HSET of the result, so that replicas and the AOF need no float math.)
    /// </summary>
    private static void HIncrByFloat(CommandContext ctx)
    {
        if (!LongDouble.TryParse(ctx.Arg(3), out var increment))
        {
            ctx.Reply.Error(Errors.NotFloat);
            return;
        }
        if (!increment.IsFinite)
        {
            ctx.Reply.Error("ERR value is NaN or Infinity");
            return;
        }
        var key = ctx.Arg(1);
        var field = ctx.Arg(2);
        if (!TryWriteOrCreate(ctx, key, out var hash, out var entry))
        {
            return;
        }
        var current = LongDouble.Zero;
        if (hash.TryGet(field, out var old))
        {
            if (old.IsInteger)
            {
                current = LongDouble.FromInt64(old.Integer);
            }
            else if (!LongDouble.TryParse(old.Bytes, out current))
            {
                ctx.Reply.Error("ERR hash value is not a float");
                return;
            }
        }
        var sum = current + increment;
        if (!sum.IsFinite)
        {
            ctx.Reply.Error("ERR increment would produce NaN or Infinity");
            return;
        }
        Span<byte> text = stackalloc byte[LongDouble.MaxChars];
        var length = sum.FormatHuman(text);
        hash.Set(field, text[..length], LimitsOf(ctx));
        Store(ctx, key, hash, entry, 1);
        ctx.Notify(KeyspaceEventClasses.Hash, "hincrbyfloat", key);
        ctx.Reply.Bulk(text[..length]);
        // The result, not the increment: float arithmetic may differ where the log is replayed.
        if (PropagatedForm.Active(ctx))
        {
            PropagatedForm.Rewrite(ctx, PropagatedForm.HSet, key.ToArray(), field.ToArray(), text[..length].ToArray());
        }
    }

    /// <summary>HRANDFIELD key [count [WITHVALUES]].</summary>
    private static void HRandField(CommandContext ctx)
    {
        if (ctx.ArgCount >= 3)
        {
            if (!ctx.TryGetLong(2, out var requested))
            {
                return;
            }
            if (requested == long.MinValue)
            {
                ctx.Reply.Error("ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807");
                return;
            }
            if (ctx.ArgCount > 4 || (ctx.ArgCount == 4 && !ctx.Is(3, "withvalues")))
            {
                ctx.SyntaxError();
                return;
            }
            var withValues = ctx.ArgCount == 4;
            if (withValues && (requested < -long.MaxValue / 2 || requested > long.MaxValue / 2))
            {
                ctx.Reply.Error("ERR value is out of range");
                return;
            }
            RandomFieldsWithCount(ctx, requested, withValues);
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var hash))
        {
            return;
        }
        if (hash is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        ReplyEntry(ctx, hash.FieldAt(hash.RandomPair(Random.Shared)));
    }

    /// <summary>
    /// hrandfieldWithCountCommand: a negative count allows repetitions (and is the only case in
    /// random order); a positive one gives distinct fields, by one of three strategies depending
    /// on how the count compares with the size. With values, RESP3 nests each pair in an array.
    /// </summary>
    private static void RandomFieldsWithCount(CommandContext ctx, long requested, bool withValues)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var hash))
        {
            return;
        }
        var count = Math.Abs(requested);
        if (hash is null || count == 0)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        var reply = ctx.Reply;
        var nestPairs = withValues && reply.Protocol == 3;
        var random = Random.Shared;
        long size = hash.Count;

        // CASE 1: repetitions allowed (or a single field): sample the whole hash every time.
        if (requested < 0 || count == 1)
        {
            reply.ArrayHeader(withValues && !nestPairs ? count * 2 : count);
            Span<int> handles = stackalloc int[(int)Math.Min(count, RandomSampleLimit)];
            while (count > 0 && !ctx.Client.Has(ClientFlags.CloseAsap))
            {
                var sample = handles[..(int)Math.Min(count, handles.Length)];
                hash.RandomPairs(random, sample);
                foreach (var handle in sample)
                {
                    ReplyPair(ctx, hash, handle, withValues, nestPairs);
                }
                count -= sample.Length;
            }
            return;
        }

        var replySize = Math.Min(count, size);
        reply.ArrayHeader(withValues && !nestPairs ? replySize * 2 : replySize);

        // CASE 2: the count covers the hash: all of it.
        if (count >= size)
        {
            for (var handle = hash.FirstPair; handle >= 0; handle = hash.NextPair(handle))
            {
                ReplyPair(ctx, hash, handle, withValues, nestPairs);
            }
            return;
        }

        // CASE 3: the count is close to the size: take every pair, drop random ones until count remain.
        if (count * RandomFieldSubStrategyMultiplier > size)
        {
            var all = new int[size];
            var n = 0;
            for (var handle = hash.FirstPair; handle >= 0; handle = hash.NextPair(handle))
            {
                all[n++] = handle;
            }
            while (n > count)
            {
                var drop = random.Next(n);
                all[drop] = all[--n];
            }
            for (var i = 0; i < n; i++)
            {
                ReplyPair(ctx, hash, all[i], withValues, nestPairs);
            }
            return;
        }

        // CASE 4: the hash is much bigger than the count.
        var picked = new int[count];
        if (hash.IsListpack)
        {
            // One walk choosing each pair with the right probability beats repeated seeks.
            var got = hash.RandomPairsUnique(random, picked);
            for (var i = 0; i < got; i++)
            {
                ReplyPair(ctx, hash, picked[i], withValues, nestPairs);
            }
            return;
        }
        var seen = new HashSet<int>((int)count);
        while (seen.Count < count)
        {
            var handle = hash.RandomPair(random);
            if (seen.Add(handle))
            {
                ReplyPair(ctx, hash, handle, withValues, nestPairs);
            }
        }
    }

    private static void ReplyPair(CommandContext ctx, RedisHash hash, int handle, bool withValues, bool nestPairs)
    {
        if (nestPairs)
        {
            ctx.Reply.ArrayHeader(2);
        }
        ReplyEntry(ctx, hash.FieldAt(handle));
        if (withValues)
        {
            ReplyEntry(ctx, hash.ValueAt(handle));
        }
    }

    /// <summary>
    /// HSCAN key cursor [MATCH pattern] [COUNT count]: a listpack hash is returned whole with
    /// cursor 0; a hashtable by cursor, which stays valid while the table grows or shrinks.
    /// MATCH filters on fields; a filtered field takes its value with it.
    /// </summary>
    private static void HScan(CommandContext ctx)
    {
        if (!RedisNumber.TryParseScanCursor(ctx.Arg(2), out var cursor))
        {
            ctx.Reply.Error(Errors.InvalidCursor);
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var hash))
        {
            return;
        }
        if (hash is null)
        {
            MemberScanOptions.ReplyEmpty(ctx);
            return;
        }
        if (!MemberScanOptions.TryParse(ctx, out var options))
        {
            return;
        }
        var reply = ctx.Reply;
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        if (hash.IsListpack)
        {
            MemberScanOptions.ReplyCursor(ctx, 0);
            var handle = reply.BeginDeferredLength();
            long elements = 0;
            for (var pair = hash.FirstPair; pair >= 0; pair = hash.NextPair(pair))
            {
                var field = hash.FieldAt(pair);
                if (options.Matches(ctx, field.AsSpan(scratch)))
                {
                    ReplyEntry(ctx, field);
                    ReplyEntry(ctx, hash.ValueAt(pair));
                    elements += 2;
                }
            }
            reply.EndDeferredArray(handle, elements);
            return;
        }
        var pairs = new List<byte[]>();
        cursor = hash.ScanTable(cursor, options.Count, pairs);
        MemberScanOptions.ReplyCursor(ctx, cursor);
        var kept = 0;
        for (var i = 0; i < pairs.Count; i++)
        {
            if (options.Matches(ctx, HashPair.Field(pairs[i])))
            {
                pairs[kept++] = pairs[i];
            }
        }
        reply.ArrayHeader(kept * 2L);
        for (var i = 0; i < kept; i++)
        {
            reply.Bulk(HashPair.Field(pairs[i]));
            reply.Bulk(HashPair.Value(pairs[i]));
        }
    }
}
