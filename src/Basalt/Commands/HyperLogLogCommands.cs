using Basalt.Config.Parameters;
using System.Text;
using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// PFADD, PFCOUNT, PFMERGE, PFDEBUG and PFSELFTEST: HyperLogLogs kept in string values, in Redis's
/// own bytes (<see cref="HyperLogLog"/>). What each counts as a change, and so propagates, is what
/// Redis counts: PFADD one per register raised (plus one for a new key), PFMERGE one, PFCOUNT one
/// when it refreshes a key's cached cardinality, PFDEBUG GETREG / TODENSE one when they turn a
/// value dense.
/// </summary>
public static class HyperLogLogCommands
{
    private const string NotHyperLogLog = "WRONGTYPE Key is not a valid HyperLogLog string value.";
    private const string Corrupted = "INVALIDOBJ Corrupted HLL object detected";

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("pfadd", -2, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Fast, 1, 1, 1,
            "@write @hyperloglog @fast", "hyperloglog", "2.8.9",
            "Adds the specified elements to the specified HyperLogLog.", PfAdd));
        table.Add(new CommandSpec("pfcount", -2, CommandFlags.ReadOnly | CommandFlags.MayReplicate, 1, -1, 1,
            "@read @hyperloglog @slow", "hyperloglog", "2.8.9",
            "Return the approximated cardinality of the set(s) observed by the HyperLogLog at key(s).", PfCount));
        table.Add(new CommandSpec("pfmerge", -2, CommandFlags.Write | CommandFlags.DenyOom, 1, -1, 1,
            "@write @hyperloglog @slow", "hyperloglog", "2.8.9",
            "Merge N different HyperLogLogs into a single one.", PfMerge));
        table.Add(new CommandSpec("pfdebug", 3, CommandFlags.Write | CommandFlags.DenyOom | CommandFlags.Admin, 2, 2, 1,
            "@write @hyperloglog @admin @slow @dangerous", "hyperloglog", "2.8.9",
            "Internal commands for debugging HyperLogLog values", PfDebug));
        table.Add(new CommandSpec("pfselftest", 1, CommandFlags.Admin, 0, 0, 0,
            "@hyperloglog @admin @slow @dangerous", "hyperloglog", "2.8.9",
            "An internal command for testing HyperLogLog values", PfSelfTest));
    }

    /// <summary>
    /// The HyperLogLog a key holds (isHLLObjectOrReply): false after replying WRONGTYPE, with the
    /// usual text for another type and HyperLogLog's own for a string that is not one.
    /// </summary>
    private static bool TryGetHyperLogLog(CommandContext ctx, KeyEntry entry, out RedisString hll)
    {
        if (entry.Value is not RedisString value)
        {
            ctx.WrongType();
            hll = null!;
            return false;
        }
        hll = value;
        if (!HyperLogLog.IsValid(value))
        {
            ctx.Reply.Error(NotHyperLogLog);
            return false;
        }
        return true;
    }

    /// <summary>PFADD key [element ...]: 1 when a register changed (or the key was created), else 0.</summary>
    private static void PfAdd(CommandContext ctx)
    {
        var key = ctx.Arg(1);
        var dirtyBefore = ctx.Databases.Dirty;
        var entry = ctx.Db.LookupWrite(key);
        RedisString hll;
        var updated = 0;
        if (entry is null)
        {
            hll = HyperLogLog.Create();
            entry = ctx.Db.Add(key, hll);
            updated++;
        }
        else if (!TryGetHyperLogLog(ctx, entry, out hll))
        {
            return;
        }
        else
        {
            // dbUnshareStringValue: an embstr value becomes raw, changed or not.
            hll.GrowRawForWrite(0);
        }
        var sparseMaxBytes = ctx.Server.Config.HllSparseMaxBytes;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            switch (HyperLogLog.Add(hll, ctx.Arg(i), sparseMaxBytes))
            {
                case 1:
                    updated++;
                    break;
                case -1:
                    // The registers raised before stay raised, uncounted, as in Redis.
                    ctx.Reply.Error(Corrupted);
                    return;
            }
        }
        if (updated > 0)
        {
            HyperLogLog.InvalidateCache(hll.GrowRawForWrite(0));
            ctx.Db.Modified(entry);
            ctx.Databases.Dirty = dirtyBefore + updated;
            ctx.Notify(KeyspaceEventClasses.String, "pfadd", key);
        }
        ctx.Reply.Integer(updated > 0 ? 1 : 0);
    }

    /// <summary>
    /// PFCOUNT key [key ...]: one key's cardinality, from its cache or computed and cached (a change
    /// that is propagated, though the command is read-only); several keys' union, cached nowhere.
    /// </summary>
    private static void PfCount(CommandContext ctx)
    {
        if (ctx.ArgCount > 2)
        {
            Span<byte> max = stackalloc byte[HyperLogLog.RegisterCount];
            max.Clear();
            for (var i = 1; i < ctx.ArgCount; i++)
            {
                var source = ctx.Db.LookupRead(ctx.Arg(i));
                if (source is null)
                {
                    continue;
                }
                if (!TryGetHyperLogLog(ctx, source, out var value))
                {
                    return;
                }
                if (!HyperLogLog.MergeInto(max, value.Bytes))
                {
                    ctx.Reply.Error(Corrupted);
                    return;
                }
            }
            ctx.Reply.Integer(HyperLogLog.CountRegisters(max));
            return;
        }

        var entry = ctx.Db.LookupRead(ctx.Arg(1));
        if (entry is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        if (!TryGetHyperLogLog(ctx, entry, out var hll))
        {
            return;
        }
        var cached = HyperLogLog.TryGetCachedCardinality(hll.Bytes, out var cardinality);
        if (hll.Encoding != StringEncoding.Raw || !cached)
        {
            // The value changes in place (made raw, the cache written): a running snapshot keeps the old one.
            ctx.Db.PrepareInPlaceWrite(entry);
            hll.GrowRawForWrite(0);
        }
        if (!cached)
        {
            if (!HyperLogLog.TryCount(hll.Bytes, out cardinality))
            {
                ctx.Reply.Error(Corrupted);
                return;
            }
            HyperLogLog.SetCachedCardinality(hll.GrowRawForWrite(0), cardinality);
            ctx.Db.Modified(entry);
        }
        ctx.Reply.Integer(cardinality);
    }

    /// <summary>
    /// PFMERGE destkey [sourcekey ...]: the destination (itself one of the sources) takes the
    /// maximum of every register; it becomes dense when any source is, and otherwise stays sparse
    /// until its registers no longer fit.
    /// </summary>
    private static void PfMerge(CommandContext ctx)
    {
        Span<byte> max = stackalloc byte[HyperLogLog.RegisterCount];
        max.Clear();
        var useDense = false;
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            var source = ctx.Db.LookupRead(ctx.Arg(i));
            if (source is null)
            {
                continue;
            }
            if (!TryGetHyperLogLog(ctx, source, out var value))
            {
                return;
            }
            useDense |= HyperLogLog.EncodingOf(value.Bytes) == HyperLogLogEncoding.Dense;
            if (!HyperLogLog.MergeInto(max, value.Bytes))
            {
                ctx.Reply.Error(Corrupted);
                return;
            }
        }

        var key = ctx.Arg(1);
        var dirtyBefore = ctx.Databases.Dirty;
        var entry = ctx.Db.LookupWrite(key);
        RedisString hll;
        if (entry is null)
        {
            hll = HyperLogLog.Create();
            entry = ctx.Db.Add(key, hll);
        }
        else
        {
            // Checked as a source above.
            hll = (RedisString)entry.Value;
            hll.GrowRawForWrite(0);
        }
        if (useDense && !HyperLogLogSparse.ToDense(hll))
        {
            ctx.Reply.Error(Corrupted);
            return;
        }
        var sparseMaxBytes = ctx.Server.Config.HllSparseMaxBytes;
        for (var register = 0; register < HyperLogLog.RegisterCount; register++)
        {
            if (max[register] != 0)
            {
                HyperLogLog.SetRegister(hll, register, max[register], sparseMaxBytes);
            }
        }
        HyperLogLog.InvalidateCache(hll.GrowRawForWrite(0));
        ctx.Db.Modified(entry);
        ctx.Databases.Dirty = dirtyBefore + 1;
        // A merge is announced as a PFADD, as Redis does (a mass add of elements).
        ctx.Notify(KeyspaceEventClasses.String, "pfadd", key);
        ctx.Reply.Ok();
    }

    /// <summary>PFDEBUG GETREG|DECODE|ENCODING|TODENSE key.</summary>
    private static void PfDebug(CommandContext ctx)
    {
        var entry = ctx.Db.LookupWrite(ctx.Arg(2));
        if (entry is null)
        {
            ctx.Reply.Error("ERR The specified key does not exist");
            return;
        }
        if (!TryGetHyperLogLog(ctx, entry, out var hll))
        {
            return;
        }
        hll.GrowRawForWrite(0);
        var encoding = HyperLogLog.EncodingOf(hll.Bytes);
        if (ctx.Is(1, "getreg"))
        {
            if (encoding == HyperLogLogEncoding.Sparse && !TurnDense(ctx, hll))
            {
                return;
            }
            var registers = hll.Bytes[HyperLogLog.HeaderSize..];
            ctx.Reply.ArrayHeader(HyperLogLog.RegisterCount);
            for (var i = 0; i < HyperLogLog.RegisterCount; i++)
            {
                ctx.Reply.Integer(HyperLogLogDense.Get(registers, i));
            }
        }
        else if (ctx.Is(1, "decode"))
        {
            if (encoding != HyperLogLogEncoding.Sparse)
            {
                ctx.Reply.Error("ERR HLL encoding is not sparse");
                return;
            }
            ctx.Reply.Bulk(HyperLogLogSparse.Decode(hll.Bytes[HyperLogLog.HeaderSize..]));
        }
        else if (ctx.Is(1, "encoding"))
        {
            ctx.Reply.Simple(encoding == HyperLogLogEncoding.Dense ? "dense" : "sparse");
        }
        else if (ctx.Is(1, "todense"))
        {
            var converted = encoding == HyperLogLogEncoding.Sparse;
            if (converted && !TurnDense(ctx, hll))
            {
                return;
            }
            ctx.Reply.Integer(converted ? 1 : 0);
        }
        else
        {
            ctx.Reply.Error([.. "ERR Unknown PFDEBUG subcommand '"u8, .. ctx.Arg(1), .. "'"u8]);
        }
    }

    /// <summary>
    /// PFDEBUG's conversion of a sparse value: counted as a change so that it is propagated, but
    /// not signalled to WATCH, as in Redis.
    /// </summary>
    private static bool TurnDense(CommandContext ctx, RedisString hll)
    {
        if (!HyperLogLogSparse.ToDense(hll))
        {
            ctx.Reply.Error(Corrupted);
            return false;
        }
        ctx.Databases.Dirty++;
        return true;
    }

    /// <summary>PFSELFTEST: checks the register packing and the estimator's error (see <see cref="HyperLogLogSelfTest"/>).</summary>
    private static void PfSelfTest(CommandContext ctx)
    {
        var failure = HyperLogLogSelfTest.Run(ctx.Server.Config.HllSparseMaxBytes, Random.Shared);
        if (failure is null)
        {
            ctx.Reply.Ok();
        }
        else
        {
            ctx.Reply.Error(Encoding.ASCII.GetBytes("ERR TESTFAILED " + failure));
        }
    }
}
