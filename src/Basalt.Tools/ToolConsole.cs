namespace Basalt.Tools;

/// <summary>
/// Where a tool reads and writes: the process's console, or strings in tests. <see cref="IsTerminal"/>
/// says whether a person is watching (progress bars are drawn only then).
/// </summary>
public sealed class ToolConsole(TextReader input, TextWriter output, TextWriter error, bool isTerminal)
{
    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool IsTerminal { get; } = isTerminal;

    public static ToolConsole System() =>
        new(Console.In, Console.Out, Console.Error, !Console.IsOutputRedirected && !Console.IsErrorRedirected);
}
