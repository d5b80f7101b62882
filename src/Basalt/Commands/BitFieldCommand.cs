using Basalt.Config.Parameters;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// BITFIELD and BITFIELD_RO (bitfieldGeneric): integers of 1 to 64 bits at any bit offset of a
/// string. Every operation is parsed before any runs, so an error anywhere leaves the key untouched;
/// the key is looked up for writing (and created or grown up to the farthest bit written) only when
/// there is a SET or INCRBY.
/// </summary>
public static class BitFieldCommand
{
    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("bitfield", -2, CommandFlags.Write | CommandFlags.DenyOom, 1, 1, 1, "@write @bitmap @slow", "bitmap", "3.2.0",
            "Perform arbitrary bitfield integer operations on strings", ctx => Run(ctx, readOnly: false)));
        table.Add(new CommandSpec("bitfield_ro", -2, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1, "@read @bitmap @fast", "bitmap", "6.0.0",
            "Perform arbitrary bitfield integer operations on strings. Read-only variant of BITFIELD", ctx => Run(ctx, readOnly: true)));
    }

    private static void Run(CommandContext ctx, bool readOnly)
    {
        if (!TryParse(ctx, out var operations, out var writes, out var lastBit))
        {
            return;
        }
        var key = ctx.Arg(1);
        if (!writes)
        {
            // Only GETs (or none at all): a read, and a missing key reads as zeros.
            if (!StringCommands.TryReadString(ctx, key, out var value))
            {
                return;
            }
            Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
            var bytes = value is null ? default : value.AsSpan(scratch);
            ctx.Reply.ArrayHeader(operations.Count);
            foreach (var operation in operations)
            {
                ReplyGet(ctx, bytes, operation);
            }
            return;
        }
        if (readOnly)
        {
            ctx.Reply.Error("ERR BITFIELD_RO only supports the GET subcommand");
            return;
        }
        if (!BitWriteTarget.TryLookup(ctx, key, lastBit, out var target))
        {
            return;
        }
        ctx.Reply.ArrayHeader(operations.Count);
        long changes = 0;
        foreach (var operation in operations)
        {
            if (operation.Action == BitFieldOperation.Kind.Get)
            {
                ReplyGet(ctx, target.Bytes, operation);
                continue;
            }
            var oldBits = Bitmap.GetField(target.Bytes, operation.Offset, operation.Type.Bits);
            if (!BitFieldArithmetic.TryWrite(operation.Type, operation.Overflow, operation.Action == BitFieldOperation.Kind.IncrBy,
                operation.Operand, oldBits, out var newBits, out var reply, out var changed))
            {
                ctx.Reply.NullBulk();
                continue;
            }
            ctx.Reply.Integer(reply);
            Bitmap.SetField(target.Bytes, operation.Offset, operation.Type.Bits, newBits);
            // Once the string was created or grown, every write that went through counts.
            if (target.Grew || changed)
            {
                changes++;
            }
        }
        target.Commit(ctx, key, changes);
        if (changes > 0)
        {
            ctx.Notify(KeyspaceEventClasses.String, "setbit", key);
        }
    }

    private static void ReplyGet(CommandContext ctx, ReadOnlySpan<byte> bytes, BitFieldOperation operation)
    {
        var bits = Bitmap.GetField(bytes, operation.Offset, operation.Type.Bits);
        ctx.Reply.Integer(operation.Type.Signed ? operation.Type.SignExtend(bits) : (long)bits);
    }

    /// <summary>
    /// Parses every operation, replying the first error met: the subcommand (with enough arguments
    /// after it), then its type, offset and value, in Redis's order. An OVERFLOW applies to the
    /// operations after it.
    /// </summary>
    private static bool TryParse(CommandContext ctx, out List<BitFieldOperation> operations, out bool writes, out long lastBit)
    {
        operations = new List<BitFieldOperation>((ctx.ArgCount - 2) / 3);
        writes = false;
        lastBit = 0;
        var overflow = BitFieldOverflow.Wrap;
        for (var j = 2; j < ctx.ArgCount; j++)
        {
            var remaining = ctx.ArgCount - j - 1;
            var subcommand = ctx.Arg(j);
            BitFieldOperation.Kind action;
            if (IsCStringKeyword(subcommand, "GET") && remaining >= 2)
            {
                action = BitFieldOperation.Kind.Get;
            }
            else if (IsCStringKeyword(subcommand, "SET") && remaining >= 3)
            {
                action = BitFieldOperation.Kind.Set;
            }
            else if (IsCStringKeyword(subcommand, "INCRBY") && remaining >= 3)
            {
                action = BitFieldOperation.Kind.IncrBy;
            }
            else if (IsCStringKeyword(subcommand, "OVERFLOW") && remaining >= 1)
            {
                j++;
                if (!TryParseOverflow(ctx.Arg(j), out overflow))
                {
                    ctx.Reply.Error("ERR Invalid OVERFLOW type specified");
                    return false;
                }
                continue;
            }
            else
            {
                ctx.SyntaxError();
                return false;
            }
            if (!BitFieldType.TryParse(ctx.Arg(j + 1), out var type))
            {
                ctx.Reply.Error("ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.");
                return false;
            }
            if (!BitCommands.TryGetBitOffset(ctx, j + 2, out var offset, type.Bits))
            {
                return false;
            }
            long operand = 0;
            if (action != BitFieldOperation.Kind.Get)
            {
                writes = true;
                lastBit = Math.Max(lastBit, offset + type.Bits - 1);
                if (!ctx.TryGetLong(j + 3, out operand))
                {
                    return false;
                }
            }
            operations.Add(new BitFieldOperation(action, type, offset, operand, overflow));
            j += action == BitFieldOperation.Kind.Get ? 2 : 3;
        }
        return true;
    }

    private static bool TryParseOverflow(ReadOnlySpan<byte> text, out BitFieldOverflow overflow)
    {
        overflow = BitFieldOverflow.Wrap;
        if (IsCStringKeyword(text, "WRAP"))
        {
            return true;
        }
        if (IsCStringKeyword(text, "SAT"))
        {
            overflow = BitFieldOverflow.Sat;
            return true;
        }
        if (IsCStringKeyword(text, "FAIL"))
        {
            overflow = BitFieldOverflow.Fail;
            return true;
        }
        return false;
    }

    /// <summary>
    /// Whether an argument is the keyword, case-insensitively, as strcasecmp sees it: Redis compares
    /// the subcommands and overflow names as C strings, so whatever follows a NUL byte is ignored.
    /// </summary>
    private static bool IsCStringKeyword(ReadOnlySpan<byte> argument, string keyword)
    {
        var nul = argument.IndexOf((byte)0);
        if (nul >= 0)
        {
            argument = argument[..nul];
        }
        return System.Text.Ascii.EqualsIgnoreCase(argument, keyword);
    }
}
