using Basalt.Commands;
using Basalt.Commands.Docs;
using Basalt.Protocol;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>Command lines whose keys COMMAND GETKEYS must find as Redis does, for commands Basalt has or will have.</summary>
internal static class KeyFinderCases
{
    public static readonly string[][] Lines =
    [
        ["get", "k"], ["get", "k", "x"], ["set", "k", "v"], ["set", "k", "v", "get"], ["set", "k", "v", "GET", "ex", "10"], ["set", "k", "v", "xx"],
        ["getex", "k", "ex", "1"], ["getdel", "k"], ["mget", "a", "b", "c"], ["mset", "a", "1", "b", "2"], ["mset", "a", "1", "b"],
        ["msetnx", "a", "1", "b", "2"], ["del", "a", "b", "c"], ["exists", "a"], ["unlink", "a", "b"], ["touch", "a"],
        ["rename", "a", "b"], ["renamenx", "a", "b"], ["copy", "a", "b", "db", "1"], ["move", "a", "1"], ["type", "a"],
        ["expire", "a", "10"], ["pexpireat", "a", "10"], ["ttl", "a"], ["persist", "a"], ["object", "encoding", "k"], ["object", "help"],
        ["append", "k", "v"], ["setrange", "k", "1", "v"], ["getrange", "k", "0", "1"], ["incrbyfloat", "k", "1.5"], ["lcs", "a", "b", "len"],
        ["setbit", "k", "1", "1"], ["bitcount", "k"], ["bitpos", "k", "1"], ["bitop", "and", "d", "a", "b"], ["bitop", "not", "d", "a"],
        ["bitfield", "k", "get", "u8", "0"], ["bitfield", "k", "set", "u8", "0", "1"], ["bitfield", "k", "overflow", "sat", "incrby", "u8", "0", "1"],
        ["bitfield", "k", "bogus"], ["bitfield", "k"], ["bitfield_ro", "k", "get", "u8", "0"],
        ["eval", "return 1", "2", "a", "b", "x"], ["eval", "s", "0"], ["eval", "s", "-1", "a"], ["eval", "s", "3", "a", "b"], ["eval", "s", "x", "a"],
        ["evalsha", "x", "1", "k"], ["eval_ro", "s", "1", "k"], ["fcall", "f", "2", "a", "b", "c"], ["fcall_ro", "f", "0"],
        ["zunionstore", "d", "2", "a", "b", "weights", "1", "2"], ["zunionstore", "d", "0", "a"], ["zunionstore", "d", "5", "a"], ["zunion", "2", "a", "b"],
        ["zinter", "1", "a"], ["zdiff", "2", "a", "b"], ["zdiffstore", "d", "2", "a", "b"], ["zintercard", "2", "a", "b", "limit", "3"],
        ["sintercard", "2", "a", "b"], ["sintercard", "3", "a", "b"], ["sinterstore", "d", "a", "b"], ["smove", "a", "b", "m"],
        ["lmpop", "2", "a", "b", "left"], ["blmpop", "0", "2", "a", "b", "left", "count", "3"], ["zmpop", "1", "a", "min"], ["bzmpop", "1", "2", "a", "b", "max"],
        ["sort", "k"], ["sort", "k", "store", "d"], ["sort", "k", "by", "x", "get", "y", "store", "d", "limit", "0", "1", "store", "e"], ["sort", "k", "store"],
        ["sort_ro", "k", "by", "x"],
        ["migrate", "h", "p", "k", "0", "100"], ["migrate", "h", "p", "", "0", "100", "keys", "a", "b", "c"],
        ["migrate", "h", "p", "", "0", "100", "auth", "pw", "keys", "a", "b"], ["migrate", "h", "p", "k", "0", "100", "keys", "a"],
        ["migrate", "h", "p", "", "0", "100", "copy", "replace", "auth2", "u", "p", "keys", "a"],
        ["georadius", "k", "1", "2", "3", "m", "store", "d"], ["georadius", "k", "1", "2", "3", "m", "storedist", "d", "store", "e"],
        ["georadiusbymember", "k", "m", "3", "km", "store", "x"], ["georadius_ro", "k", "1", "2", "3", "m"],
        ["geosearchstore", "d", "s", "frommember", "m", "byradius", "1", "m"],
        ["xread", "streams", "a", "b", "1", "2"], ["xread", "count", "2", "block", "0", "streams", "a", "1"], ["xread", "streams", "a"],
        ["xread", "streams", "a", "b", "c"], ["xreadgroup", "group", "g", "c", "streams", "a", "b", "0", "0"],
        ["xreadgroup", "group", "g", "c", "count", "1", "noack", "streams", "a", ">"],
        ["lmove", "a", "b", "left", "right"], ["blpop", "a", "b", "0"], ["brpoplpush", "a", "b", "0"], ["rpoplpush", "a", "b"],
        ["pfcount", "a", "b"], ["pfmerge", "d", "a", "b"], ["xadd", "s", "*", "f", "v"], ["xgroup", "create", "s", "g", "$"],
        ["xinfo", "stream", "s"], ["memory", "usage", "k"], ["watch", "a", "b"], ["spublish", "ch", "m"], ["publish", "ch", "m"],
        ["ping", "x"], ["client", "list"], ["config", "get", "x"], ["hset", "h", "f", "v", "g", "w"], ["sadd", "s", "m"], ["zadd", "z", "1", "m"],
        ["restore", "k", "0", "payload"], ["dump", "k"], ["debug", "object", "k"], ["keys", "*"], ["scan", "0"],
    ];
}

/// <summary>
/// The key finder against Redis's COMMAND GETKEYS / GETKEYSANDFLAGS for every command Redis has,
/// whether or not Basalt registers it yet: the command's arity and flags are taken from Redis's
/// COMMAND INFO, the keys are found in-process from Basalt's command metadata.
/// </summary>
public sealed class CommandCommandKeyFinderTests : IAsyncLifetime
{
    private ServerProcess _redis = null!;
    private RespConnection _connection = null!;

    public async Task InitializeAsync()
    {
        _redis = await ServerProcess.StartAsync(ServerKind.Redis);
        _connection = await _redis.ConnectAsync();
    }

    public async Task DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }

    [Fact]
    public async Task Keys_and_flags_match_redis()
    {
        var mismatches = new List<string>();
        foreach (var line in KeyFinderCases.Lines)
        {
            var expected = await _connection.ExecuteAsync(["COMMAND", "GETKEYSANDFLAGS", .. line]);
            var spec = await SpecFromRedisAsync(line);
            var args = CommandArgs.FromStrings(["COMMAND", "GETKEYSANDFLAGS", .. line]);
            var keys = KeyFinder.Extract(spec, args, 2, out var error);
            string actual;
            if (keys is null)
            {
                actual = error!;
            }
            else
            {
                actual = string.Join(" | ", keys.Select(k => line[k.Position] + " " + string.Join(",", KeySpecFlagNames.NamesOf(k.Flags))));
            }
            var wanted = expected.IsError
                ? expected.Text!
                : string.Join(" | ", expected.Value.Items.Select(k => k[0].Text + " " + string.Join(",", k[1].Items.Select(f => f.Text))));
            if (wanted != actual)
            {
                mismatches.Add($"{string.Join(' ', line)}: redis '{wanted}' basalt '{actual}'");
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    // The command (or subcommand) the line names, with Redis's arity and flags.
    private async Task<CommandSpec?> SpecFromRedisAsync(string[] line)
    {
        var info = (await _connection.ExecuteAsync("COMMAND", "INFO", line[0])).Value[0];
        if (info.IsNull)
        {
            return null;
        }
        var spec = ToSpec(info);
        if (info[9].Count > 0 && line.Length > 1)
        {
            var subInfo = info[9].Items.FirstOrDefault(s => string.Equals(s[0].Text, $"{line[0]}|{line[1]}", StringComparison.OrdinalIgnoreCase));
            if (subInfo is null)
            {
                return null;
            }
            var sub = ToSpec(subInfo);
            spec.AddSubcommand(sub);
            return sub;
        }
        return spec;
    }

    private static CommandSpec ToSpec(RespValue info)
    {
        var name = info[0].Text!;
        var flags = info[2].Items.Any(f => f.Text == "no_mandatory_keys") ? CommandFlags.NoMandatoryKeys : CommandFlags.None;
        var bar = name.IndexOf('|', StringComparison.Ordinal);
        return new CommandSpec(bar < 0 ? name : name[(bar + 1)..], (int)info[1].Integer, flags,
            (int)info[3].Integer, (int)info[4].Integer, (int)info[5].Integer, "", "server", "", "", null);
    }
}
