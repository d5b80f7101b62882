using Basalt.Config;
using Xunit;

namespace Basalt.Tests.Config;

// Error texts are those redis-server 7.0.15 replies for the same CONFIG SET commands.
public class ConfigSetTests
{
    private static ServerConfig NewConfig() => new(Path.GetTempPath());

    private static string SetFails(ServerConfig config, params (string, string)[] pairs)
    {
        Assert.False(config.TrySet(pairs, out var error));
        return error;
    }

    [Fact]
    public void SetsSeveralParametersAtOnce()
    {
        var config = NewConfig();
        Assert.True(config.TrySet([("maxmemory", "10mb"), ("maxmemory-policy", "allkeys-lru"), ("save", "10 2 20 3")], out _));
        Assert.Equal(10L * 1024 * 1024, config.MaxMemory);
        Assert.Equal("allkeys-lru", config.MaxMemoryPolicy);
        Assert.Equal("10 2 20 3", config.Get("save"));
    }

    [Theory]
    [InlineData("save", "1", "ERR CONFIG SET failed (possibly related to argument 'save') - Invalid save parameters")]
    [InlineData("foo", "bar", "ERR Unknown option or number of arguments for CONFIG SET - 'foo'")]
    [InlineData("daemonize", "yes", "ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config")]
    [InlineData("DAEMONIZE", "yes", "ERR CONFIG SET failed (possibly related to argument 'DAEMONIZE') - can't set immutable config")]
    [InlineData("dir", "/tmp", "ERR CONFIG SET failed (possibly related to argument 'dir') - can't set protected config")]
    [InlineData("dbfilename", "x.rdb", "ERR CONFIG SET failed (possibly related to argument 'dbfilename') - can't set protected config")]
    [InlineData("HZ", "abc", "ERR CONFIG SET failed (possibly related to argument 'hz') - argument couldn't be parsed into an integer")]
    [InlineData("SLAVE-read-only", "maybe", "ERR CONFIG SET failed (possibly related to argument 'slave-read-only') - argument must be 'yes' or 'no'")]
    [InlineData("maxmemory-clients", "-5%", "ERR CONFIG SET failed (possibly related to argument 'maxmemory-clients') - argument must be a memory or percent value")]
    [InlineData("appendfsync", "foo", "ERR CONFIG SET failed (possibly related to argument 'appendfsync') - argument(s) must be one of the following: everysec, always, no")]
    [InlineData("activedefrag", "yes", "ERR CONFIG SET failed (possibly related to argument 'activedefrag') - Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution")]
    [InlineData("slowlog-log-slower-than", "-2", "ERR CONFIG SET failed (possibly related to argument 'slowlog-log-slower-than') - argument must be between -1 and 9223372036854775807 inclusive")]
    [InlineData("proto-max-bulk-len", "100", "ERR CONFIG SET failed (possibly related to argument 'proto-max-bulk-len') - argument must be between 1048576 and 9223372036854775807 inclusive")]
    public void ErrorsMatchRedis(string name, string value, string expected)
    {
        Assert.Equal(expected, SetFails(NewConfig(), (name, value)));
    }

    [Fact]
    public void FirstProblemIsReported()
    {
        var config = NewConfig();
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'maxmemory') - duplicate parameter",
            SetFails(config, ("maxmemory", "10mb"), ("hz", "20"), ("maxmemory", "5")));
        Assert.Equal("ERR Unknown option or number of arguments for CONFIG SET - 'foo'",
            SetFails(config, ("hz", "20"), ("foo", "1"), ("daemonize", "yes")));
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'daemonize') - can't set immutable config",
            SetFails(config, ("hz", "20"), ("daemonize", "yes"), ("foo", "1")));
        Assert.Equal(10, config.Hz);
    }

    [Fact]
    public void AliasAndNameInOneCallAreNotDuplicates()
    {
        // Redis registers an alias as a separate entry, so this is accepted and the last one wins.
        var config = NewConfig();
        Assert.True(config.TrySet([("slave-read-only", "yes"), ("replica-read-only", "no")], out _));
        Assert.False(config.ReplicaReadOnly);
    }

    [Fact]
    public void FailureRollsBackEveryValue()
    {
        var config = NewConfig();
        var changed = new List<string>();
        config.Changed += changed.Add;
        var error = SetFails(config, ("maxmemory", "1gb"), ("save", "100 1"), ("latency-tracking-info-percentiles", "50 abc"), ("hz", "20"));
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'latency-tracking-info-percentiles') - Invalid latency-tracking-info-percentiles parameters", error);
        Assert.Equal("0", config.Get("maxmemory"));
        Assert.Equal("3600 1 300 100 60 10000", config.Get("save"));
        Assert.Equal("50 99 99.9", config.Get("latency-tracking-info-percentiles"));
        Assert.Empty(changed);
    }

    [Fact]
    public void FailedApplyRollsBackAndReappliesOldValues()
    {
        var config = NewConfig();
        var applied = new List<string>();
        config.Apply = name =>
        {
            applied.Add(name + "=" + config.Get(name));
            return name == "port" && config.Port == 1 ? "Unable to listen on this port. Check server logs." : null;
        };
        var error = SetFails(config, ("maxclients", "50"), ("port", "1"));
        Assert.Equal("ERR CONFIG SET failed (possibly related to argument 'port') - Unable to listen on this port. Check server logs.", error);
        Assert.Equal(6379, config.Port);
        Assert.Equal(10000, config.MaxClients);
        Assert.Equal(["maxclients=50", "port=1", "maxclients=10000", "port=6379"], applied);
    }

    [Fact]
    public void ChangedIsRaisedOncePerChangedParameterWithItsPrimaryName()
    {
        var config = NewConfig();
        var changed = new List<string>();
        config.Changed += changed.Add;
        Assert.True(config.TrySet([("hz", "10"), ("slave-read-only", "no"), ("maxmemory", "1mb")], out _));
        Assert.Equal(["replica-read-only", "maxmemory"], changed); // hz kept its value
    }

    [Fact]
    public void HzIsClampedWhenApplied()
    {
        var config = NewConfig();
        Assert.True(config.TrySet("hz", "600", out _));
        Assert.Equal("500", config.Get("hz"));
        Assert.True(config.TrySet("hz", "0", out _));
        Assert.Equal(1, config.Hz);
    }

    [Fact]
    public void MultiArgumentValuesAreSplitOnSpaces()
    {
        var config = NewConfig();
        Assert.True(config.TrySet("save", "", out _));
        Assert.Empty(config.SaveParams);
        Assert.True(config.TrySet("client-output-buffer-limit", "normal 1mb 2k 3", out _));
        Assert.Equal("normal 1048576 2000 3 slave 268435456 67108864 60 pubsub 33554432 8388608 60", config.Get("client-output-buffer-limit"));
        Assert.True(config.TrySet("shutdown-on-sigint", "now nosave force", out _));
        Assert.Equal("nosave now force", config.Get("shutdown-on-sigint"));
        Assert.True(config.TrySet("bind", "", out _));
        Assert.Empty(config.Bind);
        Assert.True(config.TrySet("latency-tracking-info-percentiles", "0.0001 99.99999 100", out _));
        Assert.Equal("0.0001 99.99999 100", config.Get("latency-tracking-info-percentiles"));
    }

    [Fact]
    public void ValuesArePrintedBackInRedisCanonicalForm()
    {
        var config = NewConfig();
        Assert.True(config.TrySet([("notify-keyspace-events", "KEA"), ("oom-score-adj", "relative"), ("hash-max-ziplist-value", "1kb"), ("maxmemory", "18446744073709551615")], out _));
        Assert.Equal("AKE", config.Get("notify-keyspace-events"));
        Assert.Equal("yes", config.Get("oom-score-adj")); // first name with that value
        Assert.Equal("1024", config.Get("hash-max-listpack-value"));
        Assert.Equal("18446744073709551615", config.Get("maxmemory"));
    }

    [Fact]
    public void ProtectedConfigsFollowEnableProtectedConfigs()
    {
        var config = NewConfig();
        config.LoadFromString("enable-protected-configs local");
        Assert.False(config.TrySet([("dbfilename", "x.rdb")], out _, isLocalClient: false));
        Assert.True(config.TrySet([("dbfilename", "x.rdb")], out _, isLocalClient: true));
        Assert.Equal("x.rdb", config.DbFilename);
        Assert.True(config.TrySet([("dir", "/")], out _, isLocalClient: true));
        Assert.Equal("/", config.Dir);
    }

    [Fact]
    public void DenyLoadingParametersAreRefusedWhileLoading()
    {
        var config = NewConfig();
        Assert.False(config.TrySet([("appendonly", "yes")], out var error, loading: true));
        Assert.Equal("LOADING Redis is loading the dataset in memory", error);
        Assert.True(config.TrySet([("hz", "20")], out _, loading: true));
    }

    [Fact]
    public void SensitiveParameters()
    {
        var config = NewConfig();
        Assert.True(config.IsSensitive("requirepass"));
        Assert.True(config.IsSensitive("MASTERAUTH"));
        Assert.False(config.IsSensitive("port"));
    }
}
