using Basalt.Tests.Commands;
using Basalt.Tests.Infrastructure;
using Basalt.Tests.Interop;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// SAVE, BGSAVE [SCHEDULE] and LASTSAVE side by side with redis-server 7.0.15, and what INFO persistence says
/// about them. The hidden <c>rdb-key-save-delay</c> (microseconds per key) keeps a background save running.
/// </summary>
public sealed class SaveCommandTests
{
    private const string KeySaveDelay = "100000";

    // With 0.1 s per key, a save of this many keys runs for about two seconds: long enough to look at
    // it from outside even on a loaded machine.
    private const int KeysForASlowSave = 20;

    [Fact]
    public async Task Save_and_background_save_replies_match_redis()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await FillAsync(c, KeysForASlowSave);
        await c.SameAsync("SAVE");
        await c.CompareAsync(ReplyCheck.ClockSeconds, "LASTSAVE");
        await c.SameAsync("CONFIG", "SET", "rdb-key-save-delay", KeySaveDelay);
        await c.SameAsync("BGSAVE");
        await c.SameAsync("BGSAVE");
        await c.SameAsync("SAVE");
        await c.SameAsync("BGSAVE", "SCHEDULE");
        await c.SameAsync("bgsave", "schedule");
        await c.SameAsync("BGSAVE", "FOO");
        await c.SameAsync("BGSAVE", "SCHEDULE", "FOO");
        await c.SameAsync("SAVE", "FOO");
        await c.SameAsync("LASTSAVE", "FOO");
        Assert.Equal("1", await ServerInfo.FieldAsync(c.Redis, "rdb_bgsave_in_progress"));
        Assert.Equal("1", await ServerInfo.FieldAsync(c.Basalt, "rdb_bgsave_in_progress"));
        c.AssertNoMismatches();

        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Redis));
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Basalt));
        await c.SameAsync("CONFIG", "SET", "rdb-key-save-delay", "0");
        await c.SameAsync("BGSAVE", "SCHEDULE");
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Redis));
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Basalt));
        await c.SameAsync("SAVE");
        c.AssertNoMismatches();
        Assert.Equal(RespType.Integer, (await c.Basalt.ExecuteAsync("LASTSAVE")).Value.Type);
        await pair.Basalt.WaitForLogLineAsync(@"\* Background saving started by pid \d+$", TimeSpan.FromSeconds(5));
        await pair.Basalt.WaitForLogLineAsync(@"\* Background saving terminated with success$", TimeSpan.FromSeconds(5));
        await pair.Basalt.WaitForLogLineAsync(@"\* DB saved on disk$", TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Background_save_inside_exec_is_scheduled_and_then_runs()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await FillAsync(c, 3);
        await c.SameAsync("MULTI");
        await c.SameAsync("BGSAVE");
        await c.SameAsync("BGSAVE", "SCHEDULE");
        await c.SameAsync("EXEC");
        c.AssertNoMismatches();

        foreach (var (server, connection) in new[] { (pair.Redis, c.Redis), (pair.Basalt, c.Basalt) })
        {
            await Poll.UntilAsync(async () => await ServerInfo.IntegerFieldAsync(connection, "rdb_saves") == 1, TimeSpan.FromSeconds(10),
                () => $"{server}: the scheduled BGSAVE did not run");
            Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(connection));
            Assert.Equal(0, await ServerInfo.IntegerFieldAsync(connection, "rdb_changes_since_last_save"));
            Assert.True(File.Exists(Path.Combine(server.Dir, "dump.rdb")), $"{server} wrote no dump.rdb");
        }
    }

    [Fact]
    public async Task Info_persistence_has_redis_field_names_in_redis_order_idle_and_while_saving()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await AssertSameFieldNamesAsync(c);

        await FillAsync(c, KeysForASlowSave);
        await c.SameAsync("CONFIG", "SET", "rdb-key-save-delay", KeySaveDelay);
        await c.SameAsync("BGSAVE");
        c.AssertNoMismatches();
        await AssertSameFieldNamesAsync(c);
        Assert.Equal("1", await ServerInfo.FieldAsync(c.Basalt, "rdb_bgsave_in_progress"));
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Redis));
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Basalt));
        await AssertSameFieldNamesAsync(c);
    }

    [Fact]
    public async Task Info_persistence_counts_saves_and_changes_like_redis()
    {
        await using var pair = await ServerPair.StartAsync(connections: 1);
        await using var c = new Conversation(pair.RedisConnections[0], pair.BasaltConnections[0]);
        await AssertSameFieldsAsync(c, "rdb_changes_since_last_save", "rdb_saves", "rdb_last_bgsave_status", "rdb_bgsave_in_progress",
            "rdb_last_bgsave_time_sec", "rdb_current_bgsave_time_sec");

        await FillAsync(c, KeysForASlowSave);
        Assert.Equal(KeysForASlowSave, await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_changes_since_last_save"));
        await c.SameAsync("SAVE");
        await AssertSameFieldsAsync(c, "rdb_changes_since_last_save", "rdb_saves", "rdb_last_bgsave_status");
        Assert.Equal(0, await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_changes_since_last_save"));
        Assert.Equal((await c.Basalt.ExecuteAsync("LASTSAVE")).Text, await ServerInfo.FieldAsync(c.Basalt, "rdb_last_save_time"));

        // Two changes before the BGSAVE, three while it runs: only the first two are in the file.
        await FillAsync(c, 2, prefix: "before");
        await c.SameAsync("CONFIG", "SET", "rdb-key-save-delay", KeySaveDelay);
        await c.SameAsync("BGSAVE");
        await FillAsync(c, 3, prefix: "during");
        await AssertSameFieldsAsync(c, "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_saves");
        Assert.Equal(5, await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_changes_since_last_save"));
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Redis));
        Assert.Equal("ok", await ServerInfo.WaitForBackgroundSaveAsync(c.Basalt));
        await AssertSameFieldsAsync(c, "rdb_changes_since_last_save", "rdb_bgsave_in_progress", "rdb_saves", "rdb_last_bgsave_status",
            "rdb_current_bgsave_time_sec");
        Assert.Equal(3, await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_changes_since_last_save"));
        Assert.Equal(2, await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_saves"));
        Assert.True(await ServerInfo.IntegerFieldAsync(c.Basalt, "rdb_last_bgsave_time_sec") >= 0);
        c.AssertNoMismatches();

        await c.SameAsync("CONFIG", "RESETSTAT");
        await AssertSameFieldsAsync(c, "rdb_saves", "rdb_changes_since_last_save");
        c.AssertNoMismatches();
    }

    private static async Task FillAsync(Conversation c, int count, string prefix = "key")
    {
        for (var i = 0; i < count; i++)
        {
            await c.SameAsync("SET", $"{prefix}:{i}", $"value-{i}");
        }
    }

    private static async Task AssertSameFieldNamesAsync(Conversation c)
    {
        var redis = (await ServerInfo.SectionAsync(c.Redis, "persistence")).Select(f => f.Name);
        var basalt = (await ServerInfo.SectionAsync(c.Basalt, "persistence")).Select(f => f.Name);
        Assert.Equal(redis, basalt);
    }

    private static async Task AssertSameFieldsAsync(Conversation c, params string[] names)
    {
        var redis = (await ServerInfo.SectionAsync(c.Redis, "persistence")).ToDictionary(f => f.Name, f => f.Value);
        var basalt = (await ServerInfo.SectionAsync(c.Basalt, "persistence")).ToDictionary(f => f.Name, f => f.Value);
        Assert.Equal(names.Select(n => $"{n}:{redis[n]}"), names.Select(n => $"{n}:{basalt[n]}"));
    }
}
