namespace Basalt.Server;

/// <summary>
/// The part of a shutdown that decides whether the server may exit (Redis's prepareForShutdown and
/// finishShutdown): the log lines scripts look for, the final snapshot, the pid file. It runs under
/// the server lock when SHUTDOWN or a signal asks; the cron then closes everything and exits.
/// </summary>
public static class ShutdownSequence
{
    /// <summary>
    /// Prepares the exit; false (after logging why, as Redis words it) when the server must keep
    /// running because the final snapshot could not be written and FORCE was not given.
    /// </summary>
    public static bool Prepare(BasaltServer server, ShutdownRequest request)
    {
        var log = server.Log;
        // A dataset half loaded must never overwrite the snapshot it came from.
        var save = server.Loading ? false : request.Save;
        log.Warning("User requested shutdown...");

        // A running BGSAVE must not overwrite the snapshot SHUTDOWN is about to write.
        if (server.Rdb.BackgroundSaveInProgress)
        {
            log.Warning("There is a child saving an .rdb. Killing it!");
            server.Rdb.AbortBackgroundSave();
        }

        if (server.Aof.RewriteInProgress)
        {
            log.Warning("There is a child rewriting the AOF. Killing it!");
            server.Aof.AbortRewrite();
        }

        // The AOF's tail must be on the disk before the process goes.
        if (!server.Aof.FlushForShutdown() && !request.Force)
        {
            log.Warning("Error trying to shut down the server. Check the logs for more information.");
            return false;
        }

        if (save == true || (save is null && server.Config.SaveParams.Count > 0))
        {
            if (!SaveFinalSnapshot(server))
            {
                if (request.Force)
                {
                    log.Warning("Error trying to save the DB. Exit anyway.");
                }
                else
                {
                    log.Warning("Error trying to save the DB, can't exit.");
                    log.Warning("Errors trying to shut down the server. Check the logs for more information.");
                    return false;
                }
            }
        }

        RemovePidFile(server);
        return true;
    }

    /// <summary>The request for a signal, with the flags of shutdown-on-sigterm / shutdown-on-sigint.</summary>
    public static ShutdownRequest ForSignal(BasaltServer server, string signalName)
    {
        var setting = signalName == "SIGINT" ? server.Config.ShutdownOnSigint : server.Config.ShutdownOnSigterm;
        var words = setting.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        bool? save = words.Contains("nosave") ? false : words.Contains("save") ? true : null;
        return new ShutdownRequest(signalName, save, words.Contains("now"), words.Contains("force"));
    }

    private static bool SaveFinalSnapshot(BasaltServer server)
    {
        server.Log.Notice("Saving the final RDB snapshot before exiting.");
        return server.Rdb.SaveNow();
    }

    private static void RemovePidFile(BasaltServer server)
    {
        var path = server.Config.PidFile;
        if (string.IsNullOrEmpty(path))
        {
            return;
        }
        server.Log.Notice("Removing the pid file.");
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Like unlink() in Redis, a pid file that cannot be removed does not stop the exit.
        }
    }
}
