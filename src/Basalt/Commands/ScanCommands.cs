using Basalt.Keyspace;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>Walking the keyspace: KEYS (all at once) and SCAN (by cursor).</summary>
public static class ScanCommands
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("keys", 2, CommandFlags.ReadOnly, 0, 0, 0, "@keyspace @read @slow @dangerous", "generic", "1.0.0",
            "Find all keys matching the given pattern", Keys));
        table.Add(new CommandSpec("scan", -2, CommandFlags.ReadOnly, 0, 0, 0, "@keyspace @read @slow", "generic", "2.8.0",
            "Incrementally iterate the keys space", Scan));
    }

    /// <summary>
    /// Every live key matching the pattern. Expired keys are skipped but not deleted (the table must
    /// not change while it is walked), exactly as Redis's keysCommand does.
    /// </summary>
    private static void Keys(CommandContext ctx)
    {
        var db = ctx.Db;
        var pattern = ctx.Arg(1);
        var all = GlobMatcher.IsMatchAll(pattern);
        var handle = ctx.Reply.BeginDeferredLength();
        long count = 0;
        foreach (var entry in db.KeyTable.Entries())
        {
            if ((all || GlobMatcher.Match(pattern, entry.Key, noCase: false)) && !db.IsExpired(entry))
            {
                ctx.Reply.Bulk(entry.Key);
                count++;
            }
        }
        ctx.Reply.EndDeferredArray(handle, count);
    }

    /// <summary>
    /// SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] (scanGenericCommand). The cursor is a
    /// position in the 64-bit hash space of the key table, so it stays valid while the table grows
    /// or shrinks; it is printed as an unsigned decimal.
    /// </summary>
    private static void Scan(CommandContext ctx)
    {
        if (!RedisNumber.TryParseScanCursor(ctx.Arg(1), out var cursor))
        {
            ctx.Reply.Error(Errors.InvalidCursor);
            return;
        }
        long count = 10;
        var patternIndex = -1;
        var typeIndex = -1;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            var hasValue = i + 1 < ctx.ArgCount;
            if (ctx.Is(i, "count") && hasValue)
            {
                if (!ctx.TryGetLong(i + 1, out count))
                {
                    return;
                }
                if (count < 1)
                {
                    ctx.SyntaxError();
                    return;
                }
            }
            else if (ctx.Is(i, "match") && hasValue)
            {
                patternIndex = i + 1;
            }
            else if (ctx.Is(i, "type") && hasValue)
            {
                typeIndex = i + 1;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
            i++;
        }

        var db = ctx.Db;
        var found = new List<KeyEntry>();
        // Like Redis, look at no more than ten buckets per requested key, so that a sparse
        // table cannot make one call walk far.
        var wanted = (int)Math.Min(count, int.MaxValue);
        var maxBuckets = count > int.MaxValue / 10 ? int.MaxValue : (int)count * 10;
        cursor = db.KeyTable.Scan(cursor, wanted, maxBuckets, found.Add);

        var usePattern = patternIndex > 0 && !GlobMatcher.IsMatchAll(ctx.Arg(patternIndex));
        var kept = 0;
        for (var i = 0; i < found.Count; i++)
        {
            if (!Filtered(ctx, db, found[i].Key, usePattern ? patternIndex : -1, typeIndex))
            {
                found[kept++] = found[i];
            }
        }

        ctx.Reply.ArrayHeader(2);
        Span<byte> digits = stackalloc byte[24];
        ctx.Reply.Bulk(digits[..RedisNumber.FormatUInt64(cursor, digits)]);
        ctx.Reply.ArrayHeader(kept);
        for (var i = 0; i < kept; i++)
        {
            ctx.Reply.Bulk(found[i].Key);
        }
    }

    /// <summary>
    /// Redis's filter step, in its order: the pattern; the type, through a read lookup by name
    /// (which counts a keyspace hit or miss and expires the key); then expiry. A key expired by the
    /// type lookup is gone by the expiry check, so it passes as "none" — a Redis quirk kept as is.
    /// </summary>
    private static bool Filtered(CommandContext ctx, Database db, ReadOnlySpan<byte> key, int patternIndex, int typeIndex)
    {
        if (patternIndex > 0 && !GlobMatcher.Match(ctx.Arg(patternIndex), key, noCase: false))
        {
            return true;
        }
        if (typeIndex > 0)
        {
            var typed = db.LookupRead(key, touch: false);
            var typeName = typed is null ? "none" : typed.Value.Type.Name();
            // strcasecmp on C strings: the argument ends at its first NUL byte.
            var wanted = ctx.Arg(typeIndex);
            var nul = wanted.IndexOf((byte)0);
            if (!System.Text.Ascii.EqualsIgnoreCase(nul < 0 ? wanted : wanted[..nul], typeName))
            {
                return true;
            }
        }
        var current = db.Peek(key);
        if (current is not null && db.IsExpired(current))
        {
            db.ExpireNow(current);
            return true;
        }
        return false;
    }
}
