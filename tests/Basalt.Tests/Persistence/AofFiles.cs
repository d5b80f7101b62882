using System.Globalization;
using System.Text.RegularExpressions;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>Copies of the AOF fixtures, the state of an AOF directory, and servers started on one.</summary>
internal static partial class AofFiles
{
    public const string DirName = "appendonlydir";

    public static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Copies fixture folder <paramref name="fixture"/> (relative to fixtures/redis-7.0) into <paramref name="destination"/>, writable.</summary>
    public static string CopyFixture(string fixture, string destination)
    {
        CopyDirectory(Path.Combine(RdbFixtureFiles.Root, fixture), destination);
        return destination;
    }

    /// <summary>Copies a server's AOF directory (only) into <paramref name="destinationDir"/>/appendonlydir.</summary>
    public static string CopyAofDirectory(string serverDir, string destinationDir)
    {
        CopyDirectory(Path.Combine(serverDir, DirName), Path.Combine(destinationDir, DirName));
        return destinationDir;
    }

    public static void CopyDirectory(string source, string destination)
    {
        Directory.CreateDirectory(destination);
        foreach (var file in Directory.EnumerateFiles(source))
        {
            var target = Path.Combine(destination, Path.GetFileName(file));
            File.Copy(file, target, overwrite: true);
            File.SetAttributes(target, FileAttributes.Normal);
        }
        foreach (var dir in Directory.EnumerateDirectories(source))
        {
            CopyDirectory(dir, Path.Combine(destination, Path.GetFileName(dir)));
        }
    }

    public static string ManifestPath(string serverDir) => Path.Combine(serverDir, DirName, "appendonly.aof.manifest");

    public static string Manifest(string serverDir) => File.ReadAllText(ManifestPath(serverDir));

    public static string AofPath(string serverDir, string name) => Path.Combine(serverDir, DirName, name);

    /// <summary>The file names in the server's AOF directory, sorted.</summary>
    public static string[] Listing(string serverDir) =>
        Directory.EnumerateFileSystemEntries(Path.Combine(serverDir, DirName)).Select(p => Path.GetFileName(p)!).Order(StringComparer.Ordinal).ToArray();

    /// <summary>Starts a server with appendonly yes in <paramref name="dir"/> (a fresh temp dir when null).</summary>
    public static Task<ServerProcess> StartWithAofAsync(ServerKind kind, string? dir, params string[] extraArgs) =>
        ServerProcess.StartAsync(kind, new ServerStartOptions { Dir = dir, ExtraArgs = ["--appendonly", "yes", .. extraArgs] });

    /// <summary>Starts basalt-server with appendonly yes on <paramref name="dir"/> and waits for it to exit by itself.</summary>
    public static Task<ServerRunResult> RunToExitAsync(string dir, params string[] extraArgs) =>
        ServerProcess.RunToExitAsync(ServerKind.Basalt,
            ["--port", FreePorts.Next().ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", dir, "--save", "",
             "--appendonly", "yes", .. extraArgs],
            ExitTimeout, dir);

    public static async Task<string> DigestAsync(ServerProcess server)
    {
        await using var c = await server.ConnectAsync();
        var reply = await c.ExecuteAsync("DEBUG", "DIGEST");
        Assert.False(reply.IsError, reply.RawText);
        return reply.Text!;
    }

    /// <summary>Runs a command and returns its reply's bytes as text (Latin-1), CR LF included.</summary>
    public static async Task<string> RawAsync(RespConnection connection, params object[] args) =>
        System.Text.Encoding.Latin1.GetString((await connection.ExecuteAsync(args)).Raw);

    public static void AssertLogContains(ServerProcess server, IReadOnlyList<string> expected) => AssertLogContains(server.LogLines, expected);

    /// <summary>
    /// The log holds <paramref name="expected"/> in this order (other lines may come between), comparing
    /// <see cref="Normalized"/> lines.
    /// </summary>
    public static void AssertLogContains(IReadOnlyList<string> lines, IReadOnlyList<string> expected)
    {
        var actual = Normalized(lines);
        var at = 0;
        foreach (var line in expected)
        {
            var found = actual.IndexOf(line, at);
            Assert.True(found >= 0, $"log line \"{line}\" not found (in order) in:\n{string.Join('\n', actual)}");
            at = found + 1;
        }
    }

    /// <summary>Log lines without their prefix, with durations as "N seconds" and pids (of the rewrite "child") as N.</summary>
    public static List<string> Normalized(IEnumerable<string> lines) =>
        lines.Select(ServerLog.StripPrefix)
            .Select(line => Pid().Replace(Seconds().Replace(line, "N seconds"), "${name}N"))
            .ToList();

    [GeneratedRegex(@"(?<name>by pid |temp-rewriteaof-bg-)\d+")]
    private static partial Regex Pid();

    [GeneratedRegex(@"\d+\.\d{3} seconds")]
    private static partial Regex Seconds();
}
