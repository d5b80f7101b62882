namespace Basalt.Tools;

/// <summary>basalt: check, repair, inspect, restore and back up Redis/Basalt persistence files.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        var console = ToolConsole.System();
        try
        {
            return ToolCommands.Run(args, console);
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
        }
    }
}
