using System.Text;
using Basalt.Persistence.Aof;
using Basalt.Server.Propagation;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The AOF's open file: what it writes, once, and that everysec replies do not wait for the disk.</summary>
public sealed class AofLogTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    private static PropagatedCommand Set(string key, string value) =>
        new(0, [Encoding.ASCII.GetBytes("SET"), Encoding.ASCII.GetBytes(key), Encoding.ASCII.GetBytes(value)]);

    private static string Resp(string key, string value) => Encoding.ASCII.GetString(RespFormat.EncodeCommand("SET", key, value));

    [Fact]
    public void Everysec_writes_go_on_while_the_background_sync_runs()
    {
        using var scratch = new ScratchDirectory("aof-log");
        var path = Path.Combine(scratch.Path, "incr.aof");
        using var syncing = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var log = new AofLog(path, AofFsyncPolicy.EverySec, timestamps: false)
        {
            SelectedDb = 0,
            // Called by the sync before it calls fdatasync: hold the background sync here, as a slow disk would.
            SyncSuppressed = () =>
            {
                syncing.Set();
                release.Wait(Patience);
                return false;
            },
        };
        try
        {
            log.Append([Set("a", "1")], transaction: false);
            // The writer thread syncs once a second under everysec.
            Assert.True(syncing.Wait(Patience), "no background sync started");
            log.Append([Set("b", "2")], transaction: false);
            // A connection writes its batch and replies although the sync has not returned.
            Assert.True(log.TryWriteNow(log.AppendedOffset));
            Assert.Equal(Resp("a", "1") + Resp("b", "2"), ReadShared(path));
        }
        finally
        {
            release.Set();
            log.Dispose();
        }
        Assert.Null(log.LastWriteError);
        Assert.Equal(Resp("a", "1") + Resp("b", "2"), File.ReadAllText(path));
    }

    [Theory]
    [InlineData(AofFsyncPolicy.Always)]
    [InlineData(AofFsyncPolicy.EverySec)]
    [InlineData(AofFsyncPolicy.No)]
    public async Task Every_appended_command_is_written_once_in_order(AofFsyncPolicy policy)
    {
        using var scratch = new ScratchDirectory("aof-log");
        var path = Path.Combine(scratch.Path, "incr.aof");
        var expected = new StringBuilder();
        using (var log = new AofLog(path, policy, timestamps: false) { SelectedDb = 0 })
        {
            for (var i = 0; i < 200; i++)
            {
                log.Append([Set($"k{i}", $"{i}")], transaction: false);
                expected.Append(Resp($"k{i}", $"{i}"));
                var offset = log.AppendedOffset;
                switch (i % 3)
                {
                    case 0:
                        Assert.True(log.TryWriteNow(offset) || await log.WaitDurableAsync(offset).WaitAsync(Patience));
                        break;
                    case 1:
                        Assert.True(log.FlushAndSync());
                        break;
                }
            }
        }
        Assert.Equal(expected.ToString(), File.ReadAllText(path));
    }

    private static string ReadShared(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        return new StreamReader(stream).ReadToEnd();
    }
}
