namespace Basalt.Tools;

/// <summary>The subcommands of <c>basalt</c> and the dispatch to them, in the manner of git or dotnet.</summary>
public static class ToolCommands
{
    /// <summary>Every subcommand, in the order <c>basalt --help</c> lists them.</summary>
    public static IReadOnlyList<IToolCommand> All { get; } =
    [
        new CheckRdbCommand(),
        new RdbInspectCommand(),
        new CheckAofCommand(),
        new AofInspectCommand(),
        new BackupCommand(),
        new RestoreAofCommand(),
    ];

    public static int Run(IReadOnlyList<string> args, ToolConsole console)
    {
        if (args.Count == 0 || args[0] is "--help" or "-h" or "help" && args.Count == 1)
        {
            WriteOverview(console.Out);
            return args.Count == 0 ? 1 : 0;
        }
        if (args[0] == "help" && args.Count == 2)
        {
            return ShowUsage(args[1], console);
        }
        if (args[0] is "--version" or "-v")
        {
            console.Out.WriteLine($"basalt {Server.BasaltServer.Version}");
            return 0;
        }
        var command = Find(args[0]);
        if (command is null)
        {
            console.Error.WriteLine($"basalt: '{args[0]}' is not a basalt command. See 'basalt --help'.");
            return 1;
        }
        var rest = args.Skip(1).ToArray();
        if (rest.Length == 1 && rest[0] is "--help" or "-h")
        {
            console.Out.Write(command.Usage);
            return 0;
        }
        return command.Run(rest, console);
    }

    private static IToolCommand? Find(string name) => All.FirstOrDefault(c => c.Name == name);

    private static int ShowUsage(string name, ToolConsole console)
    {
        var command = Find(name);
        if (command is null)
        {
            console.Error.WriteLine($"basalt: '{name}' is not a basalt command. See 'basalt --help'.");
            return 1;
        }
        console.Out.Write(command.Usage);
        return 0;
    }

    private static void WriteOverview(TextWriter output)
    {
        output.WriteLine("Usage: basalt <command> [<args>]");
        output.WriteLine();
        output.WriteLine("Tools for Redis 7.0 / Basalt persistence files (dump.rdb, appendonlydir/).");
        output.WriteLine();
        output.WriteLine("Commands:");
        foreach (var command in All)
        {
            output.WriteLine($"  {command.Name,-16} {command.Summary}");
        }
        output.WriteLine();
        output.WriteLine("'basalt <command> --help' shows a command's usage.");
    }
}
