using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>Keyspace commands (DEL, EXISTS, RENAME, COPY, MOVE, SELECT, KEYS, ...), side by side with redis-server.</summary>
public sealed class KeyInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Generated_key_commands_match_redis() =>
        SideBySide.RunAsync("keys", SideBySide.SeedFor(2001), g => g.Keys(SideBySide.Scaled(1200)), output);

    [Fact]
    public Task Keys_patterns_match_redis()
    {
        var commands = new List<GeneratedCommand>();
        commands.AddRange(Script.Of(["MSET", "hello", "1", "hallo", "1", "hxllo", "1", "hllo", "1", "heeeello", "1", "a*b", "1", "a?b", "1",
            "[x]", "1", "k\\", "1", "", "1", "h\nllo", "1"]));
        foreach (var p in new[] { "*", "h?llo", "h*llo", "h[ae]llo", "h[^e]llo", "h[a-b]llo", "a\\*b", "a\\?b", "\\[x\\]", "[", "k\\\\",
                     "*\\", "h[", "h[a-", "[]]", "?", "", "h*", "*o", "H*", "h[A-Z]llo", "h[z-a]llo", "h\\ello", "h[\\]]" })
        {
            commands.Add(Script.On(0, ReplyCheck.Unordered, "KEYS", p));
        }
        return SideBySide.RunAsync("keys-patterns", 0, _ => commands, output);
    }
}
