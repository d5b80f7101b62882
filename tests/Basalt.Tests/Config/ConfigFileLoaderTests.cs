using Basalt.Config;
using Xunit;

namespace Basalt.Tests.Config;

public sealed class ConfigFileLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basalt-config-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ServerConfig Load(string text)
    {
        var config = new ServerConfig(_dir);
        config.LoadFromString(text);
        return config;
    }

    private ConfigFileException LoadFails(string text) =>
        Assert.Throws<ConfigFileException>(() => new ServerConfig(_dir).LoadFromString(text));

    [Fact]
    public void ReadsDirectivesCommentsAndBlankLines()
    {
        var config = Load("""
            # a comment
              PORT 7000
            
            daemonize YES
               # indented comment
            requirepass "with space"
            bind 127.0.0.1 -::1
            maxmemory-policy allkeys-LRU
            port 7001
            """);
        Assert.Equal(7001, config.Port); // the last one wins
        Assert.True(config.Daemonize);
        Assert.Equal("with space", config.RequirePass);
        Assert.Equal(["127.0.0.1", "-::1"], config.Bind);
        Assert.Equal("allkeys-lru", config.Get("maxmemory-policy"));
    }

    [Theory]
    [InlineData("1", "1")]
    [InlineData("1b", "1")]
    [InlineData("1k", "1000")]
    [InlineData("1kb", "1024")]
    [InlineData("1K", "1000")]
    [InlineData("1KB", "1024")]
    [InlineData("2m", "2000000")]
    [InlineData("2mb", "2097152")]
    [InlineData("1G", "1000000000")]
    [InlineData("1gB", "1073741824")]
    [InlineData("\"\"", "0")] // no digits at all is 0 in Redis
    [InlineData("99999999999999999999", "18446744073709551615")] // saturates like strtoull
    public void MemoryUnits(string value, string expected)
    {
        Assert.Equal(expected, Load($"maxmemory {value}").Get("maxmemory"));
    }

    [Fact]
    public void PercentAndOctalValues()
    {
        var config = Load("maxmemory-clients 10%\nunixsocketperm 755");
        Assert.Equal("10%", config.Get("maxmemory-clients"));
        Assert.Equal(-10, config.MaxMemoryClients);
        Assert.Equal("755", config.Get("unixsocketperm"));
        Assert.Equal(Convert.ToInt32("755", 8), config.UnixSocketPerm);
    }

    [Fact]
    public void FirstSaveLineReplacesTheDefaultsAndLaterOnesAdd()
    {
        var config = Load("save 900 1\nsave 300 10\nsave 60 10000");
        Assert.Equal("900 1 300 10 60 10000", config.Get("save"));
    }

    [Fact]
    public void SaveEmptyDisablesSnapshots()
    {
        Assert.Empty(Load("save \"\"").SaveParams);
        Assert.Equal("", Load("save ''").Get("save"));
    }

    [Fact]
    public void MultiArgumentOptionGivenAsOneQuotedArgumentIsSplitAgain()
    {
        var config = Load("save \"100 1 200 2\"\nclient-output-buffer-limit \"pubsub 64mb 16mb 90\"");
        Assert.Equal("100 1 200 2", config.Get("save"));
        Assert.Equal("normal 0 0 0 slave 268435456 67108864 60 pubsub 67108864 16777216 90", config.Get("client-output-buffer-limit"));
    }

    [Fact]
    public void AliasesSetTheSameParameter()
    {
        var config = Load("slave-read-only no\nhash-max-ziplist-entries 7\nslaveof 10.0.0.1 6380");
        Assert.False(config.ReplicaReadOnly);
        Assert.Equal("no", config.Get("replica-read-only"));
        Assert.Equal(7, config.HashMaxListpackEntries);
        Assert.Equal("10.0.0.1 6380", config.Get("replicaof"));
        Assert.Equal("10.0.0.1", config.MasterHost);
    }

    [Fact]
    public void DeprecatedDirectivesAreIgnored()
    {
        Load("list-max-ziplist-entries 512\nlist-max-ziplist-value 64\nlua-replicate-commands yes");
    }

    [Fact]
    public void HzOutOfRangeIsClamped()
    {
        Assert.Equal(500, Load("hz 100000").Hz);
        Assert.Equal(1, Load("hz 0").Hz);
    }

    [Fact]
    public void RenameCommandAndUserDirectivesAreKept()
    {
        var config = Load("rename-command FLUSHALL \"\"\nrename-command get fetch\nrename-command FETCH obtain\nuser alice on >pw ~* +@all");
        Assert.Equal([("FLUSHALL", ""), ("get", "fetch"), ("FETCH", "obtain")], config.RenamedCommands);
        Assert.Equal(["alice", "on", ">pw", "~*", "+@all"], Assert.Single(config.UserDirectives));
    }

    [Theory]
    [InlineData("rename-command foocmd barcmd", "No such command in rename-command")]
    [InlineData("rename-command get set", "Target command name already exists")]
    [InlineData("rename-command flushall \"\"\nrename-command flushall x", "No such command in rename-command")]
    [InlineData("rename-command get fetch\nrename-command get again", "No such command in rename-command")]
    [InlineData("rename-command config|get x", "No such command in rename-command")]
    public void RenameCommandNeedsAnExistingCommandAndAFreeName(string text, string error)
    {
        var e = LoadFails(text);
        Assert.EndsWith($"\n{error}\n", e.FormatReport());
    }

    [Fact]
    public void IncludeIsRelativeToTheCurrentDirAndCanUseWildcards()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "conf.d"));
        File.WriteAllText(Path.Combine(_dir, "base.conf"), "port 7100\nhz 20\n");
        File.WriteAllText(Path.Combine(_dir, "conf.d", "b.conf"), "hz 40\n");
        File.WriteAllText(Path.Combine(_dir, "conf.d", "a.conf"), "hz 30\ndatabases 4\n");

        var config = Load("include base.conf\ninclude conf.d/*.conf\ninclude nothing-here/*.conf");
        Assert.Equal(7100, config.Port);
        Assert.Equal(40, config.Hz); // b.conf is read after a.conf
        Assert.Equal(4, config.Databases);
    }

    [Fact]
    public void AfterAnIncludeEachSaveLineReplacesTheSavePointsAsInRedis()
    {
        // Redis 7.0.15 gives "300 10" here: the include ends its "reading a config file" state.
        File.WriteAllText(Path.Combine(_dir, "inc.conf"), "hz 10\n");
        Assert.Equal("300 10", Load("include inc.conf\nsave 900 1\nsave 300 10").Get("save"));
    }

    [Fact]
    public void DirChangesWhereLaterRelativePathsPointTo()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "sub"));
        File.WriteAllText(Path.Combine(_dir, "sub", "inc.conf"), "port 7200\n");
        var config = Load("dir sub\ninclude inc.conf");
        Assert.Equal(Path.Combine(_dir, "sub"), config.Dir);
        Assert.Equal(7200, config.Port);
    }

    [Fact]
    public void ErrorInIncludedFileReportsThatFilesLine()
    {
        File.WriteAllText(Path.Combine(_dir, "bad.conf"), "# first\nport nope\n");
        var e = LoadFails("hz 10\n\ninclude bad.conf");
        Assert.Equal(2, e.LineNumber);
        Assert.Equal("port nope", e.Line);
    }

    [Fact]
    public void MissingIncludeIsUnreadable()
    {
        var e = LoadFails("include missing.conf");
        Assert.Equal("missing.conf", e.UnreadablePath);
        Assert.Equal("Fatal error, can't open config file 'missing.conf': No such file or directory", e.Reason);
    }

    // Reasons as printed by redis-server 7.0.15 for the same lines.
    [Theory]
    [InlineData("foo bar", "Bad directive or wrong number of arguments")]
    [InlineData("port", "wrong number of arguments")]
    [InlineData("port 1 2", "wrong number of arguments")]
    [InlineData("port abc", "argument couldn't be parsed into an integer")]
    [InlineData("port 65536", "argument must be between 0 and 65535 inclusive")]
    [InlineData("daemonize maybe", "argument must be 'yes' or 'no'")]
    [InlineData("maxmemory 1x", "argument must be a memory value")]
    [InlineData("maxmemory -1", "argument must be a memory value")]
    [InlineData("maxmemory-clients -5%", "argument must be a memory or percent value")]
    [InlineData("maxmemory-clients 200%", "percentage argument must be less or equal to 100")]
    [InlineData("unixsocketperm 999", "argument couldn't be parsed as an octal number")]
    [InlineData("unixsocketperm 1000", "argument must be between 0 and 777 inclusive")]
    [InlineData("databases 0", "argument must be between 1 and 2147483647 inclusive")]
    [InlineData("maxclients 0", "argument must be between 1 and 4294967295 inclusive")]
    [InlineData("tracking-table-max-keys -1", "argument must be between 0 and 9223372036854775807 inclusive")]
    [InlineData("loglevel foo", "argument(s) must be one of the following: debug, verbose, notice, warning")]
    [InlineData("save 1", "Invalid save parameters")]
    [InlineData("save 0 1", "Invalid save parameters")]
    [InlineData("save 10 x", "Invalid save parameters")]
    [InlineData("replicaof localhost", "wrong number of arguments")]
    [InlineData("replicaof localhost abc", "Invalid master port")]
    [InlineData("user", "Bad directive or wrong number of arguments")]
    [InlineData("dir /nonexistent-basalt-dir", "No such file or directory")]
    [InlineData("dbfilename a/b.rdb", "dbfilename can't be a path, just a filename")]
    [InlineData("appendfilename \"\"", "appendfilename can't be empty")]
    [InlineData("notify-keyspace-events KEq", "Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")]
    [InlineData("client-output-buffer-limit normal 1 2", "Wrong number of arguments in buffer limit configuration.")]
    [InlineData("client-output-buffer-limit master 1 2 3", "Invalid client class specified in buffer limit configuration.")]
    [InlineData("client-output-buffer-limit normal 1 2 -3", "Error in hard, soft or soft_seconds setting in buffer limit configuration.")]
    [InlineData("oom-score-adj-values 1 2", "wrong number of arguments")]
    [InlineData("oom-score-adj-values 1 2 3000", "Invalid oom-score-adj-values, elements must be between -2000 and 2000.")]
    [InlineData("shutdown-on-sigint save nosave", "shutdown options SAVE and NOSAVE can't be used simultaneously")]
    [InlineData("latency-tracking-info-percentiles 50 abc", "Invalid latency-tracking-info-percentiles parameters")]
    [InlineData("latency-tracking-info-percentiles 101", "latency-tracking-info-percentiles parameters should sit between [0.0,100.0]")]
    [InlineData("proc-title-template {foo}", "template format is invalid or contains unknown variables")]
    [InlineData("proc-title-template {title}", "template format is invalid or contains unknown variables")]
    [InlineData("cluster-announce-hostname a_b", "Hostnames may only contain alphanumeric characters, hyphens or dots")]
    [InlineData("  \"port 1", "Unbalanced quotes in configuration line")]
    public void BadLinesGiveRedisReasons(string line, string reason)
    {
        var e = LoadFails("# comment\n" + line + "\n");
        Assert.Equal(reason, e.Reason);
        Assert.Equal(2, e.LineNumber);
        Assert.Equal(line.Trim(), e.Line);
    }

    [Fact]
    public void ChecksAfterReadingHaveNoLine()
    {
        var e = LoadFails("replicaof localhost 1\ncluster-enabled yes");
        Assert.Null(e.LineNumber);
        Assert.Equal("\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\nreplicaof directive not allowed in cluster mode\n", e.FormatReport());

        e = LoadFails("logfile /nonexistent-basalt-dir/x.log");
        Assert.Equal("Can't open the log file: No such file or directory", e.Reason);
    }
}
