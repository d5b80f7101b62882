using Basalt.Config;
using Xunit;

namespace Basalt.Tests.Config;

public sealed class CommandLineTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basalt-cmdline-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static (ServerConfig? Config, int ExitCode, string Stdout, string Stderr) Run(string[] args, string stdin = "")
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var config = ServerConfig.FromCommandLine(args, stdout, stderr, new StringReader(stdin), "1.0.0", out var exitCode);
        return (config, exitCode, stdout.ToString(), stderr.ToString());
    }

    [Theory]
    [InlineData(new[] { "--port", "7000" }, "port \"7000\" ")]
    [InlineData(new[] { "--port 7000" }, "port 7000 ")]
    [InlineData(new[] { "--save", "--port", "1" }, "save \"\"\nport \"1\" ")]
    [InlineData(new[] { "--port", "1", "--save" }, "port \"1\" \nsave \"\"")]
    [InlineData(new[] { "--replicaof", "127.0.0.1", "8888" }, "replicaof \"127.0.0.1\" \"8888\" ")]
    [InlineData(new[] { "--requirepass", "a \"b\"" }, "requirepass \"a \\\"b\\\"\" ")]
    [InlineData(new[] { "--save", "--sentinel", "--port", "1" }, "save \"\"\nsentinel \nport \"1\" ")]
    public void OptionsBecomeConfigLinesLikeRedis(string[] args, string options)
    {
        var parsed = CommandLineOptions.Parse(args);
        Assert.Null(parsed.ConfigFile);
        Assert.Equal(options, parsed.Options);
    }

    [Fact]
    public void FileThenStdinThenOptions()
    {
        var path = Path.Combine(_dir, "r.conf");
        File.WriteAllText(path, "port 7000\nhz 20\ndatabases 3\n");
        var (config, exitCode, stdout, _) = Run([path, "--hz", "30", "-"], stdin: "port 7001\nhz 25\n");
        Assert.Equal(0, exitCode);
        Assert.NotNull(config);
        Assert.Equal(7001, config.Port);
        Assert.Equal(30, config.Hz);
        Assert.Equal(3, config.Databases);
        Assert.Equal(path, config.ConfigFile);
        Assert.Contains(":C ", stdout);
        Assert.EndsWith("# Reading config from stdin" + Environment.NewLine, stdout);
    }

    // The exact stderr of redis-server 7.0.15 for the same command lines.
    [Fact]
    public void FatalReportForABadOptionMatchesRedis()
    {
        var (config, exitCode, _, stderr) = Run(["--port", "abc"]);
        Assert.Null(config);
        Assert.Equal(1, exitCode);
        Assert.Equal("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port \"abc\"'\nargument couldn't be parsed into an integer\n", stderr);

        (_, _, _, stderr) = Run(["--port"]);
        Assert.Equal("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'port'\nwrong number of arguments\n", stderr);
    }

    // Read and ignored, these would leave a replica's configuration a writable master, or a password unenforced.
    [Theory]
    [InlineData(new[] { "--replicaof", "127.0.0.1", "6380" }, "'replicaof 127.0.0.1 6380' is set, but Basalt does not support replication")]
    [InlineData(new[] { "--slaveof", "127.0.0.1", "6380" }, "'replicaof 127.0.0.1 6380' is set, but Basalt does not support replication")]
    [InlineData(new[] { "--cluster-enabled", "yes" }, "'cluster-enabled yes' is set, but Basalt does not support Redis Cluster")]
    [InlineData(new[] { "--tls-port", "6380" }, "'tls-port 6380' is set, but Basalt does not support TLS")]
    [InlineData(new[] { "--tls-replication", "yes" }, "'tls-replication yes' is set, but Basalt does not support TLS")]
    [InlineData(new[] { "--aclfile", "/etc/redis/users.acl" }, "'aclfile /etc/redis/users.acl' is set, but Basalt does not support ACL files")]
    [InlineData(new[] { "--user", "default", "on", ">secret", "~*", "+@all" }, "'user default on >secret ~* +@all': Basalt has only the default user")]
    [InlineData(new[] { "--user", "alice", "on", "nopass", "~*", "+@all" }, "'user alice on nopass ~* +@all': Basalt has only the default user")]
    public void SettingsOfMissingFeaturesStopStartUp(string[] args, string reason)
    {
        var (config, exitCode, stdout, _) = Run(args);
        Assert.Null(config);
        Assert.Equal(1, exitCode);
        Assert.Contains(" # " + reason, stdout);
        Assert.EndsWith(". Aborting." + Environment.NewLine, stdout);
    }

    [Fact]
    public void TheDefaultUserAsRedisWritesItIsAccepted()
    {
        var (config, exitCode, _, _) = Run(["--user", "default", "on", "nopass", "sanitize-payload", "~*", "&*", "+@all"]);
        Assert.Equal(0, exitCode);
        Assert.NotNull(config);
    }

    [Fact]
    public void SentinelModeStopsStartUp()
    {
        var (config, exitCode, _, stderr) = Run(["--sentinel"]);
        Assert.Null(config);
        Assert.Equal(1, exitCode);
        Assert.EndsWith(">>> 'sentinel'\nBasalt does not support Sentinel mode\n", stderr);
    }

    [Fact]
    public void FatalReportCountsLinesOfTheFile()
    {
        var path = Path.Combine(_dir, "a.conf");
        File.WriteAllText(path, "port 7000\nfoo bar\n");
        var (_, exitCode, _, stderr) = Run([path]);
        Assert.Equal(1, exitCode);
        Assert.Equal("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nReading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments\n", stderr);

        // Options come after the file's lines and one more (empty) line.
        var good = Path.Combine(_dir, "good.conf");
        File.WriteAllText(good, "port 7000\n");
        (_, _, _, stderr) = Run([good, "--hz", "x"]);
        Assert.Contains("at line 3\n>>> 'hz \"x\"'", stderr);
    }

    [Fact]
    public void UnreadableConfigFileIsLoggedOnStdout()
    {
        var (config, exitCode, stdout, stderr) = Run(["/nonexistent-basalt.conf"]);
        Assert.Null(config);
        Assert.Equal(1, exitCode);
        Assert.Equal("", stderr);
        Assert.Matches(@"^\d+:C \d\d [A-Z][a-z]{2} \d{4} \d\d:\d\d:\d\d\.\d{3} # Fatal error, can't open config file '/nonexistent-basalt.conf': No such file or directory\r?\n$", stdout);
    }

    [Fact]
    public void VersionAndHelp()
    {
        var (config, exitCode, stdout, _) = Run(["--version"]);
        Assert.Null(config);
        Assert.Equal(0, exitCode);
        Assert.StartsWith("Basalt server v=1.0.0 ", stdout);

        (config, exitCode, _, var stderr) = Run(["-h"]);
        Assert.Null(config);
        Assert.Equal(1, exitCode);
        Assert.StartsWith("Usage: ./basalt-server [/path/to/redis.conf] [options] [-]\n", stderr);
    }
}
