using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// How the settings shape a rewrite's BASE on basalt-server: aof-use-rdb-preamble read when each
/// rewrite starts (.base.aof vs .base.rdb), the "#TS:" line of aof-timestamp-enabled, and a RESP
/// BASE loading back into Basalt itself.
/// </summary>
public sealed class RespBaseSettingsTests
{
    private static readonly object[][] Data =
    [
        ["SET", "s", "text"], ["SET", "n", "42"], ["PEXPIREAT", "s", "4102444800000"],
        ["RPUSH", "l", .. Enumerable.Range(0, 70).Select(i => i.ToString(CultureInfo.InvariantCulture))],
        ["SADD", "set", "a", "b", "c"], ["ZADD", "z", "0.1", "a", "-inf", "b"], ["HSET", "h", "f", "v"],
        ["XADD", "x", "1-1", "f", "v"], ["XADD", "x", "1-2", "f", "w"], ["XGROUP", "CREATE", "x", "g", "0"],
        ["XREADGROUP", "GROUP", "g", "c", "COUNT", "1", "STREAMS", "x", ">"], ["XGROUP", "CREATECONSUMER", "x", "g", "idle"],
        ["SELECT", "2"], ["SET", "db2", "v"], ["SELECT", "0"],
    ];

    [Fact]
    public async Task PreambleSettingAtRewriteStart_ChoosesTheBaseFormat_AndBasaltReloadsARespBase()
    {
        using var scratch = new ScratchDirectory("respbase-settings");
        var options = new ServerStartOptions
        {
            Dir = scratch.Path,
            ExtraArgs = ["--appendonly", "yes", "--aof-timestamp-enabled", "yes", "--auto-aof-rewrite-percentage", "0"],
        };
        string digest;
        byte[] groups;
        await using (var server = await ServerProcess.StartAsync(ServerKind.Basalt, options))
        {
            await using var connection = await server.ConnectAsync();
            await Pipeline.RunAsync(connection, Data);
            digest = await RespBaseRewrite.DigestAsync(server);
            groups = (await connection.ExecuteAsync("XINFO", "GROUPS", "x")).Raw;

            await connection.ExecuteAsync("CONFIG", "SET", "aof-use-rdb-preamble", "no");
            var before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            await RespBaseRewrite.RewriteAsync(connection);
            var after = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
            Assert.Contains("file appendonly.aof.2.base.aof seq 2 type b\n", ManifestOf(server), StringComparison.Ordinal);
            var file = RespBaseRewrite.ReadBase(server);
            var match = Regex.Match(Encoding.Latin1.GetString(file), @"\A#TS:(\d+)\r\n\*2\r\n\$6\r\nSELECT\r\n");
            Assert.True(match.Success, RespFormat.Escape(file.AsSpan(0, Math.Min(60, file.Length))));
            Assert.InRange(long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), before, after);
            var (annotations, commands) = AofCommandFile.Parse(file);
            Assert.Single(annotations);
            Assert.Equal(2, commands.Count(c => c.Name == "SELECT"));

            await server.StopAsync();
        }

        await using (var restarted = await ServerProcess.StartAsync(ServerKind.Basalt, options))
        {
            Assert.Contains(restarted.LogLines, line => line.Contains("DB loaded from base file appendonly.aof.2.base.aof", StringComparison.Ordinal));
            Assert.Equal(digest, await RespBaseRewrite.DigestAsync(restarted));
            await using var connection = await restarted.ConnectAsync();
            var reloadedGroups = await connection.ExecuteAsync("XINFO", "GROUPS", "x");
            Assert.Equal(RespFormat.Escape(groups), reloadedGroups.RawText);

            // Back to the preamble: the next rewrite writes an RDB BASE.
            await connection.ExecuteAsync("CONFIG", "SET", "aof-use-rdb-preamble", "yes");
            await RespBaseRewrite.RewriteAsync(connection);
            Assert.Contains("file appendonly.aof.3.base.rdb seq 3 type b\n", ManifestOf(restarted), StringComparison.Ordinal);
            Assert.True(RespBaseRewrite.ReadBase(restarted).AsSpan().StartsWith("REDIS"u8));
        }
    }

    private static string ManifestOf(ServerProcess server) =>
        File.ReadAllText(Path.Combine(RespBaseRewrite.AofDirectory(server), "appendonly.aof.manifest"));
}
