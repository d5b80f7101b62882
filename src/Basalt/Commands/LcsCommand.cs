using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// LCS key1 key2 [LEN] [IDX] [MINMATCHLEN len] [WITHMATCHLEN]: the longest common subsequence of
/// two strings by the classic dynamic-programming table, walked back exactly as Redis walks it so
/// that ties pick the same subsequence and the ranges come out in the same order.
/// </summary>
public static class LcsCommand
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("lcs", -3, CommandFlags.ReadOnly, 1, 2, 1, "@read @string @slow", "string", "7.0.0",
            "Find longest common substring", Lcs));
    }

    private static void Lcs(CommandContext ctx)
    {
        var db = ctx.Db;
        var entryA = db.LookupRead(ctx.Arg(1));
        var entryB = db.LookupRead(ctx.Arg(2));
        if ((entryA is not null && entryA.Value is not RedisString) || (entryB is not null && entryB.Value is not RedisString))
        {
            ctx.Reply.Error("ERR The specified keys must contain string values");
            return;
        }
        Span<byte> scratchA = stackalloc byte[RedisNumber.MaxInt64Chars];
        Span<byte> scratchB = stackalloc byte[RedisNumber.MaxInt64Chars];
        var a = entryA is null ? default : ((RedisString)entryA.Value).AsSpan(scratchA);
        var b = entryB is null ? default : ((RedisString)entryB.Value).AsSpan(scratchB);

        bool getLength = false, getIndexes = false, withMatchLength = false;
        long minMatchLength = 0;
        for (var j = 3; j < ctx.ArgCount; j++)
        {
            var moreArgs = ctx.ArgCount - 1 - j;
            if (ctx.Is(j, "IDX"))
            {
                getIndexes = true;
            }
            else if (ctx.Is(j, "LEN"))
            {
                getLength = true;
            }
            else if (ctx.Is(j, "WITHMATCHLEN"))
            {
                withMatchLength = true;
            }
            else if (ctx.Is(j, "MINMATCHLEN") && moreArgs > 0)
            {
                if (!ctx.TryGetLong(j + 1, out minMatchLength))
                {
                    return;
                }
                minMatchLength = Math.Max(0, minMatchLength);
                j++;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (getLength && getIndexes)
        {
            ctx.Reply.Error("ERR If you want both the length and indexes, please just use IDX.");
            return;
        }

        // Redis refuses a table (4 bytes a cell) larger than proto-max-bulk-len.
        var cells = (long)(a.Length + 1) * (b.Length + 1);
        if (cells > ctx.Server.Config.ProtoMaxBulkLen / sizeof(uint))
        {
            ctx.Reply.Error("ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len");
            return;
        }
        if (getLength)
        {
            ctx.Reply.Integer(LengthOnly(a, b));
            return;
        }
        uint[] table;
        try
        {
            table = cells <= Array.MaxLength ? new uint[cells] : throw new OutOfMemoryException();
        }
        catch (OutOfMemoryException)
        {
            ctx.Reply.Error("ERR Insufficient memory, failed allocating transient memory for LCS");
            return;
        }
        Fill(a, b, table);
        WalkBack(ctx, a, b, table, getIndexes, withMatchLength, minMatchLength);
    }

    /// <summary>LCS(i, j) = the LCS length of a[..i] and b[..j], row i at i * (b.Length + 1).</summary>
    private static void Fill(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, uint[] table)
    {
        var width = b.Length + 1;
        for (var i = 1; i <= a.Length; i++)
        {
            var previous = table.AsSpan((i - 1) * width, width);
            var row = table.AsSpan(i * width, width);
            var ai = a[i - 1];
            for (var j = 1; j < row.Length; j++)
            {
                row[j] = ai == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], row[j - 1]);
            }
        }
    }

    /// <summary>The LCS length alone, with two rows of the table instead of all of it.</summary>
    private static long LengthOnly(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        var previous = new uint[b.Length + 1];
        var row = new uint[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            var ai = a[i - 1];
            for (var j = 1; j < row.Length; j++)
            {
                row[j] = ai == b[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], row[j - 1]);
            }
            (previous, row) = (row, previous);
        }
        return previous[b.Length];
    }

    /// <summary>
    /// Walks the table from the end, collecting the subsequence and, with IDX, emitting each run of
    /// contiguous matches (as ranges in a and in b) as soon as it ends.
    /// </summary>
    private static void WalkBack(CommandContext ctx, ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, uint[] table,
        bool getIndexes, bool withMatchLength, long minMatchLength)
    {
        var reply = ctx.Reply;
        var width = b.Length + 1;
        uint alen = (uint)a.Length;
        var length = table[(long)a.Length * width + b.Length];
        var idx = length;
        var result = getIndexes ? null : new byte[length];

        // alen as range start means "no range open".
        uint aStart = alen, aEnd = 0, bStart = 0, bEnd = 0;
        var handle = 0;
        var ranges = 0;
        if (getIndexes)
        {
            reply.MapHeader(2);
            reply.Bulk("matches"u8);
            handle = reply.BeginDeferredLength();
        }

        uint i = alen, j = (uint)b.Length;
        while (i > 0 && j > 0)
        {
            var emit = false;
            if (a[(int)i - 1] == b[(int)j - 1])
            {
                if (result is not null)
                {
                    result[idx - 1] = a[(int)i - 1];
                }
                if (aStart == alen)
                {
                    aStart = aEnd = i - 1;
                    bStart = bEnd = j - 1;
                }
                else if (aStart == i && bStart == j)
                {
                    aStart--;
                    bStart--;
                }
                else
                {
                    emit = true;
                }
                // A run touching the start of either string cannot grow further.
                if (aStart == 0 || bStart == 0)
                {
                    emit = true;
                }
                idx--;
                i--;
                j--;
            }
            else
            {
                var up = table[(long)(i - 1) * width + j];
                var left = table[(long)i * width + j - 1];
                if (up > left)
                {
                    i--;
                }
                else
                {
                    j--;
                }
                if (aStart != alen)
                {
                    emit = true;
                }
            }
            if (emit)
            {
                var matchLength = aEnd - aStart + 1;
                if (getIndexes && (minMatchLength == 0 || matchLength >= minMatchLength))
                {
                    reply.ArrayHeader(withMatchLength ? 3 : 2);
                    reply.ArrayHeader(2);
                    reply.Integer(aStart);
                    reply.Integer(aEnd);
                    reply.ArrayHeader(2);
                    reply.Integer(bStart);
                    reply.Integer(bEnd);
                    if (withMatchLength)
                    {
                        reply.Integer(matchLength);
                    }
                    ranges++;
                }
                aStart = alen;
            }
        }

        if (getIndexes)
        {
            reply.Bulk("len"u8);
            reply.Integer(length);
            reply.EndDeferredArray(handle, ranges);
        }
        else
        {
            reply.Bulk(result!);
        }
    }
}
