using Basalt.Config.Parameters;
using System.Buffers.Binary;
using Basalt.Persistence.Rdb;

namespace Basalt.Commands;

/// <summary>
/// DUMP and RESTORE (cluster.c): a value serialized as Redis's DUMP payload — the RDB type byte and
/// value, the RDB version (2 bytes) and the CRC-64 of all that (8 bytes) — so that values move
/// between Redis and Basalt in both directions.
/// </summary>
public static class DumpRestoreCommands
{
    /// <summary>The bits of Redis's LRU clock and of an object's lru field (LRU_BITS).</summary>
    private const long LruClockMax = (1 << 24) - 1;

    private static readonly byte[] AbsTtl = "ABSTTL"u8.ToArray();

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("dump", 2, CommandFlags.ReadOnly, 1, 1, 1, "@keyspace @read @slow", "generic", "2.6.0",
            "Return a serialized version of the value stored at the specified key.", Dump));
        table.Add(new CommandSpec("restore", -4, CommandFlags.Write | CommandFlags.DenyOom, 1, 1, 1,
            "@keyspace @write @slow @dangerous", "generic", "2.6.0",
            "Create a key using the provided serialized value, previously obtained using DUMP.", Restore));
    }

    private static void Dump(CommandContext ctx)
    {
        var entry = ctx.Db.LookupRead(ctx.Arg(1));
        if (entry is null)
        {
            ctx.Reply.NullBulk();
            return;
        }
        ctx.Reply.Bulk(DumpPayload.Create(entry.Value, ctx.Server.Config.RdbCompression));
    }

    /// <summary>RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency].</summary>
    private static void Restore(CommandContext ctx)
    {
        if (!TryParseOptions(ctx, out var replace, out var absoluteTtl, out var lruIdle, out var lfuFrequency))
        {
            return;
        }
        var db = ctx.Db;
        var key = ctx.Arg(1);
        // Without REPLACE the key is looked up as for a write (an expired key is reaped and does not
        // count); REPLACE deletes whatever is stored, expired or not, as Redis's dbDelete does.
        var existing = replace ? db.Peek(key) : db.LookupWrite(key);
        if (!replace && existing is not null)
        {
            ctx.Reply.Error("BUSYKEY Target key name already exists.");
            return;
        }
        if (!ctx.TryGetLong(2, out var ttl))
        {
            return;
        }
        if (ttl < 0)
        {
            ctx.Reply.Error("ERR Invalid TTL value, must be >= 0");
            return;
        }
        var payload = ctx.Args.Memory(3);
        if (!IsVerified(payload.Span))
        {
            ctx.Reply.Error("ERR DUMP payload version or checksum are wrong");
            return;
        }
        var value = ReadValue(ctx, payload);
        if (value is null)
        {
            ctx.Reply.Error("ERR Bad data format");
            return;
        }

        var now = ctx.Databases.NowMs;
        if (ttl != 0 && !absoluteTtl)
        {
            // Redis adds in signed 64 bits without a check: a huge TTL wraps into the past.
            ttl = unchecked(ttl + now);
        }
        if (ttl != 0 && ttl <= now && !ctx.Databases.Loading)
        {
            // Already expired: nothing is created, and a replaced key is simply deleted (logged as DEL).
            if (existing is not null)
            {
                db.Delete(existing);
                ctx.Notify(KeyspaceEventClasses.Generic, "del", key);
                PropagatedForm.Rewrite(ctx, PropagatedForm.Del, key.ToArray());
            }
            ctx.Reply.Ok();
            return;
        }
        var entry = db.AddReplacing(key, value, ttl != 0 ? ttl : -1, existing);
        if (ttl != 0 && !absoluteTtl && PropagatedForm.Active(ctx))
        {
            // Logged with the absolute time, so that a replay does not extend the TTL.
            var args = ctx.Args.ToArrays();
            args[2] = PropagatedForm.Number(ttl);
            PropagatedForm.Rewrite(ctx, [.. args, AbsTtl]);
        }
        ctx.Databases.AccessClock.Restore(entry, lruIdle >= 0 ? RedisLruIdleSeconds(lruIdle, now) : -1, lfuFrequency, now);
        ctx.Notify(KeyspaceEventClasses.Generic, "restore", key);
        ctx.Reply.Ok();
    }

    /// <summary>
    /// The options after the payload, in Redis's order of checks; IDLETIME and FREQ exclude each
    /// other (the second one given is a syntax error). -1 for an option not given.
    /// </summary>
    private static bool TryParseOptions(CommandContext ctx, out bool replace, out bool absoluteTtl, out long lruIdle, out int lfuFrequency)
    {
        replace = absoluteTtl = false;
        lruIdle = -1;
        lfuFrequency = -1;
        for (var i = 4; i < ctx.ArgCount; i++)
        {
            var hasValue = i + 1 < ctx.ArgCount;
            if (ctx.Is(i, "replace"))
            {
                replace = true;
            }
            else if (ctx.Is(i, "absttl"))
            {
                absoluteTtl = true;
            }
            else if (ctx.Is(i, "idletime") && hasValue && lfuFrequency == -1)
            {
                if (!ctx.TryGetLong(++i, out lruIdle))
                {
                    return false;
                }
                if (lruIdle < 0)
                {
                    ctx.Reply.Error("ERR Invalid IDLETIME value, must be >= 0");
                    return false;
                }
            }
            else if (ctx.Is(i, "freq") && hasValue && lruIdle == -1)
            {
                if (!ctx.TryGetLong(++i, out var frequency))
                {
                    return false;
                }
                if (frequency is < 0 or > 255)
                {
                    ctx.Reply.Error("ERR Invalid FREQ value, must be >= 0 and <= 255");
                    return false;
                }
                lfuFrequency = (int)frequency;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// verifyDumpPayload: room for the footer, a version this server can read (any up to its own),
    /// and the CRC-64 of everything before the checksum.
    /// </summary>
    internal static bool IsVerified(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < DumpPayload.FooterSize)
        {
            return false;
        }
        var footer = payload[^DumpPayload.FooterSize..];
        if (BinaryPrimitives.ReadUInt16LittleEndian(footer) > RdbFormat.Version)
        {
            return false;
        }
        return Crc64.Compute(payload[..^8]) == BinaryPrimitives.ReadUInt64LittleEndian(footer[2..]);
    }

    /// <summary>
    /// The value of a verified payload, or null when Redis would answer "Bad data format": an
    /// unknown type byte, a value that does not parse, or an empty aggregate. The reader sees the
    /// footer too, as Redis's does: a value may run into it and still load.
    /// </summary>
    private static Types.RedisObject? ReadValue(CommandContext ctx, ReadOnlyMemory<byte> payload)
    {
        // sanitize-dump-payload "clients" checks payloads from clients but not what is replayed while loading.
        var sanitize = ctx.Server.Config.SanitizeDumpPayload;
        var deep = sanitize == "yes" || (sanitize == "clients" && !ctx.Databases.Loading);
        using var input = new RdbInput(payload);
        try
        {
            var type = input.ReadByte();
            return RdbFormat.IsObjectType(type)
                ? RdbValueReader.Read(input, type, RdbLoadOptions.FromConfig(ctx.Server.Config, deep))
                : null;
        }
        catch (RdbFormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// The idle time OBJECT IDLETIME reports after RESTORE ... IDLETIME <paramref name="idleSeconds"/>
    /// on Redis (objectSetLRUOrLFU, estimateObjectIdleTime), whose 24-bit LRU clock wraps about every
    /// 194 days: an idle time larger than the clock comes back reduced modulo the clock. The
    /// arithmetic, overflows included, is Redis's.
    /// </summary>
    internal static long RedisLruIdleSeconds(long idleSeconds, long nowMs)
    {
        var clock = (nowMs / 1000) & LruClockMax;
        var scaled = unchecked(idleSeconds * 1000) / 1000;
        var lru = clock - scaled;
        if (lru < 0)
        {
            lru += LruClockMax;
        }
        lru &= LruClockMax;
        return clock >= lru ? clock - lru : clock + (LruClockMax - lru);
    }
}
