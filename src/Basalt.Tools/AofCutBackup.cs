using Basalt.Persistence.Aof;

namespace Basalt.Tools;

/// <summary>
/// Basalt's addition to redis-check-aof's --fix and --truncate-to-timestamp: before a file is cut,
/// the bytes that go are saved next to it as <c>&lt;file&gt;.bak-&lt;unix time&gt;</c>, so that a cut
/// made by mistake can be undone with <c>cat file file.bak-T</c>. The copy is written under a temporary
/// name and renamed only when complete, so a failure leaves no partial backup.
/// </summary>
internal static class AofCutBackup
{
    /// <summary>Copies <paramref name="file"/> from <paramref name="offset"/> to its end; returns the backup's path.</summary>
    public static string Save(FileStream file, string path, long offset)
    {
        var backup = $"{path}.bak-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}";
        for (var n = 1; File.Exists(backup); n++)
        {
            backup = $"{path}.bak-{DateTimeOffset.UtcNow.ToUnixTimeSeconds()}-{n}";
        }
        var temp = backup + ".tmp";
        try
        {
            using (var output = new FileStream(temp, FileMode.Create, FileAccess.Write))
            {
                file.Position = offset;
                file.CopyTo(output);
                output.Flush(flushToDisk: true);
            }
            File.Move(temp, backup);
        }
        catch
        {
            File.Delete(temp);
            throw;
        }
        return backup;
    }

    /// <summary>"3 commands", "2 commands and an incomplete one", ... in the saved bytes.</summary>
    public static string CountCommands(string backup)
    {
        using var stream = File.OpenRead(backup);
        using var reader = new AofCommandReader(stream, 0);
        var args = new List<byte[]>();
        var complete = 0;
        while (true)
        {
            var status = reader.Next(args);
            if (status == AofReadStatus.Command)
            {
                complete++;
                continue;
            }
            var noun = complete == 1 ? "command" : "commands";
            return status switch
            {
                AofReadStatus.Truncated => $"{complete} complete {noun} and an incomplete one",
                AofReadStatus.FormatError => $"{complete} complete {noun}, then {stream.Length - reader.ValidUpTo} unparsable bytes",
                _ => $"{complete} {noun}",
            };
        }
    }
}
