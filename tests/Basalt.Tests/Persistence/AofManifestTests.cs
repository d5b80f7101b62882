using System.Text;
using Basalt.Persistence.Aof;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>The manifest grammar of Redis 7.0's multi-part AOF: what it accepts, what it refuses and why, what it writes.</summary>
public sealed class AofManifestTests
{
    private static AofManifest Parse(string text) => AofManifest.Parse(Encoding.Latin1.GetBytes(text));

    [Fact]
    public void The_fixture_manifest_round_trips()
    {
        var bytes = RdbFixtureFiles.Read("aof-multipart-rdb-preamble/appendonlydir/appendonly.aof.manifest");
        var manifest = AofManifest.Parse(bytes);
        Assert.Equal(new AofFileInfo("appendonly.aof.2.base.rdb", 2, AofFileType.Base), manifest.Base);
        Assert.Equal([new AofFileInfo("appendonly.aof.2.incr.aof", 2, AofFileType.Incr)], manifest.Incr);
        Assert.Equal((2, 2), (manifest.BaseSeq, manifest.IncrSeq));
        Assert.Equal(Encoding.Latin1.GetString(bytes), manifest.Format());
    }

    [Fact]
    public void Comments_quotes_unknown_keys_and_any_key_case_are_accepted()
    {
        var manifest = Parse("# a comment line\nFILE \"appendonly.aof.2.base.rdb\" Seq 2 TYPE b extra-key extra-value\nfile appendonly.aof.2.incr.aof seq 2 type i\n");
        Assert.Equal("appendonly.aof.2.base.rdb", manifest.Base!.Name);
        Assert.Single(manifest.Incr);
    }

    [Fact]
    public void History_is_written_between_base_and_incr_files()
    {
        var manifest = Parse("file i.3 seq 3 type i\nfile h.1 seq 1 type h\nfile b.2 seq 2 type b\nfile i.4 seq 4 type i\n");
        Assert.Equal("file b.2 seq 2 type b\nfile h.1 seq 1 type h\nfile i.3 seq 3 type i\nfile i.4 seq 4 type i\n", manifest.Format());
    }

    [Fact]
    public void A_name_with_spaces_or_quotes_is_written_quoted_and_read_back()
    {
        var manifest = new AofManifest { Base = new AofFileInfo("my aof\"x\".rdb", 1, AofFileType.Base), BaseSeq = 1 };
        var text = manifest.Format();
        Assert.Equal("file \"my aof\\\"x\\\".rdb\" seq 1 type b\n", text);
        Assert.Equal("my aof\"x\".rdb", Parse(text).Base!.Name);
    }

    [Theory]
    [InlineData("", "Found an empty AOF manifest", 0)]
    [InlineData("file a seq 1 type b\n\n", "Invalid AOF manifest file format", 2)]
    [InlineData("file a seq 1\n", "Invalid AOF manifest file format", 1)]
    [InlineData("file a seq 1 type b x\n", "Invalid AOF manifest file format", 1)]
    [InlineData("file a seq 0 type b\n", "Invalid AOF manifest file format", 1)]
    [InlineData("file dir/a seq 1 type b\n", "File can't be a path, just a filename", 1)]
    [InlineData("file a seq 1 type b\nfile b seq 2 type b\n", "Found duplicate base file information", 2)]
    [InlineData("file a seq 2 type i\nfile b seq 2 type i\n", "Found a non-monotonic sequence number", 2)]
    [InlineData("file a seq 1 type x\n", "Unknown AOF file type", 1)]
    [InlineData("file a seq 1 type b", "The AOF manifest file contains too long line", 1)]
    public void Bad_manifests_are_refused_with_redis_reasons(string text, string reason, int line)
    {
        var error = Assert.Throws<AofManifestException>(() => Parse(text));
        Assert.Equal(reason, error.Message);
        Assert.Equal(line, error.LineNumber);
    }

    [Fact]
    public void The_report_shows_the_offending_line_trimmed()
    {
        var error = Assert.Throws<AofManifestException>(() =>
            Parse("file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\nfile appendonly.aof.1.incr.aof seq 1 type i  \r\n"));
        Assert.Equal(3, error.LineNumber);
        Assert.Equal("file appendonly.aof.1.incr.aof seq 1 type i", error.Line);
    }

    [Fact]
    public void A_line_longer_than_1024_bytes_is_refused_and_a_long_comment_spills_into_a_bad_line()
    {
        var longName = new string('a', 1100);
        Assert.Equal("The AOF manifest file contains too long line",
            Assert.Throws<AofManifestException>(() => Parse($"file {longName} seq 1 type b\n")).Message);
        // Redis reads lines with fgets(1025): the rest of a long comment is read as a line of its own.
        var error = Assert.Throws<AofManifestException>(() => Parse($"#{longName}\nfile a seq 1 type b\n"));
        Assert.Equal(("Invalid AOF manifest file format", 2), (error.Message, error.LineNumber));
    }
}
