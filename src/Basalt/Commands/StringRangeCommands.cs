using Basalt.Config.Parameters;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>Parts of a string: APPEND, STRLEN, GETRANGE, SUBSTR and SETRANGE.</summary>
public static class StringRangeCommands
{
    private const CommandFlags Write = CommandFlags.Write | CommandFlags.DenyOom;

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("append", 3, Write | CommandFlags.Fast, 1, 1, 1, "@write @string @fast", "string", "2.0.0",
            "Append a value to a key", Append));
        table.Add(new CommandSpec("strlen", 2, CommandFlags.ReadOnly | CommandFlags.Fast, 1, 1, 1, "@read @string @fast", "string", "2.2.0",
            "Get the length of the value stored in a key", StrLen));
        table.Add(new CommandSpec("getrange", 4, CommandFlags.ReadOnly, 1, 1, 1, "@read @string @slow", "string", "2.4.0",
            "Get a substring of the string stored at a key", GetRange));
        table.Add(new CommandSpec("substr", 4, CommandFlags.ReadOnly, 1, 1, 1, "@read @string @slow", "string", "1.0.0",
            "Get a substring of the string stored at a key", GetRange));
        table.Add(new CommandSpec("setrange", 4, Write, 1, 1, 1, "@write @string @slow", "string", "2.2.0",
            "Overwrite part of a string at key starting at the specified offset", SetRange));
    }

    /// <summary>
    /// checkStringLength: a string may not grow beyond proto-max-bulk-len. Beyond what a .NET array
    /// can hold (about 2 GB, reachable only with a larger proto-max-bulk-len) the same error is given.
    /// </summary>
    internal static bool CheckStringLength(CommandContext ctx, long size, long append)
    {
        var total = unchecked(size + append);
        if (total > ctx.Server.Config.ProtoMaxBulkLen || total < size || total < append || total > Array.MaxLength)
        {
            ctx.Reply.Error("ERR string exceeds maximum allowed size (proto-max-bulk-len)");
            return false;
        }
        return true;
    }

    private static void Append(CommandContext ctx)
    {
        var key = ctx.Arg(1);
        var tail = ctx.Arg(2);
        if (!StringCommands.TryWriteString(ctx, key, out var value, out var entry))
        {
            return;
        }
        if (value is null)
        {
            // A new key is stored as SET would store the argument (it may become an int).
            var created = RedisString.FromValue(tail);
            ctx.Db.Add(key, created);
            ctx.Notify(KeyspaceEventClasses.String, "append", key);
            ctx.Reply.Integer(created.Length);
            return;
        }
        if (!CheckStringLength(ctx, value.Length, tail.Length))
        {
            return;
        }
        value.Append(tail);
        ctx.Db.Modified(entry!);
        ctx.Notify(KeyspaceEventClasses.String, "append", key);
        ctx.Reply.Integer(value.Length);
    }

    private static void StrLen(CommandContext ctx)
    {
        if (!StringCommands.TryReadString(ctx, ctx.Arg(1), out var value))
        {
            return;
        }
        ctx.Reply.Integer(value?.Length ?? 0);
    }

    /// <summary>GETRANGE and SUBSTR: inclusive offsets, negative ones counted from the end, clamped to the string.</summary>
    private static void GetRange(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var start) || !ctx.TryGetLong(3, out var end))
        {
            return;
        }
        if (!StringCommands.TryReadString(ctx, ctx.Arg(1), out var value))
        {
            return;
        }
        if (value is null)
        {
            ctx.Reply.Bulk(ReadOnlySpan<byte>.Empty);
            return;
        }
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
        var bytes = value.AsSpan(scratch);
        long length = bytes.Length;
        if (start < 0 && end < 0 && start > end)
        {
            ctx.Reply.Bulk(ReadOnlySpan<byte>.Empty);
            return;
        }
        if (start < 0)
        {
            start = length + start;
        }
        if (end < 0)
        {
            end = length + end;
        }
        if (start < 0)
        {
            start = 0;
        }
        if (end < 0)
        {
            end = 0;
        }
        if (end >= length)
        {
            end = length - 1;
        }
        if (start > end || length == 0)
        {
            ctx.Reply.Bulk(ReadOnlySpan<byte>.Empty);
        }
        else
        {
            ctx.Reply.Bulk(bytes.Slice((int)start, (int)(end - start + 1)));
        }
    }

    private static void SetRange(CommandContext ctx)
    {
        var key = ctx.Arg(1);
        var patch = ctx.Arg(3);
        if (!ctx.TryGetLong(2, out var offset))
        {
            return;
        }
        if (offset < 0)
        {
            ctx.Reply.Error("ERR offset is out of range");
            return;
        }
        if (!StringCommands.TryWriteString(ctx, key, out var value, out var entry))
        {
            return;
        }
        if (value is null)
        {
            // Nothing to write on a missing key creates nothing.
            if (patch.IsEmpty)
            {
                ctx.Reply.Integer(0);
                return;
            }
            if (!CheckStringLength(ctx, offset, patch.Length))
            {
                return;
            }
            var bytes = new byte[offset + patch.Length];
            patch.CopyTo(bytes.AsSpan((int)offset));
            ctx.Db.Add(key, RedisString.FromRawBytes(bytes));
            ctx.Notify(KeyspaceEventClasses.String, "setrange", key);
            ctx.Reply.Integer(bytes.Length);
            return;
        }
        if (patch.IsEmpty)
        {
            ctx.Reply.Integer(value.Length);
            return;
        }
        if (!CheckStringLength(ctx, offset, patch.Length))
        {
            return;
        }
        var target = value.GrowRawForWrite((int)offset + patch.Length);
        patch.CopyTo(target[(int)offset..]);
        ctx.Db.Modified(entry!);
        ctx.Notify(KeyspaceEventClasses.String, "setrange", key);
        ctx.Reply.Integer(target.Length);
    }
}
