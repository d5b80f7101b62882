using System.Runtime.CompilerServices;
using System.Text;
using Basalt.Persistence;
using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// BACKUP &lt;target-dir&gt; and BACKUP STATUS (Basalt's own): a consistent copy of the persistence
/// state taken while the server keeps serving writes (see <see cref="OnlineBackup"/>). BACKUP replies
/// with what it started, e.g. <c>+Backup started: AOF, 3 files, 1048576 bytes, into /backups/b1</c>
/// or <c>+Backup started: RDB snapshot of 5000 keys into /backups/b1</c>, or an error saying why not
/// (one already running, target not empty or not writable). BACKUP STATUS gives the state
/// (none, running, ok, failed), the kind, the bytes written so far and in all, the snapshot's keys
/// done and in all, and why it failed. A directory named STATUS is given as <c>./STATUS</c>.
/// </summary>
public static class BackupCommand
{
    // One backup state per server, kept beside it rather than in BasaltServer's shared state.
    private static readonly ConditionalWeakTable<BasaltServer, OnlineBackup> s_backups = new();

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("backup", 2, CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.NoAsyncLoading | CommandFlags.NoMulti,
            0, 0, 0, "@admin @slow @dangerous", "server", "7.0.0",
            "Copies the persistence files (or a snapshot) into a directory, consistently, while serving writes", Backup));
    }

    /// <summary>The backup state of <paramref name="server"/>.</summary>
    public static OnlineBackup For(BasaltServer server) => s_backups.GetValue(server, s => new OnlineBackup(s));

    private static void Backup(CommandContext ctx)
    {
        var backup = For(ctx.Server);
        if (ctx.Is(1, "STATUS"))
        {
            WriteStatus(ctx, backup.Status);
            return;
        }
        var dir = Encoding.UTF8.GetString(ctx.Arg(1));
        if (dir.Length == 0)
        {
            ctx.Reply.Error("ERR Backup target directory name can't be empty");
            return;
        }
        var error = backup.Start(dir);
        if (error is null)
        {
            ctx.Reply.Simple(StatusLine(StartedText(backup.Status)));
        }
        else
        {
            ctx.Reply.Error(error);
        }
    }

    private static string StartedText(BackupStatus status) => status.Kind == BackupKind.Aof
        ? $"Backup started: AOF, {status.Files} files, {status.BytesTotal} bytes, into {status.Dir}"
        : $"Backup started: RDB snapshot of {status.KeysTotal} keys into {status.Dir}";

    /// <summary>The text as a status reply can carry it: UTF-8 (the path is the client's), newlines as spaces.</summary>
    private static byte[] StatusLine(string text) => Encoding.UTF8.GetBytes(text.Replace('\r', ' ').Replace('\n', ' '));

    private static void WriteStatus(CommandContext ctx, BackupStatus status)
    {
        var reply = ctx.Reply;
        reply.MapHeader(8);
        reply.Bulk("state");
        reply.Bulk(status.State switch
        {
            BackupState.Running => "running",
            BackupState.Ok => "ok",
            BackupState.Failed => "failed",
            _ => "none",
        });
        reply.Bulk("kind");
        reply.Bulk(status.Kind switch
        {
            BackupKind.Aof => "aof",
            BackupKind.Rdb => "rdb",
            _ => "",
        });
        reply.Bulk("dir");
        reply.Bulk(status.Dir ?? "");
        reply.Bulk("bytes");
        reply.Integer(status.Bytes);
        reply.Bulk("bytes_total");
        reply.Integer(status.BytesTotal);
        reply.Bulk("keys_processed");
        reply.Integer(status.KeysProcessed);
        reply.Bulk("keys_total");
        reply.Integer(status.KeysTotal);
        reply.Bulk("error");
        reply.Bulk(status.Error ?? "");
    }
}
