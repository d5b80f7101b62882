namespace Basalt.Tools;

/// <summary>One subcommand of the <c>basalt</c> tool (<c>basalt check-rdb FILE</c>, ...).</summary>
public interface IToolCommand
{
    /// <summary>The word after <c>basalt</c>.</summary>
    string Name { get; }

    /// <summary>One line for <c>basalt --help</c>.</summary>
    string Summary { get; }

    /// <summary>The full usage text for <c>basalt NAME --help</c>.</summary>
    string Usage { get; }

    /// <summary>Runs with the arguments after the name; returns the process exit code.</summary>
    int Run(IReadOnlyList<string> args, ToolConsole console);
}
