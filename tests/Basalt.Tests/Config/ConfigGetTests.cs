using Basalt.Config;
using Xunit;

namespace Basalt.Tests.Config;

public class ConfigGetTests
{
    private static readonly ServerConfig Config = new("/tmp");

    [Fact]
    public void ExactNamesAreReportedAsTyped()
    {
        Assert.Equal([("PORT", "6379")], Config.GetMatching(["PORT"]));
        Assert.Equal([("port", "6379")], Config.GetMatching(["port", "PORT"]));
        Assert.Empty(Config.GetMatching(["nosuchparam"]));
    }

    [Fact]
    public void PatternsMatchNamesAndAliasesCaseInsensitively()
    {
        var names = Config.GetMatching(["*MAX-ZIPLIST*"]).Select(p => p.Name).Order().ToArray();
        Assert.Equal(["hash-max-ziplist-entries", "hash-max-ziplist-value", "list-max-ziplist-size", "zset-max-ziplist-entries", "zset-max-ziplist-value"], names);

        Assert.Equal(["replica-read-only", "slave-read-only"], Config.GetMatching(["*read-only"]).Select(p => p.Name).Order().ToArray());
        Assert.Equal(["maxmemory", "maxmemory-clients"], Config.GetMatching(["maxmemory", "maxmemory-[cx]*"]).Select(p => p.Name).ToArray());
        Assert.Equal(["hz", "port"], Config.GetMatching(["h?", "p?rt", "hz"]).Select(p => p.Name).ToArray());
    }

    [Fact]
    public void EveryParameterIsListedOnce()
    {
        var all = Config.GetMatching(["*", "port", "*"]);
        Assert.Equal(all.Count, all.Select(p => p.Name).Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }
}
