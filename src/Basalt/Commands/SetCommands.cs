using Basalt.Config.Parameters;
using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// The set family's single-key commands (t_set.c): SADD, SREM, SMOVE, SISMEMBER, SMISMEMBER,
/// SCARD, SMEMBERS, SPOP, SRANDMEMBER, SSCAN. The multi-key algebra is in
/// <see cref="SetAlgebraCommands"/>.
/// </summary>
public static class SetCommands
{
    private const CommandFlags Write = CommandFlags.Write;
    private const CommandFlags Read = CommandFlags.ReadOnly;
    private const CommandFlags Fast = CommandFlags.Fast;

    /// <summary>SPOP's "rebuild the remainder" strategy when few members stay (SPOP_MOVE_STRATEGY_MUL).</summary>
    private const long SpopMoveStrategyMultiplier = 5;

    /// <summary>SRANDMEMBER's "copy and remove" strategy when the count is near the size (SRANDMEMBER_SUB_STRATEGY_MUL).</summary>
    private const long SrandmemberSubStrategyMultiplier = 3;

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("sadd", -3, Write | CommandFlags.DenyOom | Fast, 1, 1, 1, "@write @set @fast", "set", "1.0.0",
            "Add one or more members to a set", SAdd));
        table.Add(new CommandSpec("srem", -3, Write | Fast, 1, 1, 1, "@write @set @fast", "set", "1.0.0",
            "Remove one or more members from a set", SRem));
        table.Add(new CommandSpec("smembers", 2, Read, 1, 1, 1, "@read @set @slow", "set", "1.0.0",
            "Get all the members in a set", SMembers));
        table.Add(new CommandSpec("sismember", 3, Read | Fast, 1, 1, 1, "@read @set @fast", "set", "1.0.0",
            "Determine if a given value is a member of a set", SIsMember));
        table.Add(new CommandSpec("smismember", -3, Read | Fast, 1, 1, 1, "@read @set @fast", "set", "6.2.0",
            "Returns the membership associated with the given elements for a set", SMIsMember));
        table.Add(new CommandSpec("scard", 2, Read | Fast, 1, 1, 1, "@read @set @fast", "set", "1.0.0",
            "Get the number of members in a set", SCard));
        table.Add(new CommandSpec("spop", -2, Write | Fast, 1, 1, 1, "@write @set @fast", "set", "1.0.0",
            "Remove and return one or multiple random members from a set", SPop));
        table.Add(new CommandSpec("srandmember", -2, Read, 1, 1, 1, "@read @set @slow", "set", "1.0.0",
            "Get one or multiple random members from a set", SRandMember));
        table.Add(new CommandSpec("smove", 4, Write | Fast, 1, 2, 1, "@write @set @fast", "set", "1.0.0",
            "Move a member from one set to another", SMove));
        table.Add(new CommandSpec("sscan", -3, Read, 1, 1, 1, "@read @set @slow", "set", "2.8.0",
            "Incrementally iterate Set elements", SScan));
        SetAlgebraCommands.Register(table);
    }

    /// <summary>Finds a key for reading; false (after replying WRONGTYPE) when it holds no set.</summary>
    internal static bool TryRead(CommandContext ctx, ReadOnlySpan<byte> key, out RedisSet? set) => ctx.TryRead(key, out set);

    /// <summary>Finds a key for an in-place change; false (after replying WRONGTYPE) when it holds no set.</summary>
    internal static bool TryWrite(CommandContext ctx, ReadOnlySpan<byte> key, out RedisSet? set, out KeyEntry? entry) =>
        ctx.TryWrite(key, out set, out entry);

    internal static long MaxIntsetEntries(CommandContext ctx) => ctx.Server.Config.SetMaxIntsetEntries;

    /// <summary>
    /// Sets the dirty counter to what Redis adds for the command (its exact "server.dirty +=").
    /// The write door counts one change per call; Redis counts per element for most collection
    /// commands, and the count is what save points and propagation look at.
    /// </summary>
    internal static void SetDirty(CommandContext ctx, long before, long changes) => ctx.Databases.Dirty = before + changes;

    private static void SAdd(CommandContext ctx)
    {
        if (!TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        var dirtyBefore = ctx.Databases.Dirty;
        var created = set is null;
        var max = MaxIntsetEntries(ctx);
        if (set is null)
        {
            set = RedisSet.CreateFor(ctx.Arg(2), ctx.ArgCount - 2, max);
            entry = ctx.Db.Add(ctx.Arg(1), set);
        }
        set.Reserve(ctx.ArgCount - 2, max);
        long added = 0;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (set.Add(ctx.Arg(i), max))
            {
                added++;
            }
        }
        if (added > 0 && !created)
        {
            ctx.Db.Modified(entry!);
        }
        if (added > 0)
        {
            ctx.Notify(KeyspaceEventClasses.Set, "sadd", ctx.Arg(1));
        }
        SetDirty(ctx, dirtyBefore, added);
        ctx.Reply.Integer(added);
    }

    private static void SRem(CommandContext ctx)
    {
        if (!TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var dirtyBefore = ctx.Databases.Dirty;
        long deleted = 0;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (set.Remove(ctx.Arg(i)))
            {
                deleted++;
                if (set.Count == 0)
                {
                    break;
                }
            }
        }
        if (deleted > 0)
        {
            ctx.Notify(KeyspaceEventClasses.Set, "srem", ctx.Arg(1));
            if (set.Count == 0)
            {
                ctx.Db.Delete(entry!);
                ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
            }
            else
            {
                ctx.Db.Modified(entry!);
            }
            SetDirty(ctx, dirtyBefore, deleted);
        }
        ctx.Reply.Integer(deleted);
    }

    private static void SMove(CommandContext ctx)
    {
        var db = ctx.Db;
        var sourceEntry = db.LookupWrite(ctx.Arg(1));
        var targetEntry = db.LookupWrite(ctx.Arg(2));
        if (sourceEntry is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        if (sourceEntry.Value is not RedisSet source || (targetEntry is not null && targetEntry.Value is not RedisSet))
        {
            ctx.WrongType();
            return;
        }
        var member = ctx.Arg(3);
        if (ReferenceEquals(sourceEntry, targetEntry))
        {
            ctx.Reply.Integer(source.Contains(member) ? 1 : 0);
            return;
        }
        if (!source.Remove(member))
        {
            ctx.Reply.Integer(0);
            return;
        }
        var dirtyBefore = ctx.Databases.Dirty;
        ctx.Notify(KeyspaceEventClasses.Set, "srem", ctx.Arg(1));
        if (source.Count == 0)
        {
            db.Delete(sourceEntry);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
        }
        else
        {
            db.Modified(sourceEntry);
        }
        long changes = 1;
        if (targetEntry is null)
        {
            var created = RedisSet.CreateFor(member);
            created.Add(member, MaxIntsetEntries(ctx));
            db.Add(ctx.Arg(2), created);
            changes++;
            ctx.Notify(KeyspaceEventClasses.Set, "sadd", ctx.Arg(2));
        }
        else if (((RedisSet)targetEntry.Value).Add(member, MaxIntsetEntries(ctx)))
        {
            db.Modified(targetEntry);
            changes++;
            ctx.Notify(KeyspaceEventClasses.Set, "sadd", ctx.Arg(2));
        }
        SetDirty(ctx, dirtyBefore, changes);
        ctx.Reply.Integer(1);
    }

    private static void SIsMember(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var set))
        {
            ctx.Reply.Integer(set is not null && set.Contains(ctx.Arg(2)) ? 1 : 0);
        }
    }

    private static void SMIsMember(CommandContext ctx)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            ctx.Reply.Integer(set is not null && set.Contains(ctx.Arg(i)) ? 1 : 0);
        }
    }

    private static void SCard(CommandContext ctx)
    {
        if (TryRead(ctx, ctx.Arg(1), out var set))
        {
            ctx.Reply.Integer(set?.Count ?? 0);
        }
    }

    /// <summary>SMEMBERS is SINTER of one key in Redis: a set reply, empty for a missing key.</summary>
    private static void SMembers(CommandContext ctx)
    {
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        ReplyMembers(ctx, set);
    }

    /// <summary>Every member as a set reply (an array in RESP2).</summary>
    internal static void ReplyMembers(CommandContext ctx, RedisSet? set)
    {
        var count = set?.Count ?? 0;
        ctx.Reply.SetHeader(count);
        for (var i = 0; i < count; i++)
        {
            set![i].WriteTo(ctx.Reply);
        }
    }

    private static void SPop(CommandContext ctx)
    {
        if (ctx.ArgCount == 3)
        {
            SPopWithCount(ctx);
            return;
        }
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        var dirtyBefore = ctx.Databases.Dirty;
        var popped = set.PopRandom(Random.Shared);
        ctx.Notify(KeyspaceEventClasses.Set, "spop", ctx.Arg(1));
        popped.WriteTo(ctx.Reply);
        // Logged as the SREM of the member chosen: replaying must not choose again.
        if (PropagatedForm.Active(ctx))
        {
            PropagatedForm.Rewrite(ctx, PropagatedForm.SRem, ctx.Args.ToArray(1), popped.ToArray());
        }
        if (set.Count == 0)
        {
            ctx.Db.Delete(entry!);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
        }
        else
        {
            ctx.Db.Modified(entry!);
        }
        SetDirty(ctx, dirtyBefore, 1);
    }

    private static void SPopWithCount(CommandContext ctx)
    {
        if (!RangedLongArgs.TryGetPositive(ctx, 2, out var count))
        {
            return;
        }
        if (!TryWrite(ctx, ctx.Arg(1), out var set, out var entry))
        {
            return;
        }
        if (set is null || count == 0)
        {
            ctx.Reply.SetHeader(0);
            return;
        }
        var db = ctx.Db;
        var dirtyBefore = ctx.Databases.Dirty;
        long size = set.Count;
        ctx.Notify(KeyspaceEventClasses.Set, "spop", ctx.Arg(1));
        if (count >= size)
        {
            // Redis answers through SUNION of the one key, which reads it again (a keyspace hit).
            db.LookupRead(ctx.Arg(1));
            ReplyMembers(ctx, set);
            db.Delete(entry!);
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(1));
            SetDirty(ctx, dirtyBefore, size);
            PropagatedForm.Deletion(ctx, ctx.Arg(1), lazy: false);
            return;
        }
        ctx.Reply.SetHeader(count);
        // Logged as one SREM per member taken (in a MULTI/EXEC), never as SPOP.
        var propagating = PropagatedForm.Active(ctx);
        var remaining = size - count;
        if (remaining * SpopMoveStrategyMultiplier > count)
        {
            for (var i = 0; i < count; i++)
            {
                var popped = set.PopRandom(Random.Shared);
                popped.WriteTo(ctx.Reply);
                if (propagating)
                {
                    PropagatedForm.Also(ctx, PropagatedForm.SRem, ctx.Args.ToArray(1), popped.ToArray());
                }
            }
            db.Modified(entry!);
        }
        else
        {
            // Few members stay: move those into a new set (whose encoding starts over, as in
            // Redis) and answer with what is left in the old one.
            RedisSet? kept = null;
            var max = MaxIntsetEntries(ctx);
            for (var i = 0; i < remaining; i++)
            {
                var member = set.PopRandom(Random.Shared).ToArray();
                kept ??= RedisSet.CreateFor(member);
                kept.Add(member, max);
            }
            for (var i = 0; i < set.Count; i++)
            {
                set[i].WriteTo(ctx.Reply);
                if (propagating)
                {
                    PropagatedForm.Also(ctx, PropagatedForm.SRem, ctx.Args.ToArray(1), set[i].ToArray());
                }
            }
            db.Overwrite(entry!, kept!, keepTtl: true);
        }
        SetDirty(ctx, dirtyBefore, count);
        PropagatedForm.Suppress(ctx);
    }

    private static void SRandMember(CommandContext ctx)
    {
        if (ctx.ArgCount == 3)
        {
            SRandMemberWithCount(ctx);
            return;
        }
        if (ctx.ArgCount > 3)
        {
            ctx.SyntaxError();
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        set.RandomMember(Random.Shared).WriteTo(ctx.Reply);
    }

    private static void SRandMemberWithCount(CommandContext ctx)
    {
        if (!RangedLongArgs.TryGet(ctx, 2, -long.MaxValue, long.MaxValue, out var requested))
        {
            return;
        }
        var unique = requested >= 0;
        var count = Math.Abs(requested);
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is null || count == 0)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        var random = Random.Shared;
        long size = set.Count;
        if (!unique || count == 1)
        {
            ctx.Reply.ArrayHeader(count);
            for (var i = 0; i < count; i++)
            {
                set.RandomMember(random).WriteTo(ctx.Reply);
            }
            return;
        }
        if (count >= size)
        {
            ctx.Reply.ArrayHeader(size);
            for (var i = 0; i < size; i++)
            {
                set[i].WriteTo(ctx.Reply);
            }
            return;
        }
        ctx.Reply.ArrayHeader(count);
        if (count * SrandmemberSubStrategyMultiplier > size)
        {
            // Near the whole set: shuffle positions and answer the first count of them.
            var positions = new int[size];
            for (var i = 0; i < positions.Length; i++)
            {
                positions[i] = i;
            }
            random.Shuffle(positions);
            for (var i = 0; i < count; i++)
            {
                set[positions[i]].WriteTo(ctx.Reply);
            }
            return;
        }
        // Far from the whole set: draw positions until enough distinct ones came up.
        var chosen = new HashSet<int>();
        while (chosen.Count < count)
        {
            var position = random.Next((int)size);
            if (chosen.Add(position))
            {
                set[position].WriteTo(ctx.Reply);
            }
        }
    }

    private static void SScan(CommandContext ctx)
    {
        if (!Text.RedisNumber.TryParseScanCursor(ctx.Arg(2), out var cursor))
        {
            ctx.Reply.Error(Errors.InvalidCursor);
            return;
        }
        if (!TryRead(ctx, ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is null)
        {
            MemberScanOptions.ReplyEmpty(ctx);
            return;
        }
        if (!MemberScanOptions.TryParse(ctx, out var options))
        {
            return;
        }
        var found = new List<SetMember>();
        cursor = set.Scan(cursor, options.Count, found);
        MemberScanOptions.ReplyCursor(ctx, cursor);
        var handle = ctx.Reply.BeginDeferredLength();
        long kept = 0;
        Span<byte> scratch = stackalloc byte[Text.RedisNumber.MaxInt64Chars];
        foreach (var member in found)
        {
            if (options.Matches(ctx, member.AsSpan(scratch)))
            {
                member.WriteTo(ctx.Reply);
                kept++;
            }
        }
        ctx.Reply.EndDeferredArray(handle, kept);
    }
}
