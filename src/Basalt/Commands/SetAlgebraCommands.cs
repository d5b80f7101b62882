using Basalt.Config.Parameters;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// Set algebra over several keys (t_set.c's sinterGenericCommand and sunionDiffGenericCommand):
/// SINTER, SINTERCARD, SINTERSTORE, SUNION, SUNIONSTORE, SDIFF, SDIFFSTORE. Results are built
/// the way Redis builds them (a new set starting as an intset), so a stored result has the
/// encoding Redis would give it.
/// </summary>
public static class SetAlgebraCommands
{
    private const CommandFlags Read = CommandFlags.ReadOnly;
    private const CommandFlags Store = CommandFlags.Write | CommandFlags.DenyOom;

    private enum Operation
    {
        Union,
        Difference,
    }

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("sinter", -2, Read, 1, -1, 1, "@read @set @slow", "set", "1.0.0",
            "Intersect multiple sets", ctx => Intersect(ctx, 1, ctx.ArgCount - 1, -1, cardinalityOnly: false, limit: 0)));
        table.Add(new CommandSpec("sintercard", -3, Read | CommandFlags.MovableKeys, 0, 0, 0, "@read @set @slow", "set", "7.0.0",
            "Intersect multiple sets and return the cardinality of the result", InterCard));
        table.Add(new CommandSpec("sinterstore", -3, Store, 1, -1, 1, "@write @set @slow", "set", "1.0.0",
            "Intersect multiple sets and store the resulting set in a key",
            ctx => Intersect(ctx, 2, ctx.ArgCount - 2, 1, cardinalityOnly: false, limit: 0)));
        table.Add(new CommandSpec("sunion", -2, Read, 1, -1, 1, "@read @set @slow", "set", "1.0.0",
            "Add multiple sets", ctx => UnionOrDifference(ctx, 1, -1, Operation.Union)));
        table.Add(new CommandSpec("sunionstore", -3, Store, 1, -1, 1, "@write @set @slow", "set", "1.0.0",
            "Add multiple sets and store the resulting set in a key", ctx => UnionOrDifference(ctx, 2, 1, Operation.Union)));
        table.Add(new CommandSpec("sdiff", -2, Read, 1, -1, 1, "@read @set @slow", "set", "1.0.0",
            "Subtract multiple sets", ctx => UnionOrDifference(ctx, 1, -1, Operation.Difference)));
        table.Add(new CommandSpec("sdiffstore", -3, Store, 1, -1, 1, "@write @set @slow", "set", "1.0.0",
            "Subtract multiple sets and store the resulting set in a key", ctx => UnionOrDifference(ctx, 2, 1, Operation.Difference)));
    }

    /// <summary>
    /// Reads the sets of arguments first..first+count-1 (read lookups, in order). Missing keys are
    /// null; false (after replying WRONGTYPE) when a key holds another type.
    /// </summary>
    private static bool TryReadSets(CommandContext ctx, int first, int count, out RedisSet?[] sets, out bool anyMissing)
    {
        sets = new RedisSet?[count];
        anyMissing = false;
        for (var i = 0; i < count; i++)
        {
            var entry = ctx.Db.LookupRead(ctx.Arg(first + i));
            if (entry is null)
            {
                anyMissing = true;
                continue;
            }
            if (entry.Value is not RedisSet set)
            {
                ctx.WrongType();
                return false;
            }
            sets[i] = set;
        }
        return true;
    }

    /// <summary>Stores a non-empty result under the destination, or deletes the destination for an empty one.</summary>
    private static void StoreResult(CommandContext ctx, int destinationIndex, RedisSet result, string eventName)
    {
        if (result.Count > 0)
        {
            ctx.Db.Set(ctx.Arg(destinationIndex), result);
            ctx.Reply.Integer(result.Count);
            ctx.Notify(KeyspaceEventClasses.Set, eventName, ctx.Arg(destinationIndex));
        }
        else
        {
            DeleteDestination(ctx, destinationIndex);
            ctx.Reply.Integer(0);
        }
    }

    /// <summary>An empty result deletes the destination (a "del" event if there was one).</summary>
    private static void DeleteDestination(CommandContext ctx, int destinationIndex)
    {
        if (ctx.Db.Delete(ctx.Arg(destinationIndex)))
        {
            ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(destinationIndex));
        }
    }

    /// <summary>SINTERCARD numkeys key [key ...] [LIMIT limit].</summary>
    private static void InterCard(CommandContext ctx)
    {
        if (!RangedLongArgs.TryGet(ctx, 1, 1, long.MaxValue, out var numKeys, "ERR numkeys should be greater than 0"))
        {
            return;
        }
        if (numKeys > ctx.ArgCount - 2)
        {
            ctx.Reply.Error("ERR Number of keys can't be greater than number of args");
            return;
        }
        long limit = 0;
        for (var i = 2 + (int)numKeys; i < ctx.ArgCount; i++)
        {
            if (ctx.Is(i, "limit") && i + 1 < ctx.ArgCount)
            {
                i++;
                if (!RangedLongArgs.TryGetPositive(ctx, i, out limit, "ERR LIMIT can't be negative"))
                {
                    return;
                }
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        Intersect(ctx, 2, (int)numKeys, -1, cardinalityOnly: true, limit);
    }

    /// <summary>
    /// sinterGenericCommand: walks the smallest set and keeps the members every other set holds.
    /// <paramref name="destinationIndex"/> is the STORE key's argument, or -1;
    /// <paramref name="limit"/> stops SINTERCARD early (0: no limit).
    /// </summary>
    private static void Intersect(CommandContext ctx, int first, int count, int destinationIndex, bool cardinalityOnly, long limit)
    {
        if (!TryReadSets(ctx, first, count, out var sets, out var anyMissing))
        {
            return;
        }
        if (anyMissing)
        {
            // Intersecting with an empty set: nothing, whatever the others hold.
            if (destinationIndex > 0)
            {
                DeleteDestination(ctx, destinationIndex);
                ctx.Reply.Integer(0);
            }
            else if (cardinalityOnly)
            {
                ctx.Reply.Integer(0);
            }
            else
            {
                ctx.Reply.SetHeader(0);
            }
            return;
        }
        Array.Sort(sets, static (a, b) => a!.Count.CompareTo(b!.Count));
        var smallest = sets[0]!;
        var result = destinationIndex > 0 ? RedisSet.CreateIntset() : null;
        var max = SetCommands.MaxIntsetEntries(ctx);
        var handle = !cardinalityOnly && result is null ? ctx.Reply.BeginDeferredLength() : 0;
        long cardinality = 0;
        for (var m = 0; m < smallest.Count; m++)
        {
            var member = smallest[m];
            var inAll = true;
            for (var j = 1; j < sets.Length && inAll; j++)
            {
                inAll = ReferenceEquals(sets[j], smallest) || sets[j]!.Contains(member);
            }
            if (!inAll)
            {
                continue;
            }
            if (cardinalityOnly)
            {
                cardinality++;
                if (limit > 0 && cardinality >= limit)
                {
                    break;
                }
            }
            else if (result is null)
            {
                member.WriteTo(ctx.Reply);
                cardinality++;
            }
            else
            {
                result.Add(member, max);
            }
        }
        if (cardinalityOnly)
        {
            ctx.Reply.Integer(cardinality);
        }
        else if (result is not null)
        {
            StoreResult(ctx, destinationIndex, result, "sinterstore");
        }
        else
        {
            ctx.Reply.EndDeferredSet(handle, cardinality);
        }
    }

    /// <summary>sunionDiffGenericCommand, with Redis's choice between its two difference algorithms.</summary>
    private static void UnionOrDifference(CommandContext ctx, int first, int destinationIndex, Operation operation)
    {
        if (!TryReadSets(ctx, first, ctx.ArgCount - first, out var sets, out _))
        {
            return;
        }
        var sameAsFirst = false;
        for (var j = 1; j < sets.Length; j++)
        {
            sameAsFirst |= sets[j] is not null && ReferenceEquals(sets[j], sets[0]);
        }
        var max = SetCommands.MaxIntsetEntries(ctx);
        var result = RedisSet.CreateIntset();
        if (operation == Operation.Union)
        {
            foreach (var set in sets)
            {
                for (var m = 0; m < (set?.Count ?? 0); m++)
                {
                    result.Add(set![m], max);
                }
            }
        }
        else if (sets[0] is not null && !sameAsFirst)
        {
            if (PreferFirstSetWalk(sets))
            {
                SubtractByWalkingFirst(sets, result, max);
            }
            else
            {
                SubtractByRemoving(sets, result, max);
            }
        }
        if (destinationIndex > 0)
        {
            StoreResult(ctx, destinationIndex, result, operation == Operation.Union ? "sunionstore" : "sdiffstore");
        }
        else
        {
            SetCommands.ReplyMembers(ctx, result);
        }
    }

    /// <summary>
    /// Redis's estimate: walking the first set costs its size per set, removing costs the sizes
    /// of all sets; the walk gets a 2x advantage for its better constants.
    /// </summary>
    private static bool PreferFirstSetWalk(RedisSet?[] sets)
    {
        long walkWork = 0;
        long removeWork = 0;
        foreach (var set in sets)
        {
            if (set is not null)
            {
                walkWork += sets[0]!.Count;
                removeWork += set.Count;
            }
        }
        return walkWork / 2 <= removeWork;
    }

    /// <summary>DIFF algorithm 1: keep each member of the first set that no other set holds.</summary>
    private static void SubtractByWalkingFirst(RedisSet?[] sets, RedisSet result, long max)
    {
        // Larger sets first: a member held elsewhere is more likely found early.
        var others = sets[1..];
        Array.Sort(others, static (a, b) => (b?.Count ?? 0).CompareTo(a?.Count ?? 0));
        var firstSet = sets[0]!;
        for (var m = 0; m < firstSet.Count; m++)
        {
            var member = firstSet[m];
            var elsewhere = false;
            foreach (var other in others)
            {
                if (other is not null && (ReferenceEquals(other, firstSet) || other.Contains(member)))
                {
                    elsewhere = true;
                    break;
                }
            }
            if (!elsewhere)
            {
                result.Add(member, max);
            }
        }
    }

    /// <summary>DIFF algorithm 2: copy the first set, then remove every member of the others.</summary>
    private static void SubtractByRemoving(RedisSet?[] sets, RedisSet result, long max)
    {
        for (var j = 0; j < sets.Length; j++)
        {
            var set = sets[j];
            if (set is null)
            {
                continue;
            }
            for (var m = 0; m < set.Count; m++)
            {
                if (j == 0)
                {
                    result.Add(set[m], max);
                }
                else
                {
                    result.Remove(set[m]);
                }
            }
            if (result.Count == 0)
            {
                break;
            }
        }
    }
}
