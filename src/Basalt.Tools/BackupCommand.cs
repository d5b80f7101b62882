using System.Diagnostics;
using System.Globalization;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt backup [--host H] [--port P] TARGET-DIR</c>: asks a running server for a consistent
/// online backup (the BACKUP command), follows it with BACKUP STATUS, and reports the size.
/// </summary>
public sealed class BackupCommand : IToolCommand
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan ShowProgressAfter = TimeSpan.FromMilliseconds(500);

    public string Name => "backup";

    public string Summary => "Take a consistent backup of a running server (BACKUP), without stopping it";

    public string Usage =>
        "Usage: basalt backup [--host HOST] [--port PORT] [--timeout SECONDS] TARGET-DIR\n" +
        "\n" +
        "Asks the server at HOST:PORT (default 127.0.0.1:6379) to copy its persistence state into\n" +
        "TARGET-DIR (on the server's machine; relative paths are relative to its 'dir'; it must not\n" +
        "exist or be empty). With the AOF on the copy is BASE + INCR + manifest under the\n" +
        "appenddirname (hard links of closed files); otherwise a forkless RDB snapshot. The server keeps\n" +
        "serving writes; the copy loads to the dataset as it was when the backup started.\n" +
        "Prints what the server started, draws the progress on a terminal, waits until it is done (at\n" +
        "most --timeout seconds, default 3600) and prints its size. Exit code 0 when the backup is\n" +
        "complete; 1 with the reason on stderr when it cannot start (a backup already running, a\n" +
        "target that is not empty or not writable, no server) or fails.\n";

    public int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        var host = "127.0.0.1";
        var port = 6379;
        var timeoutSeconds = 3600;
        string? target = null;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--host" or "-h" && i + 1 < args.Count)
            {
                host = args[++i];
            }
            else if (arg is "--port" or "-p" && i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out port))
            {
                i++;
            }
            else if (arg == "--timeout" && i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out timeoutSeconds))
            {
                i++;
            }
            else if (!arg.StartsWith('-') && target is null)
            {
                target = arg;
            }
            else
            {
                console.Error.WriteLine($"basalt backup: unexpected argument '{arg}'");
                console.Error.Write(Usage);
                return 1;
            }
        }
        if (target is null)
        {
            console.Error.Write(Usage);
            return 1;
        }
        try
        {
            using var client = RespClient.Connect(host, port, TimeSpan.FromSeconds(10));
            var started = client.Call("BACKUP", target);
            if (started is RespError error)
            {
                console.Error.WriteLine($"basalt backup: {error.Message}");
                return 1;
            }
            // What the server started ("Backup started: AOF, 3 files, ... into DIR"), then the outcome.
            console.Out.WriteLine(Convert.ToString(started, CultureInfo.InvariantCulture));
            console.Out.Flush();
            return Follow(client, console, TimeSpan.FromSeconds(timeoutSeconds));
        }
        catch (Exception e) when (e is IOException or System.Net.Sockets.SocketException)
        {
            console.Error.WriteLine($"basalt backup: can't talk to {host}:{port}: {e.Message}");
            return 1;
        }
    }

    private static int Follow(RespClient client, ToolConsole console, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var drewProgress = false;
        while (true)
        {
            var status = ParseStatus(client.Call("BACKUP", "STATUS"));
            var state = status.GetValueOrDefault("state");
            if (state == "running")
            {
                // As ByteProgressBar: only a person watching, and only once it lasts.
                if (console.IsTerminal && clock.Elapsed > ShowProgressAfter)
                {
                    console.Error.Write($"\rBacking up: {Progress(status)}   ");
                    drewProgress = true;
                }
                if (clock.Elapsed > timeout)
                {
                    EndLine(console, drewProgress);
                    console.Error.WriteLine("basalt backup: still running after the timeout; check BACKUP STATUS later");
                    return 1;
                }
                Thread.Sleep(PollInterval);
                continue;
            }
            EndLine(console, drewProgress);
            if (state == "ok")
            {
                var bytes = Number(status, "bytes");
                console.Out.WriteLine($"Backup written to {status.GetValueOrDefault("dir")}: {bytes} bytes ({Human(bytes)}) in {clock.Elapsed.TotalSeconds:F1}s");
                return 0;
            }
            console.Error.WriteLine($"basalt backup: backup failed: {status.GetValueOrDefault("error")}");
            return 1;
        }
    }

    private static void EndLine(ToolConsole console, bool drewProgress)
    {
        if (drewProgress)
        {
            console.Error.WriteLine();
        }
    }

    /// <summary>A snapshot counts keys; an AOF copy counts bytes of a size known from the start.</summary>
    private static string Progress(Dictionary<string, string?> status)
    {
        var total = Number(status, "keys_total");
        var done = Number(status, "keys_processed");
        var bytes = Number(status, "bytes");
        var bytesTotal = Number(status, "bytes_total");
        if (total > 0)
        {
            return $"{done}/{total} keys ({100.0 * done / total:F0}%), {Human(bytes)}";
        }
        return bytesTotal > 0 ? $"{Human(bytes)} of {Human(bytesTotal)} ({100.0 * bytes / bytesTotal:F0}%)" : Human(bytes);
    }

    private static long Number(Dictionary<string, string?> status, string field) =>
        long.Parse(status.GetValueOrDefault(field) ?? "0", CultureInfo.InvariantCulture);

    private static string Human(long bytes) => bytes switch
    {
        >= 1L << 30 => $"{bytes / (double)(1L << 30):F2} GB",
        >= 1L << 20 => $"{bytes / (double)(1L << 20):F2} MB",
        >= 1L << 10 => $"{bytes / 1024.0:F2} KB",
        _ => $"{bytes} B",
    };

    private static Dictionary<string, string?> ParseStatus(object? reply)
    {
        if (reply is RespError error)
        {
            throw new IOException(error.Message);
        }
        var fields = new Dictionary<string, string?>();
        if (reply is object?[] items)
        {
            for (var i = 0; i + 1 < items.Length; i += 2)
            {
                fields[Convert.ToString(items[i], CultureInfo.InvariantCulture) ?? ""] = Convert.ToString(items[i + 1], CultureInfo.InvariantCulture);
            }
        }
        return fields;
    }
}
