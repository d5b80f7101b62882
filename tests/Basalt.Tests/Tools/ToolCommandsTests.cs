using Basalt.Tools;
using Xunit;

namespace Basalt.Tests.Tools;

/// <summary>The <c>basalt</c> tool's dispatch: overview, version, unknown subcommands.</summary>
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
}
