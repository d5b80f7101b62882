using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// DEBUG and the subcommands Basalt supports (debug.c debugCommand), behind enable-debug-command
/// (the executor refuses it through <see cref="ProtectedCommands"/>). DEBUG is not a container in
/// Redis: it parses its subcommand itself, and a subcommand with the wrong number of arguments is
/// an unknown one. A subcommand not in <see cref="Subcommands"/> is not supported, and DEBUG HELP
/// lists exactly the supported ones.
/// </summary>
public static class DebugCommand
{
    /// <summary>One DEBUG subcommand: its name, the argument counts it accepts (whole command line), its HELP lines.</summary>
    private sealed record Subcommand(string Name, Func<int, bool> Accepts, CommandHandler Handler, string[] Help);

    /// <summary>In Redis's HELP order.</summary>
    private static readonly Subcommand[] Subcommands =
    [
        new("config-rewrite-force-all", argc => argc == 2, ConfigRewriteForceAll,
        [
            "CONFIG-REWRITE-FORCE-ALL",
            "    Like CONFIG REWRITE but writes all configuration options, including",
            "    keywords not listed in original configuration file or default values.",
        ]),
        new("digest", argc => argc == 2, DebugDigest.Dataset,
        [
            "DIGEST",
            "    Output a hex signature representing the current DB content.",
        ]),
        new("digest-value", argc => argc >= 2, DebugDigest.Values,
        [
            "DIGEST-VALUE <key> [<key> ...]",
            "    Output a hex signature of the values of all the specified keys.",
        ]),
        new("error", argc => argc == 3, Error,
        [
            "ERROR <string>",
            "    Return a Redis protocol error with <string> as message. Useful for clients",
            "    unit tests to simulate Redis errors.",
        ]),
        new("log", argc => argc == 3, Log,
        [
            "LOG <message>",
            "    Write <message> to the server log.",
        ]),
        new("htstats", argc => argc == 3, DebugHashTableStats.Database,
        [
            "HTSTATS <dbid>",
            "    Return hash table statistics of the specified Redis database.",
        ]),
        new("htstats-key", argc => argc == 3, DebugHashTableStats.Key,
        [
            "HTSTATS-KEY <key>",
            "    Like HTSTATS but for the hash table stored at <key>'s value.",
        ]),
        new("loadaof", argc => argc == 2, LoadAof,
        [
            "LOADAOF",
            "    Flush the AOF buffers on disk and reload the AOF in memory.",
        ]),
        new("object", argc => argc == 3, Object,
        [
            "OBJECT <key>",
            "    Show low level info about `key` and associated value.",
        ]),
        new("populate", argc => argc is >= 3 and <= 5, Populate,
        [
            "POPULATE <count> [<prefix>] [<size>]",
            "    Create <count> string keys named key:<num>. If <prefix> is specified then",
            "    it is used instead of the 'key' prefix. These are not propagated to",
            "    replicas. Cluster slots are not respected so keys not belonging to the",
            "    current node can be created in cluster mode.",
        ]),
        new("protocol", argc => argc == 3, DebugProtocol.Reply,
        [
            "PROTOCOL <type>",
            "    Reply with a test value of the specified type. <type> can be: string,",
            "    integer, double, bignum, null, array, set, map, attrib, push, verbatim,",
            "    true, false.",
        ]),
        new("reload", argc => argc >= 2, Reload,
        [
            "RELOAD [option ...]",
            "    Save the RDB on disk and reload it back to memory. Valid <option> values:",
            "    * MERGE: conflicting keys will be loaded from RDB.",
            "    * NOFLUSH: the existing database will not be removed before load, but",
            "      conflicting keys will generate an exception and kill the server.",
            "    * NOSAVE: the database will be loaded from an existing RDB file.",
            "    Examples:",
            "    * DEBUG RELOAD: verify that the server is able to persist, flush and reload",
            "      the database.",
            "    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an",
            "      existing RDB file.",
            "    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB",
            "      file to the database.",
        ]),
        new("set-active-expire", argc => argc == 3, SetActiveExpire,
        [
            "SET-ACTIVE-EXPIRE <0|1>",
            "    Setting it to 0 disables expiring keys in background when they are not",
            "    accessed (otherwise the Redis behavior). Setting it to 1 reenables back the",
            "    default.",
        ]),
        new("sleep", argc => argc == 3, Sleep,
        [
            "SLEEP <seconds>",
            "    Stop the server for <seconds>. Decimals allowed.",
        ]),
        new("pause-cron", argc => argc == 3, PauseCron,
        [
            "PAUSE-CRON <0|1>",
            "    Stop periodic cron job processing.",
        ]),
    ];

    /// <summary>DEBUG LOADAOF: reload the dataset from the AOF; a load that fails stops the server, as in Redis.</summary>
    private static void LoadAof(CommandContext ctx)
    {
        if (!ctx.Server.Aof.ReloadForDebug())
        {
            ctx.Server.Log.Warning("Failed loading the AOF by DEBUG LOADAOF: exiting.");
            Environment.Exit(1);
        }
        ctx.Server.Log.Warning("Append Only File loaded by DEBUG LOADAOF");
        ctx.Reply.Ok();
    }

    /// <summary>DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the dataset, load dump.rdb back.</summary>
    private static void Reload(CommandContext ctx)
    {
        bool merge = false, flush = true, save = true;
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (ctx.Is(i, "MERGE"))
            {
                merge = true;
            }
            else if (ctx.Is(i, "NOFLUSH"))
            {
                flush = false;
            }
            else if (ctx.Is(i, "NOSAVE"))
            {
                save = false;
            }
            else
            {
                ctx.Reply.Error("ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.");
                return;
            }
        }
        var rdb = ctx.Server.Rdb;
        if (save && !rdb.SaveNow())
        {
            ctx.Reply.Error("ERR");
            return;
        }
        if (flush)
        {
            rdb.EmptyData();
        }
        if (!rdb.Reload(merge))
        {
            ctx.Reply.Error("ERR Error trying to load the RDB dump");
            return;
        }
        ctx.Server.Log.Warning("DB reloaded by DEBUG RELOAD");
        ctx.Reply.Ok();
    }

    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale |
            CommandFlags.Protected;
        table.Add(new CommandSpec("debug", -2, Flags, 0, 0, 0, "@admin @slow @dangerous", "server", "1.0.0",
            "A container for debugging commands", Debug));
    }

    private static void Debug(CommandContext ctx)
    {
        if (ctx.ArgCount == 2 && ctx.Is(1, "HELP"))
        {
            HelpReply.Write(ctx, Subcommands.SelectMany(s => s.Help).ToArray());
            return;
        }
        foreach (var sub in Subcommands)
        {
            if (ctx.Is(1, sub.Name) && sub.Accepts(ctx.ArgCount))
            {
                sub.Handler(ctx);
                return;
            }
        }
        HelpReply.SubcommandSyntaxError(ctx);
    }

    /// <summary>DEBUG ERROR: the argument as an error reply, verbatim (no ERR prefix; Redis does not count it in errorstats).</summary>
    private static void Error(CommandContext ctx)
    {
        var message = ctx.Arg(2);
        Span<byte> line = message.Length <= 256 ? stackalloc byte[message.Length + 3] : new byte[message.Length + 3];
        line[0] = (byte)'-';
        message.CopyTo(line[1..]);
        for (var i = 1; i <= message.Length; i++)
        {
            if (line[i] is (byte)'\r' or (byte)'\n')
            {
                line[i] = (byte)' ';
            }
        }
        line[^2] = (byte)'\r';
        line[^1] = (byte)'\n';
        ctx.Reply.Raw(line);
    }

    private static void Log(CommandContext ctx)
    {
        ctx.Server.Log.Warning("DEBUG LOG: " + CString(ctx.Arg(2)));
        ctx.Reply.Ok();
    }

    /// <summary>DEBUG SLEEP: stops the whole server (it holds the command lock), as Redis's main thread sleeps.</summary>
    private static void Sleep(CommandContext ctx)
    {
        var micros = CNumbers.StrToD(ctx.Arg(2)) * 1_000_000;
        if (micros >= 1)
        {
            // Thread.Sleep takes at most int.MaxValue milliseconds (24 days), which is forever enough.
            Thread.Sleep(TimeSpan.FromMicroseconds(Math.Min(micros, (int.MaxValue - 1) * 1000.0)));
        }
        ctx.Reply.Ok();
    }

    private static void SetActiveExpire(CommandContext ctx)
    {
        ctx.Server.ActiveExpire.Enabled = CNumbers.Atoi(ctx.Arg(2)) != 0;
        ctx.Reply.Ok();
    }

    private static void PauseCron(CommandContext ctx)
    {
        if (ctx.Server.Cron is { } cron)
        {
            cron.Paused = CNumbers.Atoi(ctx.Arg(2)) != 0;
        }
        ctx.Reply.Ok();
    }

    /// <summary>
    /// DEBUG OBJECT: Redis's line. "Value at" is the value's identity in this process (a .NET
    /// object has no fixed address); refcount is the one OBJECT REFCOUNT reports.
    /// </summary>
    private static void Object(CommandContext ctx)
    {
        // Like dictFind in Redis: no expiry check, no statistics, no access-time update.
        var entry = ctx.Db.Peek(ctx.Arg(2));
        if (entry is null)
        {
            ctx.Reply.Error(Errors.NoSuchKey);
            return;
        }
        var value = entry.Value;
        var refCount = ObjectCommand.RefCountOf(ctx, value);
        var serialized = value is RedisString s ? RdbStringLength.Of(s) : -1;
        // Redis's lru field is 24 bits wide (LRU_BITS): the LRU clock, or the LFU minutes and counter.
        var lru = entry.Access & 0xFFFFFF;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"Value at:0x{RuntimeHelpers.GetHashCode(value):x} refcount:{refCount} encoding:{value.EncodingName} serializedlength:{serialized} lru:{lru} lru_seconds_idle:{ctx.Databases.IdleSeconds(entry)}");
        ctx.Reply.Simple(line);
    }

    /// <summary>
    /// DEBUG POPULATE count [prefix] [size]: string keys prefix:0..count-1 holding "value:N" (cut or
    /// zero-padded to size). Existing keys are left alone. Like Redis, this does not count as changes
    /// for save points (server.dirty), although WATCH sees the new keys.
    /// </summary>
    private static void Populate(CommandContext ctx)
    {
        const string NotPositive = "ERR value is out of range, must be positive";
        if (!RedisNumber.TryParseInt64(ctx.Arg(2), out var count) || count < 0)
        {
            ctx.Reply.Error(NotPositive);
            return;
        }
        long size = 0;
        if (ctx.ArgCount == 5 && (!RedisNumber.TryParseInt64(ctx.Arg(4), out size) || size < 0))
        {
            ctx.Reply.Error(NotPositive);
            return;
        }
        // Redis would abort on such an allocation; a .NET array cannot even hold it.
        if (size > Array.MaxLength)
        {
            ctx.Reply.Error("ERR value size is too large");
            return;
        }
        var prefix = ctx.ArgCount == 3 ? "key"u8 : ctx.Arg(3);
        // The C string ends at the first NUL; the key is built in a 128-byte buffer (127 bytes at most).
        var nul = prefix.IndexOf((byte)0);
        if (nul >= 0)
        {
            prefix = prefix[..nul];
        }

        var db = ctx.Db;
        var dirtyBefore = ctx.Databases.Dirty;
        const int KeyBuffer = 127;
        Span<byte> key = stackalloc byte[KeyBuffer + 24];
        var prefixLength = Math.Min(prefix.Length, KeyBuffer);
        prefix[..prefixLength].CopyTo(key);
        key[prefixLength] = (byte)':';
        Span<byte> digits = stackalloc byte[24];
        for (long j = 0; j < count; j++)
        {
            var digitCount = RedisNumber.FormatInt64(j, digits);
            digits[..digitCount].CopyTo(key[(prefixLength + 1)..]);
            var keyLength = Math.Min(KeyBuffer, prefixLength + 1 + digitCount);
            if (db.LookupWrite(key[..keyLength]) is not null)
            {
                continue;
            }
            var text = new byte[6 + digitCount];
            "value:"u8.CopyTo(text);
            digits[..digitCount].CopyTo(text.AsSpan(6));
            byte[] value;
            if (size == 0)
            {
                value = text;
            }
            else
            {
                value = new byte[size];
                text.AsSpan(0, (int)Math.Min(size, text.Length)).CopyTo(value);
            }
            db.Add(key[..keyLength], RedisString.FromBytesNoInteger(value));
        }
        ctx.Databases.Dirty = dirtyBefore;
        ctx.Reply.Ok();
    }

    private static void ConfigRewriteForceAll(CommandContext ctx)
    {
        var config = ctx.Server.Config;
        // Redis hands a NULL path to fopen() here, which fails with EFAULT.
        if (config.ConfigFile is null)
        {
            ctx.Reply.Error("ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address");
            return;
        }
        if (config.Rewrite(forceAll: true, out var error))
        {
            ctx.Reply.Ok();
            return;
        }
        const string RewritePrefix = "ERR Rewriting config file: ";
        ctx.Reply.Error(error.StartsWith(RewritePrefix, StringComparison.Ordinal)
            ? "ERR CONFIG-REWRITE-FORCE-ALL failed: " + error[RewritePrefix.Length..]
            : error);
    }

    /// <summary>A byte string as C code sees it: up to the first NUL.</summary>
    private static string CString(ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        return Encoding.UTF8.GetString(nul < 0 ? bytes : bytes[..nul]);
    }
}
