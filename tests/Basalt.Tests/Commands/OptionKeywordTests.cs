using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>
/// Option keywords as Redis compares them (strcasecmp): an argument ends at its first NUL byte, so
/// "nx\0..." is NX, across the command families, compared with redis-server.
/// </summary>
public sealed class OptionKeywordTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    [Fact]
    public Task Options_ending_in_a_nul_byte_match_redis() => servers.RunAsync("nul-options", [
        Exact("SET", "k", "v", "nx\0"),
        Exact("SET", "k", "w", "NX\0junk"),
        Exact("SET", "k", "w", "xx\0", "get\0"),
        Exact("SET", "k", "w", "\0nx"),
        Exact("SET", "k", "w", "n\0x"),
        Exact("EXPIRE", "k", "100", "nx\0"),
        Exact("EXPIRE", "k", "200", "gt\0x"),
        Exact("TTL", "k"),
        Exact("ZADD", "z", "ch\0", "1", "a"),
        Exact("ZADD", "z", "CH\0", "2", "a"),
        Exact("ZADD", "z", "incr\0", "5", "a"),
        Exact("ZRANGE", "z", "0", "10", "byscore\0", "withscores\0"),
        Exact("RPUSH", "l", "a", "b", "a"),
        Exact("LPOS", "l", "a", "rank\0", "2"),
        Exact("LINSERT", "l", "before\0", "b", "x"),
        Exact("LRANGE", "l", "0", "-1"),
        Exact("SCAN", "0", "type\0", "list\0"),
        // (Not subcommand names: Redis finds "encoding\0" only when its hash, NUL included, happens to
        // fall in the bucket of "encoding" under the process's random seed.)
        Exact("PUBSUB", "channels", "a", "b\0"),
        Exact("CLIENT", "no-evict", "on\0"),
        Exact("CLIENT", "no-evict", "off"),
        Exact("GEOADD", "g", "xx\0", "ch\0", "13.36", "38.11", "p"),
        Exact("GEOADD", "g", "13.36", "38.11", "p"),
        Exact("GEODIST", "g", "p", "p", "km\0"),
        Exact("BITFIELD", "b", "overflow\0", "sat", "incrby", "u8", "0", "300"),
        Exact("XADD", "s", "nomkstream\0", "1-1", "f", "v"),
        Exact("XADD", "s", "maxlen\0", "1", "2-1", "f", "v"),
        Exact("XLEN", "s"),
    ], output);
}
