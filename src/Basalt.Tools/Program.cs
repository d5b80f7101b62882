namespace Basalt.Tools;

/// <summary>basalt: check, repair, inspect, restore and back up Redis/Basalt persistence files.</summary>
public static class Program
{
    public static int Main(string[] args) => ToolCommands.Run(args, ToolConsole.System());
}
