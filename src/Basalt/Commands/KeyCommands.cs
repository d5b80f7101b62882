using Basalt.Config.Parameters;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// The generic key commands that work on keys of any type: DEL, UNLINK, EXISTS, TYPE, RENAME,
/// RENAMENX, COPY, TOUCH, RANDOMKEY, DBSIZE (db.c).
/// </summary>
public static class KeyCommands
{
    private const CommandFlags Write = CommandFlags.Write;
    private const CommandFlags Read = CommandFlags.ReadOnly;
    private const CommandFlags Fast = CommandFlags.Fast;

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("del", -2, Write, 1, -1, 1, "@keyspace @write @slow", "generic", "1.0.0",
            "Delete a key", Del));
        table.Add(new CommandSpec("unlink", -2, Write | Fast, 1, -1, 1, "@keyspace @write @fast", "generic", "4.0.0",
            "Delete a key asynchronously in another thread. Otherwise it is just as DEL, but non blocking.", Del));
        table.Add(new CommandSpec("exists", -2, Read | Fast, 1, -1, 1, "@keyspace @read @fast", "generic", "1.0.0",
            "Determine if a key exists", Exists));
        table.Add(new CommandSpec("type", 2, Read | Fast, 1, 1, 1, "@keyspace @read @fast", "generic", "1.0.0",
            "Determine the type stored at key", Type));
        table.Add(new CommandSpec("rename", 3, Write, 1, 2, 1, "@keyspace @write @slow", "generic", "1.0.0",
            "Rename a key", ctx => Rename(ctx, onlyIfAbsent: false)));
        table.Add(new CommandSpec("renamenx", 3, Write | Fast, 1, 2, 1, "@keyspace @write @fast", "generic", "1.0.0",
            "Rename a key, only if the new key does not exist", ctx => Rename(ctx, onlyIfAbsent: true)));
        table.Add(new CommandSpec("copy", -3, Write | CommandFlags.DenyOom, 1, 2, 1, "@keyspace @write @slow", "generic", "6.2.0",
            "Copy a key", Copy));
        table.Add(new CommandSpec("touch", -2, Read | Fast, 1, -1, 1, "@keyspace @read @fast", "generic", "3.2.1",
            "Alters the last access time of a key(s). Returns the number of existing keys specified.", Touch));
        table.Add(new CommandSpec("randomkey", 1, Read, 0, 0, 0, "@keyspace @read @slow", "generic", "1.0.0",
            "Return a random key from the keyspace", RandomKey));
        table.Add(new CommandSpec("dbsize", 1, Read | Fast, 0, 0, 0, "@keyspace @read @fast", "server", "1.0.0",
            "Return the number of keys in the selected database", ctx => ctx.Reply.Integer(ctx.Db.KeyCount)));
    }

    /// <summary>DEL and UNLINK: freeing is the garbage collector's job, so both are non-blocking.</summary>
    private static void Del(CommandContext ctx)
    {
        var deleted = 0;
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            if (ctx.Db.Delete(ctx.Arg(i)))
            {
                ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(i));
                deleted++;
            }
        }
        ctx.Reply.Integer(deleted);
    }

    /// <summary>Counts every argument that names a live key, repeats included.</summary>
    private static void Exists(CommandContext ctx)
    {
        var count = 0;
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            if (ctx.Db.LookupRead(ctx.Arg(i), touch: false) is not null)
            {
                count++;
            }
        }
        ctx.Reply.Integer(count);
    }

    private static void Type(CommandContext ctx)
    {
        var entry = ctx.Db.LookupRead(ctx.Arg(1), touch: false);
        ctx.Reply.Simple(entry is null ? "none" : entry.Value.Type.Name());
    }

    private static void Rename(CommandContext ctx, bool onlyIfAbsent)
    {
        var db = ctx.Db;
        var source = db.LookupWrite(ctx.Arg(1));
        if (source is null)
        {
            ctx.Reply.Error(Errors.NoSuchKey);
            return;
        }
        // Renaming a key to itself changes nothing, but still needs the key to exist.
        if (ctx.Arg(1).SequenceEqual(ctx.Arg(2)))
        {
            ReplyRenamed(ctx, onlyIfAbsent, done: !onlyIfAbsent);
            return;
        }
        var existing = db.LookupWrite(ctx.Arg(2));
        if (existing is not null && onlyIfAbsent)
        {
            ctx.Reply.Integer(0);
            return;
        }
        db.Rename(source, ctx.Arg(2), existing);
        ctx.Notify(KeyspaceEventClasses.Generic, "rename_from", ctx.Arg(1));
        ctx.Notify(KeyspaceEventClasses.Generic, "rename_to", ctx.Arg(2));
        ReplyRenamed(ctx, onlyIfAbsent, done: true);
    }

    private static void ReplyRenamed(CommandContext ctx, bool onlyIfAbsent, bool done)
    {
        if (onlyIfAbsent)
        {
            ctx.Reply.Integer(done ? 1 : 0);
        }
        else
        {
            ctx.Reply.Ok();
        }
    }

    /// <summary>COPY source destination [DB destination-db] [REPLACE].</summary>
    private static void Copy(CommandContext ctx)
    {
        var source = ctx.Db;
        var target = ctx.Db;
        var replace = false;
        for (var i = 3; i < ctx.ArgCount; i++)
        {
            if (ctx.Is(i, "replace"))
            {
                replace = true;
            }
            else if (ctx.Is(i, "db") && i + 1 < ctx.ArgCount)
            {
                if (!DatabaseCommands.TryGetDatabase(ctx, i + 1, out var index))
                {
                    return;
                }
                target = ctx.Databases[index];
                i++;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }
        if (ReferenceEquals(source, target) && ctx.Arg(1).SequenceEqual(ctx.Arg(2)))
        {
            ctx.Reply.Error(DatabaseCommands.SameObject);
            return;
        }
        var entry = source.LookupRead(ctx.Arg(1));
        if (entry is null)
        {
            ctx.Reply.Integer(0);
            return;
        }
        var existing = target.LookupWrite(ctx.Arg(2));
        if (existing is not null && !replace)
        {
            ctx.Reply.Integer(0);
            return;
        }
        target.CopyFrom(source, entry, ctx.Arg(2), existing);
        ctx.Notify(KeyspaceEventClasses.Generic, "copy_to", ctx.Arg(2), target.Index);
        ctx.Reply.Integer(1);
    }

    private static void Touch(CommandContext ctx)
    {
        var touched = 0;
        for (var i = 1; i < ctx.ArgCount; i++)
        {
            if (ctx.Db.LookupRead(ctx.Arg(i)) is not null)
            {
                touched++;
            }
        }
        ctx.Reply.Integer(touched);
    }

    private static void RandomKey(CommandContext ctx)
    {
        var entry = ctx.Db.RandomKey(Random.Shared);
        if (entry is null)
        {
            ctx.Reply.NullBulk();
        }
        else
        {
            ctx.Reply.Bulk(entry.Key);
        }
    }
}
