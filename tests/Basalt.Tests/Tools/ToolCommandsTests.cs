using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>
/// The <c>basalt</c> tool's dispatch (overview, version, unknown subcommands) and what every
/// subcommand shares: --help, clear errors for files that cannot be read, the progress bar.
/// </summary>
public sealed class ToolCommandsTests
{
    private static (int Code, string Out, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(""), output, error, isTerminal: false));
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void Help_lists_every_subcommand()
    {
        var (code, output, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.StartsWith("Usage: basalt <command> [<args>]", output);
        foreach (var command in ToolCommands.All)
        {
            Assert.Contains($"  {command.Name}", output);
        }
    }

    [Fact]
    public void No_arguments_show_the_overview_and_fail()
    {
        var (code, output, _) = Run();
        Assert.Equal(1, code);
        Assert.StartsWith("Usage: basalt", output);
    }

    [Fact]
    public void An_unknown_subcommand_is_an_error()
    {
        var (code, _, error) = Run("frobnicate");
        Assert.Equal(1, code);
        Assert.Equal("basalt: 'frobnicate' is not a basalt command. See 'basalt --help'.\n", error.Replace("\r\n", "\n"));
    }

    [Fact]
    public void Version_is_the_server_version()
    {
        var (code, output, _) = Run("--version");
        Assert.Equal((0, "basalt 7.0.15"), (code, output.Trim()));
    }

    public static TheoryData<string> Names() => new(ToolCommands.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_subcommand_shows_its_usage_with_help(string name)
    {
        var (code, output, error) = Run(name, "--help");
        Assert.Equal((0, ""), (code, error));
        Assert.StartsWith($"Usage: basalt {name}", output);
        Assert.Equal((0, output, ""), Run("help", name));
        Assert.Equal((0, output, ""), Run(name, "-h"));
    }

    [Theory]
    [InlineData("check-rdb", "missing", "No such file or directory")]
    [InlineData("check-rdb", "directory", "Is a directory")]
    [InlineData("rdb", "missing", "No such file or directory")]
    [InlineData("rdb", "directory", "Is a directory")]
    [InlineData("check-aof", "missing", "No such file or directory")]
    [InlineData("check-aof", "directory", "Cannot read file")]
    [InlineData("aof", "missing", "No such file or directory")]
    [InlineData("aof", "directory", "Is a directory")]
    [InlineData("restore-aof", "missing", "no such directory")]
    [InlineData("restore-aof", "file", "no such directory")]
    public void A_file_that_cannot_be_read_is_a_clear_error(string name, string kind, string reason)
    {
        var dir = Directory.CreateTempSubdirectory("basalt-unreadable-").FullName;
        try
        {
            var path = kind switch
            {
                "missing" => Path.Combine(dir, "absent"),
                "file" => Path.Combine(dir, "a-file"),
                _ => dir,
            };
            if (kind == "file")
            {
                File.WriteAllText(path, "x");
            }
            string[] args = name == "restore-aof" ? [name, "--to", "5", path, Path.Combine(dir, "out")] : [name, path];
            var (code, output, error) = Run(args);
            Assert.Equal(1, code);
            // redis-check-* say it on stdout (as Redis does); Basalt's own words go to stderr.
            var said = name.StartsWith("check-", StringComparison.Ordinal) ? output + error : error;
            Assert.Contains(path, said);
            Assert.Contains(reason, said);
            Assert.False(Directory.Exists(Path.Combine(dir, "out")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task The_progress_bar_is_drawn_on_a_terminal_once_the_work_lasts_and_erased_after()
    {
        var terminal = new StringWriter();
        var redirected = new StringWriter();
        var terminalBar = new ByteProgressBar(new ToolConsole(new StringReader(""), TextWriter.Null, terminal, isTerminal: true), "Checking");
        var redirectedBar = new ByteProgressBar(new ToolConsole(new StringReader(""), TextWriter.Null, redirected, isTerminal: false), "Checking");
        await Infrastructure.Poll.UntilAsync(() =>
        {
            terminalBar.Report(1, 4);
            redirectedBar.Report(1, 4);
            return terminal.ToString().Length > 0;
        }, TimeSpan.FromSeconds(10), () => "the bar was never drawn", TimeSpan.FromMilliseconds(20));
        Assert.StartsWith("\rChecking [#######.......................]  25% ", terminal.ToString());
        terminalBar.Dispose();
        redirectedBar.Dispose();
        Assert.EndsWith("\r", terminal.ToString());
        Assert.Equal("", redirected.ToString());
    }
}
