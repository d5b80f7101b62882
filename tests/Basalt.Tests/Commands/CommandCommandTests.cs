using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Commands;

/// <summary>COMMAND and its subcommands against redis-server: every entry Basalt reports must be Redis's.</summary>
public sealed class CommandCommandTests(KeyspaceServerPair servers, ITestOutputHelper output) : IClassFixture<KeyspaceServerPair>
{
    private static GeneratedCommand Exact(params object[] args) => Script.On(0, ReplyCheck.Exact, args);

    private static GeneratedCommand Unordered(params object[] args) => Script.On(0, ReplyCheck.Unordered, args);

    private RespConnection Redis => servers.Pair.RedisConnections[1];

    private RespConnection Basalt => servers.Pair.BasaltConnections[1];

    // Basalt's own commands (BACKUP), which redis-server does not have: left out of the comparisons.
    private static readonly HashSet<string> BasaltOnlyCommands = ["backup"];

    private async Task<List<string>> BasaltCommandNamesAsync()
    {
        var list = await Basalt.ExecuteAsync("COMMAND", "LIST");
        return list.Value.Items.Select(i => i.Text!).ToList();
    }

    [Fact]
    public Task Errors_help_and_lookups_match_redis() => servers.RunAsync("command", [
        Exact("COMMAND", "HELP"),
        Exact("command", "help", "x"),
        Exact("COMMAND", "NOSUCH"),
        Exact("COMMAND", "COUNT", "x"),
        Exact("COMMAND", "INFO", "get", "set", "nosuch", "config|get", "CONFIG|GET", "config|get|x", "get|x", "config|nosuch", ""),
        Exact("COMMAND", "INFO", "slowlog|get", "latency|reset", "info", "command|docs"),
        Exact("COMMAND", "DOCS", "nosuch", "get|x"),
        Exact("COMMAND", "GETKEYS"),
        Exact("COMMAND", "GETKEYS", "get"),
        Exact("COMMAND", "GETKEYS", "get", "a"),
        Exact("COMMAND", "GETKEYS", "GET", "a", "b"),
        Exact("COMMAND", "GETKEYS", "nosuch", "a"),
        Exact("COMMAND", "GETKEYS", "config", "get"),
        Exact("COMMAND", "GETKEYS", "config", "nosuch"),
        Exact("COMMAND", "GETKEYS", "echo", "a"),
        Exact("COMMAND", "GETKEYS", "set", "a", "b"),
        Exact("COMMAND", "GETKEYS", "set", "a", "b", "get"),
        Exact("COMMAND", "GETKEYS", "mset", "a", "1", "b", "2"),
        Exact("COMMAND", "GETKEYS", "mset", "a", "1", "b"),
        Exact("COMMAND", "GETKEYS", "del", "a", "b", "c"),
        Exact("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET"),
        Exact("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "EX", "10"),
        Exact("COMMAND", "GETKEYSANDFLAGS", "getex", "a", "persist"),
        Exact("COMMAND", "GETKEYSANDFLAGS", "rename", "a", "b"),
        Exact("COMMAND", "GETKEYSANDFLAGS", "copy", "a", "b", "db", "1"),
        Exact("COMMAND", "LIST", "FILTERBY"),
        Exact("COMMAND", "LIST", "FILTERBY", "pattern"),
        Exact("COMMAND", "LIST", "FILTERBY", "pattern", "x", "y"),
        Exact("COMMAND", "LIST", "FILTERBY", "nosuch", "x"),
        Exact("COMMAND", "LIST", "FILTERBY", "module", "x"),
        Exact("COMMAND", "LIST", "FILTERBY", "aclcat", "nosuch"),
        // Redis lists subcommands in the order of a randomly seeded dictionary.
        Unordered("COMMAND", "LIST", "FILTERBY", "pattern", "config|*"),
        Exact("COMMAND", "LIST", "foo"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "3"),
        Exact("COMMAND", "INFO", "get", "config|set", "nosuch"),
        Exact("COMMAND", "GETKEYSANDFLAGS", "set", "a", "b", "GET"),
        Unordered("COMMAND", "LIST", "FILTERBY", "pattern", "slowlog*"),
        Script.On(0, ReplyCheck.Hello, "HELLO", "2"),
    ], output);

    [Fact]
    public async Task Command_info_of_every_command_matches_redis()
    {
        var mismatches = new List<string>();
        foreach (var name in (await BasaltCommandNamesAsync()).Where(n => !BasaltOnlyCommands.Contains(n)))
        {
            var redis = (await Redis.ExecuteAsync("COMMAND", "INFO", name)).Value[0];
            var basalt = (await Basalt.ExecuteAsync("COMMAND", "INFO", name)).Value[0];
            if (redis.IsNull)
            {
                mismatches.Add($"{name}: unknown to redis-server");
                continue;
            }
            // Fields 0-8 exactly; subcommands (dictionary order in Redis) by name, each compared on its own turn.
            for (var field = 0; field < 9; field++)
            {
                if (redis[field].ToString() != basalt[field].ToString())
                {
                    mismatches.Add($"{name} field {field}: redis {redis[field]} basalt {basalt[field]}");
                }
            }
            var redisSubs = redis[9].Items.Select(s => s[0].Text).ToHashSet();
            foreach (var sub in basalt[9].Items.Select(s => s[0].Text))
            {
                if (!redisSubs.Contains(sub))
                {
                    mismatches.Add($"{name}: subcommand {sub} unknown to redis-server");
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Command_docs_match_redis_but_for_the_prose()
    {
        var mismatches = new List<string>();
        foreach (var name in (await BasaltCommandNamesAsync()).Where(n => !BasaltOnlyCommands.Contains(n)))
        {
            var redis = (await Redis.ExecuteAsync("COMMAND", "DOCS", name)).Value.MapGet(name);
            var basalt = (await Basalt.ExecuteAsync("COMMAND", "DOCS", name)).Value.MapGet(name);
            Assert.NotNull(basalt);
            if (redis is null)
            {
                continue;
            }
            // Summaries are our own; complexity and history are prose Basalt does not carry.
            foreach (var field in new[] { "since", "group", "doc_flags", "deprecated_since", "replaced_by", "arguments" })
            {
                if (redis.MapGet(field)?.ToString() != basalt!.MapGet(field)?.ToString())
                {
                    mismatches.Add($"{name} {field}: redis {redis.MapGet(field)} basalt {basalt.MapGet(field)}");
                }
            }
            Assert.False(string.IsNullOrEmpty(basalt!.MapGet("summary")?.Text), $"{name} has no summary");
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Command_count_list_and_the_full_table_agree()
    {
        var count = (await Basalt.ExecuteAsync("COMMAND", "COUNT")).Value.Integer;
        var all = (await Basalt.ExecuteAsync("COMMAND")).Value;
        var docs = (await Basalt.ExecuteAsync("COMMAND", "DOCS")).Value;
        var infoAll = (await Basalt.ExecuteAsync("COMMAND", "INFO")).Value;
        var list = await BasaltCommandNamesAsync();
        Assert.Equal(count, all.Count);
        Assert.Equal(count, infoAll.Count);
        Assert.Equal(count * 2, docs.Count);
        var withSubcommands = all.Items.Sum(c => 1 + c[9].Count);
        Assert.Equal(withSubcommands, list.Count);
        Assert.Equal(list.Count, list.Distinct().Count());
        foreach (var name in new[] { "info", "config", "config|get", "config|set", "config|resetstat", "config|rewrite", "config|help",
                     "command", "command|docs", "command|getkeysandflags", "slowlog|get", "latency|histogram", "latency|doctor" })
        {
            Assert.Contains(name, list);
        }
    }

    [Fact]
    public async Task List_filters_select_what_redis_selects_among_our_commands()
    {
        var ours = (await BasaltCommandNamesAsync()).ToHashSet();
        var filters = new List<string[]>
        {
            new[] { "pattern", "*" }, new[] { "pattern", "c*" }, new[] { "pattern", "CONFIG|*" }, new[] { "pattern", "*|get" },
            new[] { "pattern", "[a-f]??" },
        };
        foreach (var category in new[] { "keyspace", "read", "write", "string", "bitmap", "admin", "fast", "slow", "dangerous",
                     "connection", "transaction", "FAST", "set", "scripting" })
        {
            filters.Add(["aclcat", category]);
        }
        foreach (var filter in filters)
        {
            object[] args = ["COMMAND", "LIST", "FILTERBY", filter[0], filter[1]];
            var redis = (await Redis.ExecuteAsync(args)).Value.Items.Select(i => i.Text!).Where(ours.Contains).OrderBy(n => n, StringComparer.Ordinal);
            var basalt = (await Basalt.ExecuteAsync(args)).Value.Items.Select(i => i.Text!).Where(n => !BasaltOnlyCommands.Contains(n)).OrderBy(n => n, StringComparer.Ordinal);
            Assert.Equal(string.Join(" ", redis), string.Join(" ", basalt));
        }
    }

    [Fact]
    public async Task Getkeys_matches_redis_for_every_command_we_have()
    {
        var ours = (await BasaltCommandNamesAsync()).ToHashSet();
        var mismatches = new List<string>();
        foreach (var line in KeyFinderCases.Lines)
        {
            if (!ours.Contains(line[0].ToLowerInvariant()))
            {
                continue;
            }
            foreach (var sub in new[] { "GETKEYS", "GETKEYSANDFLAGS" })
            {
                object[] args = ["COMMAND", sub, .. line];
                var redis = await Redis.ExecuteAsync(args);
                var basalt = await Basalt.ExecuteAsync(args);
                if (redis.RawText != basalt.RawText)
                {
                    mismatches.Add($"{string.Join(' ', args)}\n  redis  {redis.RawText}\n  basalt {basalt.RawText}");
                }
            }
        }
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
    }

    [Fact]
    public async Task Docs_for_all_commands_is_a_map_redis_cli_can_read()
    {
        // redis-cli builds its help and hints from this reply and asserts on its shape.
        var docs = (await Basalt.ExecuteAsync("COMMAND", "DOCS")).Value;
        for (var i = 0; i < docs.Count; i += 2)
        {
            Assert.Equal(RespType.BulkString, docs[i].Type);
            var entry = docs[i + 1];
            Assert.Equal(RespType.Array, entry.Type);
            Assert.NotNull(entry.MapGet("group"));
            if (entry.MapGet("arguments") is { } arguments)
            {
                AssertArguments(arguments);
            }
        }
        var text = Encoding.UTF8.GetString((await Basalt.ExecuteAsync("COMMAND", "DOCS", "set")).Raw);
        Assert.Contains("expiration", text, StringComparison.Ordinal);
    }

    private static void AssertArguments(RespValue arguments)
    {
        Assert.Equal(RespType.Array, arguments.Type);
        foreach (var argument in arguments.Items)
        {
            var type = argument.MapGet("type")?.Text;
            Assert.Contains(type, new[] { "string", "integer", "double", "key", "pattern", "unix-time", "pure-token", "oneof", "block" });
            Assert.NotNull(argument.MapGet("name"));
            if (type is "oneof" or "block")
            {
                AssertArguments(argument.MapGet("arguments")!);
            }
        }
    }
}
