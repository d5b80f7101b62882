using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// A full disk (a 1 MB tmpfs): the write that does not fit is never acknowledged (its connection closes without a
/// reply), later writes and PING get Redis's <c>-MISCONF Errors writing to the AOF file: No space left on device</c>,
/// INFO says <c>aof_last_write_status:err</c>, the server keeps serving reads; once space is freed the log says the
/// error looks solved, writes work again, and every acknowledged write is in the AOF after a restart.
/// </summary>
public sealed class AofDiskFullTests
{
    private const string Misconf = "-MISCONF Errors writing to the AOF file: No space left on device\r\n";

    [TmpfsTheory]
    [InlineData("everysec")]
    [InlineData("always")]
    public async Task FullDiskRefusesWritesUntilSpaceIsFreed(string appendfsync)
    {
        using var scratch = new ScratchDirectory("aof-diskfull");
        using var mount = SmallTmpfs.Mount(scratch.Path, "1m");
        var filler = Path.Combine(scratch.Path, "filler");
        var acknowledged = new List<string>();
        await using (var basalt = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path, "--appendfsync", appendfsync))
        {
            // Room to free later, so that recovery can be shown.
            await File.WriteAllBytesAsync(filler, new byte[512 * 1024]);
            var value = new string('v', 8 * 1024);
            var logFrom = basalt.LogLineCount;
            await using (var writer = await basalt.ConnectAsync())
            {
                for (var i = 0; ; i++)
                {
                    Assert.True(i < 200, "the 1 MB disk never filled up");
                    RespReply reply;
                    try
                    {
                        reply = await writer.ExecuteAsync("SET", $"big:{i}", value);
                    }
                    catch (RespConnectionClosedException)
                    {
                        // The batch whose bytes did not reach the file: closed without its reply.
                        break;
                    }
                    if (reply.IsError)
                    {
                        Assert.Equal(Misconf, System.Text.Encoding.Latin1.GetString(reply.Raw));
                        break;
                    }
                    acknowledged.Add($"big:{i}");
                }
            }
            Assert.NotEmpty(acknowledged);
            await basalt.WaitForLogLineAsync(@"# Error writing to the AOF file: No space left on device$", TimeSpan.FromSeconds(10), logFrom);

            await using var c = await basalt.ConnectAsync();
            Assert.Equal(Misconf, await AofFiles.RawAsync(c, "SET", "refused", "1"));
            Assert.Equal(Misconf, await AofFiles.RawAsync(c, "PING"));
            Assert.Equal(Misconf, await AofFiles.RawAsync(c, "INCR", "refused:counter"));
            Assert.Equal($"${value.Length}\r\n{value}\r\n", await AofFiles.RawAsync(c, "GET", acknowledged[0]));
            Assert.Equal("err", await ServerInfo.FieldAsync(c, "aof_last_write_status"));
            // What is in the INCR file, not the bytes that wait for room (as Redis counts it; the
            // BASE made at start for the empty dataset is not counted either).
            var files = Directory.EnumerateFiles(Path.Combine(scratch.Path, AofFiles.DirName), "*.incr.aof");
            Assert.Equal(files.Sum(p => new FileInfo(p).Length), await ServerInfo.IntegerFieldAsync(c, "aof_current_size"));
            Assert.False(basalt.HasExited);

            File.Delete(filler);
            await basalt.WaitForLogLineAsync(@"# AOF write error looks solved, Redis can write again\.$", TimeSpan.FromSeconds(10), logFrom);
            Assert.Equal("ok", await ServerInfo.FieldAsync(c, "aof_last_write_status"));
            Assert.Equal("+OK\r\n", await AofFiles.RawAsync(c, "SET", "after:recovery", "1"));
            acknowledged.Add("after:recovery");
            Assert.Equal("+PONG\r\n", await AofFiles.RawAsync(c, "PING"));
            await AofWorkload.ShutdownAsync(basalt, c);
        }

        await using var restarted = await AofFiles.StartWithAofAsync(ServerKind.Basalt, scratch.Path);
        await using var check = await restarted.ConnectAsync();
        Assert.Equal($":{acknowledged.Count}\r\n", await AofFiles.RawAsync(check, ["EXISTS", .. acknowledged]));
        Assert.Equal(":0\r\n", await AofFiles.RawAsync(check, "EXISTS", "refused", "refused:counter"));
    }
}
