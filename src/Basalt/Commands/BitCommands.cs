using Basalt.Config.Parameters;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>Strings as bitmaps: SETBIT, GETBIT, BITCOUNT, BITPOS and BITOP.</summary>
public static class BitCommands
{
    private const string BitOffsetError = "ERR bit offset is not an integer or out of range";

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("setbit", 4, CommandFlags.Write | CommandFlags.DenyOom, 1, 1, 1, "@write @bitmap @slow", "bitmap", "2.2.0",
            "Sets or clears the bit at offset in the string value stored at key", SetBit));
        table.Add(new CommandSpec("getbit", 3, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1, "@read @bitmap @fast", "bitmap", "2.2.0",
            "Returns the bit value at offset in the string value stored at key", GetBit));
        table.Add(new CommandSpec("bitcount", -2, CommandFlags.ReadOnly, 1, 1, 1, "@read @bitmap @slow", "bitmap", "2.6.0",
            "Count set bits in a string", BitCount));
        table.Add(new CommandSpec("bitpos", -3, CommandFlags.ReadOnly, 1, 1, 1, "@read @bitmap @slow", "bitmap", "2.8.7",
            "Find first bit set or clear in a string", BitPos));
        table.Add(new CommandSpec("bitop", -4, CommandFlags.Write | CommandFlags.DenyOom, 2, -1, 1, "@write @bitmap @slow", "bitmap", "2.6.0",
            "Perform bitwise operations between strings", BitOp));
    }

    /// <summary>
    /// getBitOffsetFromArgument: a non-negative integer whose byte lies below proto-max-bulk-len
    /// (a limit the AOF being loaded is not held to, as Redis does not hold its AOF client to it) and,
    /// in .NET, whose field of <paramref name="fieldBits"/> bits ends inside the largest array. With
    /// <paramref name="fieldBits"/> above 0 (BITFIELD), "#n" stands for n times the field's width;
    /// like Redis, that product wraps around 64 bits before it is checked.
    /// </summary>
    internal static bool TryGetBitOffset(CommandContext ctx, int index, out long offset, int fieldBits = 0)
    {
        var text = ctx.Arg(index);
        var multiplied = fieldBits > 0 && text.Length > 0 && text[0] == (byte)'#';
        if (!RedisNumber.TryParseInt64(multiplied ? text[1..] : text, out offset))
        {
            ctx.Reply.Error(BitOffsetError);
            return false;
        }
        if (multiplied)
        {
            offset = unchecked(offset * fieldBits);
        }
        var lastBit = (ulong)offset + (ulong)Math.Max(fieldBits - 1, 0);
        if (offset < 0 || (!ctx.Databases.Loading && offset >> 3 >= ctx.Server.Config.ProtoMaxBulkLen) ||
            lastBit >> 3 >= (ulong)Array.MaxLength)
        {
            ctx.Reply.Error(BitOffsetError);
            return false;
        }
        return true;
    }

    private static void SetBit(CommandContext ctx)
    {
        const string BitValueError = "ERR bit is not an integer or out of range";
        if (!TryGetBitOffset(ctx, 2, out var offset) || !ctx.TryGetLong(3, out var on, BitValueError))
        {
            return;
        }
        if ((on & ~1L) != 0)
        {
            ctx.Reply.Error(BitValueError);
            return;
        }
        var key = ctx.Arg(1);
        if (!BitWriteTarget.TryLookup(ctx, key, offset, out var target))
        {
            return;
        }
        // Like Redis, an existing value becomes raw (and grows) even when the bit does not change.
        var was = Bitmap.GetBit(target.Bytes, offset);
        var changed = target.Grew || was != (on == 1);
        if (changed)
        {
            Bitmap.SetBit(target.Bytes, offset, on == 1);
        }
        target.Commit(ctx, key, changed ? 1 : 0);
        if (changed)
        {
            ctx.Notify(KeyspaceEventClasses.String, "setbit", key);
        }
        ctx.Reply.Integer(was ? 1 : 0);
    }

    private static void GetBit(CommandContext ctx)
    {
        if (!TryGetBitOffset(ctx, 2, out var offset) || !StringCommands.TryReadString(ctx, ctx.Arg(1), out var value))
        {
            return;
        }
        if (value is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        ctx.Reply.Integer(Bitmap.GetBit(value.AsSpan(scratch), offset) ? 1 : 0);
    }

    /// <summary>BITCOUNT key [start end [BYTE|BIT]].</summary>
    private static void BitCount(CommandContext ctx)
    {
        if (!StringCommands.TryReadString(ctx, ctx.Arg(1), out var value))
        {
            return;
        }
        if (value is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        var bytes = value.AsSpan(scratch);
        long start, end;
        byte firstByteNegMask = 0, lastByteNegMask = 0;
        if (ctx.ArgCount is 4 or 5)
        {
            long total = bytes.Length;
            if (!ctx.TryGetLong(2, out start) || !ctx.TryGetLong(3, out end))
            {
                return;
            }
            // Checked before the unit, as Redis does.
            if (start < 0 && end < 0 && start > end)
            {
                ctx.Reply.Integer(0);
                return;
            }
            if (!TryGetRangeUnit(ctx, 4, out var isBit))
            {
                return;
            }
            if (isBit)
            {
                total <<= 3;
            }
            ClampRange(total, ref start, ref end);
            if (isBit && start <= end)
            {
                ToByteRange(ref start, ref end, out firstByteNegMask, out lastByteNegMask);
            }
        }
        else if (ctx.ArgCount == 2)
        {
            start = 0;
            end = bytes.Length - 1;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        if (start > end)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var count = Bitmap.PopCount(bytes[(int)start..((int)end + 1)]);
        // Bits of the edge bytes outside a BIT range were counted too: take them back.
        count -= Bitmap.PopCount([(byte)(bytes[(int)start] & firstByteNegMask), (byte)(bytes[(int)end] & lastByteNegMask)]);
        ctx.Reply.Integer(count);
    }

    /// <summary>BITPOS key bit [start [end [BYTE|BIT]]], with Redis 7.0's edge cases.</summary>
    private static void BitPos(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var bitArg))
        {
            return;
        }
        if (bitArg is not (0 or 1))
        {
            ctx.Reply.Error("ERR The bit argument must be 1 or 0.");
            return;
        }
        var bit = (int)bitArg;
        var entry = ctx.Db.LookupRead(ctx.Arg(1));
        if (entry is null)
        {
            // A missing key is an endless run of zeros.
            ctx.Reply.Integer(bit == 1 ? -1 : 0);
            return;
        }
        if (entry.Value is not RedisString value)
        {
            ctx.WrongType();
            return;
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        var bytes = value.AsSpan(scratch);
        long start, end;
        var endGiven = false;
        byte firstByteNegMask = 0, lastByteNegMask = 0;
        if (ctx.ArgCount is 4 or 5 or 6)
        {
            long total = bytes.Length;
            if (!ctx.TryGetLong(3, out start))
            {
                return;
            }
            var isBit = false;
            if (ctx.ArgCount == 6 && !TryGetRangeUnit(ctx, 5, out isBit))
            {
                return;
            }
            if (ctx.ArgCount >= 5)
            {
                if (!ctx.TryGetLong(4, out end))
                {
                    return;
                }
                endGiven = true;
            }
            else
            {
                end = isBit ? (total << 3) + 7 : total - 1;
            }
            if (isBit)
            {
                total <<= 3;
            }
            ClampRange(total, ref start, ref end);
            if (isBit && start <= end)
            {
                ToByteRange(ref start, ref end, out firstByteNegMask, out lastByteNegMask);
            }
        }
        else if (ctx.ArgCount == 3)
        {
            start = 0;
            end = bytes.Length - 1;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        // An empty range holds neither a 0 nor a 1.
        if (start > end)
        {
            ctx.Reply.Integer(-1);
            return;
        }
        ctx.Reply.Integer(FindInRange(bytes, bit, start, end, endGiven, firstByteNegMask, lastByteNegMask));
    }

    /// <summary>
    /// The search of bitposCommand, step for step: the partial first byte, the whole bytes, the
    /// partial last byte. The masks mark the bits of the edge bytes outside a BIT range, which are
    /// forced to the value not looked for.
    /// </summary>
    private static long FindInRange(ReadOnlySpan<byte> bytes, int bit, long start, long end, bool endGiven,
        byte firstByteNegMask, byte lastByteNegMask)
    {
        var count = end - start + 1;
        long pos;
        if (firstByteNegMask != 0)
        {
            var first = bit == 1 ? (byte)(bytes[(int)start] & ~firstByteNegMask) : (byte)(bytes[(int)start] | firstByteNegMask);
            if (lastByteNegMask != 0 && count == 1)
            {
                first = bit == 1 ? (byte)(first & ~lastByteNegMask) : (byte)(first | lastByteNegMask);
            }
            pos = Bitmap.FirstBit([first], bit);
            if (count == 1 || (pos != -1 && pos != 8))
            {
                return Result(pos, start, count, bit, endGiven);
            }
            start++;
            count--;
        }
        var whole = count - (lastByteNegMask != 0 ? 1 : 0);
        if (whole > 0)
        {
            pos = Bitmap.FirstBit(bytes.Slice((int)start, (int)whole), bit);
            if (count == whole || (pos != -1 && pos != whole << 3))
            {
                return Result(pos, start, count, bit, endGiven);
            }
            start += whole;
            count -= whole;
        }
        var last = bit == 1 ? (byte)(bytes[(int)end] & ~lastByteNegMask) : (byte)(bytes[(int)end] | lastByteNegMask);
        pos = Bitmap.FirstBit([last], bit);
        return Result(pos, start, count, bit, endGiven);
    }

    private static long Result(long pos, long start, long count, int bit, bool endGiven)
    {
        // Looking for a 0 inside an explicit range, the zero padding past the range does not count.
        if (endGiven && bit == 0 && pos == count << 3)
        {
            return -1;
        }
        return pos == -1 ? -1 : pos + (start << 3);
    }

    /// <summary>BYTE (the default) or BIT, case-insensitively; replies "syntax error" otherwise.</summary>
    private static bool TryGetRangeUnit(CommandContext ctx, int index, out bool isBit)
    {
        isBit = false;
        if (index >= ctx.ArgCount || ctx.Is(index, "BYTE"))
        {
            return true;
        }
        if (ctx.Is(index, "BIT"))
        {
            isBit = true;
            return true;
        }
        ctx.SyntaxError();
        return false;
    }

    /// <summary>Negative offsets count from the end; both are clamped to [0, total-1].</summary>
    private static void ClampRange(long total, ref long start, ref long end)
    {
        if (start < 0)
        {
            start = total + start;
        }
        if (end < 0)
        {
            end = total + end;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (end < 0)
        {
            end = 0;
        }
        if (end >= total)
        {
            end = total - 1;
        }
    }

    /// <summary>Turns a bit range into a byte range plus masks of the edge bits outside it.</summary>
    private static void ToByteRange(ref long start, ref long end, out byte firstByteNegMask, out byte lastByteNegMask)
    {
        firstByteNegMask = (byte)(~((1 << (8 - (int)(start & 7))) - 1) & 0xFF);
        lastByteNegMask = (byte)((1 << (7 - (int)(end & 7))) - 1);
        start >>= 3;
        end >>= 3;
    }

    /// <summary>BITOP AND|OR|XOR|NOT destkey key [key ...]: missing keys are empty strings; an empty result deletes destkey.</summary>
    private static void BitOp(CommandContext ctx)
    {
        Bitmap.Operation operation;
        if (ctx.Is(1, "AND"))
        {
            operation = Bitmap.Operation.And;
        }
        else if (ctx.Is(1, "OR"))
        {
            operation = Bitmap.Operation.Or;
        }
        else if (ctx.Is(1, "XOR"))
        {
            operation = Bitmap.Operation.Xor;
        }
        else if (ctx.Is(1, "NOT"))
        {
            operation = Bitmap.Operation.Not;
        }
        else
        {
            ctx.SyntaxError();
            return;
        }
        if (operation == Bitmap.Operation.Not && ctx.ArgCount != 4)
        {
            ctx.Reply.Error("ERR BITOP NOT must be called with a single source key.");
            return;
        }
        var sources = new ReadOnlyMemory<byte>[ctx.ArgCount - 3];
        var longest = 0;
        for (var i = 0; i < sources.Length; i++)
        {
            var entry = ctx.Db.LookupRead(ctx.Arg(i + 3));
            if (entry is null)
            {
                continue;
            }
            if (entry.Value is not RedisString value)
            {
                ctx.WrongType();
                return;
            }
            sources[i] = value.IsInteger ? value.ToArray() : value.Memory;
            longest = Math.Max(longest, sources[i].Length);
        }
        var destination = ctx.Arg(2);
        if (longest == 0)
        {
            if (ctx.Db.Delete(destination))
            {
                ctx.Notify(KeyspaceEventClasses.Generic, "del", destination);
            }
            ctx.Reply.Integer(0);
            return;
        }
        var result = Bitmap.Combine(operation, sources);
        ctx.Db.Set(destination, RedisString.FromRawBytes(result));
        ctx.Notify(KeyspaceEventClasses.String, "set", destination);
        ctx.Reply.Integer(result.Length);
    }
}
