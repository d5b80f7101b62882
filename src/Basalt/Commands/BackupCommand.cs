using System.Runtime.CompilerServices;
using System.Text;
using Basalt.Persistence;
using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// BACKUP &lt;target-dir&gt; and BACKUP STATUS (Basalt's own): a consistent copy of the persistence
/// state taken while the server keeps serving writes (see <see cref="OnlineBackup"/>). BACKUP replies
/// <c>+Backup started</c>; BACKUP STATUS tells when it is done, its size, or why it failed.
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
            ctx.Reply.Error("ERR Backup target directory can't be empty");
            return;
        }
        var error = backup.Start(dir);
        if (error is null)
        {
            ctx.Reply.Simple("Backup started");
        }
        else
        {
            ctx.Reply.Error(error);
        }
    }

    private static void WriteStatus(CommandContext ctx, BackupStatus status)
    {
        var reply = ctx.Reply;
        reply.MapHeader(6);
        reply.Bulk("state");
        reply.Bulk(status.State switch
        {
            BackupState.Running => "running",
            BackupState.Ok => "ok",
            BackupState.Failed => "failed",
            _ => "none",
        });
        reply.Bulk("dir");
        reply.Bulk(status.Dir ?? "");
        reply.Bulk("bytes");
        reply.Integer(status.Bytes);
        reply.Bulk("keys_processed");
        reply.Integer(status.KeysProcessed);
        reply.Bulk("keys_total");
        reply.Integer(status.KeysTotal);
        reply.Bulk("error");
        reply.Bulk(status.Error ?? "");
    }
}
