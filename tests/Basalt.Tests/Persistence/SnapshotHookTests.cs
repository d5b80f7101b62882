using System.Text;
using Basalt.Config;
using Basalt.Protocol;
using Basalt.Server;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The forkless snapshot's copy-on-write paths, in-process and deterministic: every change below is
/// made under the server lock right after BGSAVE started, before the walker could capture anything,
/// so each one goes through a writer hook (segment captured first, a captured entry written before
/// it changes, also after its segment split or under another name, large value copied, old table
/// kept after FLUSHDB, tables moved by SWAPDB). The file must still hold the keyspace of the start.
/// </summary>
public sealed class SnapshotHookTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basalt-snapshot-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Runs a command without processCommand's checks (DEBUG is protected), as the AOF loader does.</summary>
    private static string Run(InternalClient client, params string[] args)
    {
        Assert.True(client.ExecuteLoaded(CommandArgs.FromStrings(args)));
        return Encoding.ASCII.GetString(client.LastReply.Span);
    }

    private static string Digest(BasaltServer server)
    {
        using var client = new InternalClient(server);
        lock (server.Sync)
        {
            return Run(client, "DEBUG", "DIGEST");
        }
    }

    /// <summary>DEBUG DIGEST of a fresh server that loaded the file the save wrote.</summary>
    private string DigestOfSavedFile()
    {
        var reloaded = NewServer();
        lock (reloaded.Sync)
        {
            Assert.True(reloaded.Rdb.Reload(merge: false));
        }
        return Digest(reloaded);
    }

    private BasaltServer NewServer() => new(new ServerConfig(_dir), new Basalt.Server.ServerLog(TextWriter.Null));

    [Fact]
    public void Changes_made_while_a_background_save_runs_are_not_in_the_file()
    {
        var server = NewServer();
        using var client = new InternalClient(server);
        string before;
        lock (server.Sync)
        {
            for (var i = 0; i < 3000; i++)
            {
                Run(client, "SET", $"k:{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            for (var chunk = 0; chunk < 10; chunk++)
            {
                var push = new List<string> { "RPUSH", "biglist" };
                push.AddRange(Enumerable.Range(chunk * 1000, 1000).Select(n => $"e{n}"));
                Run(client, [.. push]);
            }
            var hset = new List<string> { "HSET", "bighash" };
            for (var f = 0; f < 5000; f++)
            {
                hset.AddRange([$"f{f}", $"v{f}"]);
            }
            Run(client, [.. hset]);
            Run(client, "SET", "bigstring", new string('s', 100_000));
            Run(client, "SET", "bigstring2", new string('t', 100_000));
            for (var i = 0; i < 500; i++)
            {
                Run(client, "SET", $"s:{i}", $"before-{i:D14}");
                Run(client, "SET", $"r:{i}", $"renamed-later-{i}");
                Run(client, "SET", $"m:{i}", $"moved-later-{i}");
                Run(client, "SET", $"e:{i}", $"expiry-changed-{i}", "EX", "100000");
                Run(client, "SET", $"p:{i}", $"persisted-{i}", "EX", "100000");
            }
            Run(client, "SELECT", "1");
            Run(client, "SET", "in-db-1", "x");
            Run(client, "SELECT", "2");
            Run(client, "SET", "in-db-2", "y");
            Run(client, "SELECT", "0");
            before = Run(client, "DEBUG", "DIGEST");

            Assert.True(server.Rdb.StartBackgroundSave());

            // Still under the same lock: the walker has not captured a single segment yet. New keys
            // first, so that segments captured by the writes below split and their entries move.
            for (var i = 0; i < 20_000; i++)
            {
                Run(client, "SET", $"new:{i}", "x");
            }
            for (var i = 0; i < 3000; i++)
            {
                Run(client, "INCR", $"k:{i}");
            }
            // Entries captured but not written yet: changed in place under a new name or database,
            // their expiry changed or removed.
            for (var i = 0; i < 500; i++)
            {
                Run(client, "RENAME", $"r:{i}", $"rr:{i}");
                Run(client, "APPEND", $"rr:{i}", "-changed");
                Run(client, "MOVE", $"m:{i}", "4");
                Run(client, "EXPIRE", $"e:{i}", "5000");
                Run(client, "PERSIST", $"p:{i}");
            }
            Run(client, "SELECT", "4");
            for (var i = 0; i < 500; i++)
            {
                Run(client, "APPEND", $"m:{i}", "-changed");
            }
            Run(client, "SELECT", "0");
            Run(client, "LSET", "biglist", "0", "changed");
            Run(client, "RPUSH", "biglist", "appended");
            Run(client, "HSET", "bighash", "f0", "changed");
            Run(client, "APPEND", "bigstring", "more");
            // SET over a string of the same size reuses its buffer: the hooks must run first.
            Run(client, "SET", "bigstring2", new string('u', 100_000));
            for (var i = 0; i < 500; i++)
            {
                Run(client, "SET", $"s:{i}", $"after--{i:D14}");
            }
            Run(client, "RENAME", "biglist", "renamed");
            Run(client, "LPUSH", "renamed", "after-rename");
            Run(client, "DEL", "k:5");
            Run(client, "SET", "marker", "after-bgsave");
            Run(client, "SELECT", "1");
            Run(client, "FLUSHDB");
            Run(client, "SET", "in-db-1", "after-flush");
            Run(client, "SWAPDB", "2", "3");
            Run(client, "SELECT", "3");
            Run(client, "SET", "in-db-2", "changed-after-swap");
            Assert.NotEqual(before, Run(client, "DEBUG", "DIGEST"));
        }

        WaitForSave(server);
        // The large values were copied for the snapshot, not serialized by the writers.
        Assert.True(server.Persistence.RdbLastCowSize > 200_000, $"cow size {server.Persistence.RdbLastCowSize}");

        Assert.Equal(before, DigestOfSavedFile());
    }

    [Fact]
    public void Writers_that_capture_thousands_of_segments_at_once_change_nothing_in_the_file()
    {
        // 150,000 keys are some 3,500 segments: the captures' slots come from several slabs, and the
        // pieces of the first captures written go back for reuse while others are still taken.
        var server = NewServer();
        using var client = new InternalClient(server);
        string before;
        lock (server.Sync)
        {
            for (var i = 0; i < 150_000; i++)
            {
                Run(client, "SET", $"n:{i}", i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            before = Run(client, "DEBUG", "DIGEST");
            Assert.True(server.Rdb.StartBackgroundSave());
            // Before the walker captured anything: every segment is captured by a writer.
            for (var i = 0; i < 150_000; i += 2)
            {
                Run(client, "INCR", $"n:{i}");
            }
        }
        for (var i = 1; i < 150_000; i += 2)
        {
            lock (server.Sync)
            {
                Run(client, "INCRBY", $"n:{i}", "10");
            }
        }
        WaitForSave(server);

        Assert.Equal(before, DigestOfSavedFile());
    }

    private static void WaitForSave(BasaltServer server)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            lock (server.Sync)
            {
                if (!server.Persistence.RdbBgsaveInProgress)
                {
                    break;
                }
            }
            Assert.True(DateTime.UtcNow < deadline, "the background save did not finish");
            Thread.Sleep(10);
        }
        Assert.True(server.Persistence.LastBgsaveOk);
    }
}
