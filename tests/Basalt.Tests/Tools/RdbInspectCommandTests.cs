using System.Text;
using System.Text.Json.Nodes;
using Basalt.Persistence.Rdb;
using Basalt.Tests.Persistence;
using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// <c>basalt rdb</c>: every key of the fixtures with the type, encoding and expire time real Redis gave
/// it after loading (expected.json), element counts, sizes in the file, AUX fields, functions; the text
/// table; corrupt, binary and missing files.
/// </summary>
public sealed class RdbInspectCommandTests
{
    public static TheoryData<string> IntactFixtures()
    {
        var data = new TheoryData<string>();
        foreach (var path in RdbFixtureFiles.IntactRdbFiles().Where(p => File.Exists(Path.Combine(Path.GetDirectoryName(p)!, "expected.json"))))
        {
            data.Add(Path.GetRelativePath(RdbFixtureFiles.Root, path));
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(IntactFixtures))]
    public void Json_lists_every_key_as_redis_loaded_it(string relativePath)
    {
        var path = Path.Combine(RdbFixtureFiles.Root, relativePath);
        var expected = JsonNode.Parse(File.ReadAllText(Path.Combine(Path.GetDirectoryName(path)!, "expected.json")))!;
        var (code, output, error) = Run("rdb", path, "--json");
        Assert.True(code == 0, error);
        var document = JsonNode.Parse(output)!;
        var listed = document["keys"]!.AsArray().ToDictionary(k => $"{(int)k!["db"]!}/{(string)k["key"]!}", k => k!);

        var expectedCount = 0;
        foreach (var (db, keys) in expected["databases"]!.AsObject())
        {
            foreach (var (name, want) in keys!.AsObject())
            {
                expectedCount++;
                Assert.True(listed.TryGetValue($"{db}/{name}", out var got), $"{db}/{name} not listed");
                Assert.Equal((string)want!["type"]!, (string)got["type"]!);
                Assert.Equal((string)want["encoding"]!, (string)got["encoding"]!);
                Assert.Equal((long?)want["expire_at_ms"], (long?)got["expire_ms"]);
                Assert.Equal(Elements(want), (long)got["elements"]!);
                Assert.True((long)got["bytes"]! > 0);
            }
        }
        // Keys Redis dropped on load are the expired ones.
        Assert.All(listed.Values.Where(k => (bool)k["expired"]!), k => Assert.NotNull((long?)k["expire_ms"]));
        Assert.Equal(expectedCount, listed.Values.Count(k => !(bool)k["expired"]!));

        var libraries = expected["functions"]?.AsArray().Select(f => (string)f!["library_name"]!).ToList() ?? [];
        Assert.Equal(libraries, document["functions"]!.AsArray().Select(f => (string)f!));
        Assert.Equal(new FileInfo(path).Length, (long)document["bytes"]!);
        Assert.Null(document["error"]);
    }

    [Fact]
    public void Aux_fields_are_those_redis_check_rdb_prints()
    {
        var path = Path.Combine(RdbFixtureFiles.Root, "rdb-all-types", "dump.rdb");
        var aux = JsonNode.Parse(Run("rdb", path, "--json").Out)!["aux"]!.AsObject();
        var checker = File.ReadAllLines(Path.Combine(RdbFixtureFiles.Root, "rdb-all-types", "redis-check-rdb.txt"))
            .Where(l => l.Contains("] AUX FIELD ", StringComparison.Ordinal))
            .Select(l => l[(l.IndexOf("AUX FIELD ", StringComparison.Ordinal) + 10)..]);
        Assert.Equal(checker, aux.Select(a => $"{a.Key} = '{(string)a.Value!}'"));
    }

    [Fact]
    public void Sizes_are_the_bytes_each_key_takes_in_the_file()
    {
        var prefix = RdbBytes.Header().Raw(RdbFormat.OpSelectDb).Length(2).ToArray();
        var plain = new RdbBytes().Raw(RdbFormat.TypeString).String("a").String("bc").ToArray();
        var withExpire = new RdbBytes().Raw(RdbFormat.OpExpireTimeMs).Milliseconds(4102444800000).Raw(RdbFormat.TypeString).String("k2").String("v").ToArray();
        var file = new RdbBytes().Raw([.. prefix, .. plain, .. withExpire]).End();
        using var dir = new ScratchDirectory("rdb-inspect-sizes");
        File.WriteAllBytes(dir.DumpFile, file);

        var keys = JsonNode.Parse(Run("rdb", dir.DumpFile, "--json").Out)!["keys"]!.AsArray();
        Assert.Equal([plain.Length, withExpire.Length], keys.Select(k => (int)k!["bytes"]!));
        Assert.Equal([2, 2], keys.Select(k => (int)k!["db"]!));
        Assert.Equal("2100-01-01T00:00:00.000Z", (string)keys[1]!["expire"]!);
    }

    [Fact]
    public void The_table_shows_one_line_per_key_and_a_summary()
    {
        var file = RdbBytes.Header().Raw(RdbFormat.OpAux).String("redis-ver").String("7.0.15")
            .Raw(RdbFormat.OpFunction2).String("#!lua name=mylib\nredis.register_function('f', function() return 1 end)")
            .Raw(RdbFormat.OpSelectDb).Length(0)
            .Raw(RdbFormat.TypeString).String("a").String("bc")
            .Raw(RdbFormat.OpSelectDb).Length(3)
            .Raw(RdbFormat.OpExpireTimeMs).Milliseconds(4102444800000).Raw(RdbFormat.TypeSet).String("k").Length(2).String("x").String("y")
            .Raw(RdbFormat.OpExpireTimeMs).Milliseconds(1000).Raw(RdbFormat.TypeString).String([0xFF, 0x01]).String("12")
            .End();
        using var dir = new ScratchDirectory("rdb-inspect-table");
        File.WriteAllBytes(dir.DumpFile, file);

        var (code, output, error) = Run("rdb", dir.DumpFile);
        Assert.Equal((0, ""), (code, error));
        Assert.Equal(
            "aux \"redis-ver\" = \"7.0.15\"\n" +
            "function library \"mylib\"\n" +
            "db  type    encoding          bytes   elements  expires at                               key\n" +
            "0   string  embstr                6          2  -                                        \"a\"\n" +
            "3   set     hashtable            17          2  4102444800000 2100-01-01T00:00:00.000Z   \"k\"\n" +
            "3   string  int                  16          2  1000 1970-01-01T00:00:01.000Z (expired)  \"\\xff\\x01\"\n" +
            $"{dir.DumpFile}: RDB version 10, {file.Length} bytes, checksum OK\n" +
            "3 keys in 2 databases, 2 with an expire (1 already expired)\n",
            output);
    }

    [Fact]
    public void Binary_names_also_come_in_base64()
    {
        var file = RdbBytes.Header().Raw(RdbFormat.OpAux).String([0xC3]).String("v")
            .Raw(RdbFormat.TypeString).String([0xFF, 0x00, 0x41]).String("v").End();
        using var dir = new ScratchDirectory("rdb-inspect-binary");
        File.WriteAllBytes(dir.DumpFile, file);

        var document = JsonNode.Parse(Run("rdb", dir.DumpFile, "--json").Out)!;
        Assert.Equal(Convert.ToBase64String([0xFF, 0x00, 0x41]), (string)document["keys"]![0]!["key_base64"]!);
        Assert.Equal(Convert.ToBase64String("v"u8.ToArray()), (string)document["aux_base64"]!.AsObject().Single().Value!);
    }

    [Fact]
    public void A_corrupt_file_lists_what_came_before_and_fails()
    {
        var path = Path.Combine(RdbFixtureFiles.Root, "corrupt", "rdb-truncated", "dump.rdb");
        var (code, output, error) = Run("rdb", path, "--json");
        Assert.Equal(1, code);
        var document = JsonNode.Parse(output)!;
        // redis-check-rdb.txt: "13 keys read", the 13th (hash:big) being the one cut.
        Assert.Equal(12, document["keys"]!.AsArray().Count);
        Assert.Equal("Unexpected EOF reading RDB file", (string)document["error"]!["message"]!);
        Assert.Equal(11980, (long)document["error"]!["offset"]!);
        Assert.Equal("hash:big", (string)document["error"]!["key"]!);
        Assert.Equal($"basalt rdb: {path}: corrupt at offset 11980 (read-object-value, key \"hash:big\"): Unexpected EOF reading RDB file\n", error);

        var text = Run("rdb", path);
        Assert.Equal(1, text.Code);
        Assert.EndsWith("12 keys in 1 database, 1 with an expire (0 already expired)\n", text.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_file_is_a_clear_error()
    {
        using var dir = new ScratchDirectory("rdb-inspect-missing");
        var path = Path.Combine(dir.Path, "absent.rdb");
        Assert.Equal((1, "", $"basalt rdb: cannot read '{path}': No such file or directory\n"), Run("rdb", path));
        Assert.Equal((1, "", $"basalt rdb: cannot read '{dir.Path}': Is a directory\n"), Run("rdb", dir.Path));
    }

    [Theory]
    [InlineData]
    [InlineData("--jsn", "a.rdb")]
    [InlineData("a.rdb", "b.rdb")]
    public void Wrong_arguments_are_usage_errors(params string[] args)
    {
        var (code, output, error) = Run(["rdb", .. args]);
        Assert.Equal((1, ""), (code, output));
        Assert.Contains("Usage: basalt rdb <rdb-file> [--json]\n", error, StringComparison.Ordinal);
    }

    private static long Elements(JsonNode want)
    {
        var value = want["value"]!;
        return (string)want["type"]! switch
        {
            "string" => Encoding.Latin1.GetByteCount((string)value!),
            "hash" => value.AsObject().Count,
            "stream" => (long)value["length"]!,
            _ => value.AsArray().Count,
        };
    }

    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(""), output, error, isTerminal: false));
        return (code, output.ToString(), error.ToString());
    }
}
