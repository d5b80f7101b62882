using System.Text.Json;
using Basalt.Tests.Persistence;
using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary><c>basalt aof</c>: an AOF printed as readable commands with times and databases, or as JSON.</summary>
public sealed class AofInspectCommandTests : IDisposable
{
    private readonly string _work = Directory.CreateTempSubdirectory("basalt-aof-inspect-").FullName;

    public void Dispose() => Directory.Delete(_work, recursive: true);

    [Fact]
    public void A_manifest_is_printed_file_by_file_with_times()
    {
        var (code, output, _) = Run("aof", Fixture("aof-timestamps/appendonlydir/appendonly.aof.manifest"));
        Assert.Equal(0, code);
        Assert.Equal(
            """
            == appendonly.aof.1.base.rdb (base, 89 bytes) ==
            RDB part: 89 bytes, no keys
            == appendonly.aof.1.incr.aof (incr, 168 bytes) ==
            @ 2026-11-21 07:00:15 UTC (#TS:1795244415)
            16       db0   SELECT 0
            39       db0   SET k1 first
            @ 2026-11-21 07:00:16 UTC (#TS:1795244416)
            87       db0   SET k2 second
            @ 2026-11-21 07:00:17 UTC (#TS:1795244417)
            136      db0   SET k3 third

            """, output);
    }

    [Fact]
    public void Databases_follow_select_and_odd_arguments_are_quoted()
    {
        var path = Path.Combine(_work, "appendonly.aof");
        File.WriteAllText(path, "*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*3\r\n$3\r\nSET\r\n$3\r\na b\r\n$0\r\n\r\n");
        var (code, output, _) = Run("aof", path);
        Assert.Equal(0, code);
        Assert.Equal($"== {path} (single, 51 bytes) ==\n0        db3   SELECT 3\n23       db3   SET \"a b\" \"\"\n", output);
    }

    [Fact]
    public void Json_lists_records_with_offsets_databases_and_timestamps()
    {
        var (code, output, _) = Run("aof", Fixture("aof-timestamps/appendonlydir/appendonly.aof.manifest"), "--json");
        Assert.Equal(0, code);
        using var document = JsonDocument.Parse(output);
        var files = document.RootElement.GetProperty("files");
        Assert.Equal(2, files.GetArrayLength());
        Assert.Equal(0, files[0].GetProperty("rdb").GetProperty("keys").GetInt32());
        var records = files[1].GetProperty("records");
        Assert.Equal(1795244415, records[0].GetProperty("timestamp").GetInt64());
        Assert.Equal("2026-11-21T07:00:15Z", records[0].GetProperty("time").GetString());
        var set = records[2];
        Assert.Equal(39, set.GetProperty("offset").GetInt32());
        Assert.Equal(0, set.GetProperty("db").GetInt32());
        Assert.Equal(1795244415, set.GetProperty("timestamp").GetInt64());
        Assert.Equal(["SET", "k1", "first"], set.GetProperty("args").EnumerateArray().Select(a => a.GetString()!).ToArray());
    }

    [Fact]
    public void A_truncated_file_prints_what_it_can_then_the_problem_and_fails()
    {
        var (code, output, _) = Run("aof", Fixture("corrupt/aof-truncated-incr/appendonlydir/appendonly.aof.manifest"));
        Assert.Equal(1, code);
        Assert.Contains("811      db3   SELECT 3\n", output);
        Assert.EndsWith("!! at offset 834: the file ends inside a command (truncated)\n", output);
        var (jsonCode, json, _) = Run("aof", "--json", Fixture("corrupt/aof-bad-format/appendonlydir/appendonly.aof.manifest"));
        Assert.Equal(1, jsonCode);
        using var document = JsonDocument.Parse(json);
        Assert.Equal(480, document.RootElement.GetProperty("files")[1].GetProperty("error").GetProperty("offset").GetInt32());
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        var missing = Path.Combine(_work, "nope.aof");
        var (code, output, error) = Run("aof", missing);
        Assert.Equal((1, ""), (code, output));
        Assert.Equal($"basalt aof: cannot read {missing}: No such file or directory\n", error);
    }

    private static string Fixture(string relative) => Path.Combine(RdbFixtureFiles.Root, relative);

    private static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(""), output, error, isTerminal: false));
        return (code, output.ToString(), error.ToString());
    }
}
