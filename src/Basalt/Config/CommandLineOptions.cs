using System.Text;
using Basalt.Text;

namespace Basalt.Config;

/// <summary>
/// The redis-server command line: <c>[config-file] [--name value ...] [-]</c>. As in Redis, each
/// <c>--name args</c> becomes a config line appended after the file (values quoted so they are
/// read back unchanged), and <c>-</c> (first or last) means "also read config from stdin".
/// </summary>
public sealed class CommandLineOptions
{
    private CommandLineOptions(string? configFile, bool readStdin, string options)
    {
        ConfigFile = configFile;
        ReadStdin = readStdin;
        Options = options;
    }

    /// <summary>The config file as given (first argument not starting with '-'), or null.</summary>
    public string? ConfigFile { get; }

    /// <summary>Whether config is also read from standard input.</summary>
    public bool ReadStdin { get; }

    /// <summary>The options as config text, one line per --name.</summary>
    public string Options { get; }

    /// <summary>Turns the arguments (without the program name) into a config file name and config text.</summary>
    public static CommandLineOptions Parse(IReadOnlyList<string> args)
    {
        var options = new StringBuilder();
        string? configFile = null;
        var readStdin = false;
        var j = 0;
        if (args.Count > 0 && !args[0].StartsWith('-'))
        {
            configFile = args[0];
            j = 1;
        }

        // False right after an option name given alone ("--port"), until its first value.
        var handledLastOption = true;
        for (; j < args.Count; j++)
        {
            var arg = args[j];
            var isLast = j == args.Count - 1;
            if (arg == "-" && (j == 0 || isLast))
            {
                readStdin = true;
            }
            else if (handledLastOption && arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (options.Length > 0) options.Append('\n');
                options.Append(arg, 2, arg.Length - 2).Append(' ');

                // "--port 6380" as one argument carries its value already.
                var words = ArgSplitter.Split(arg);
                if (words is { Count: 1 })
                {
                    handledLastOption = false;
                    var nextIsOption = !isLast && args[j + 1].StartsWith("--", StringComparison.Ordinal);
                    if (arg.Equals("--save", StringComparison.OrdinalIgnoreCase) && (isLast || nextIsOption))
                    {
                        // "--save" with no value means save "" (what scripts building the line from
                        // an empty list produce).
                        options.Append("\"\"");
                        handledLastOption = true;
                    }
                    else if (arg.Equals("--sentinel", StringComparison.OrdinalIgnoreCase) && nextIsOption)
                    {
                        handledLastOption = true;
                    }
                }
                else
                {
                    handledLastOption = true;
                }
            }
            else
            {
                options.Append(Repr.Quote(Encoding.UTF8.GetBytes(arg))).Append(' ');
                handledLastOption = true;
            }
        }
        return new CommandLineOptions(configFile, readStdin, options.ToString());
    }

    /// <summary>The line <c>--version</c> prints, shaped like redis-server's.</summary>
    public static string VersionText(string version) =>
        $"Basalt server v={version} sha=00000000:0 malloc=dotnet bits={IntPtr.Size * 8} build=0";

    /// <summary>What <c>--help</c> prints (to stderr, then exit status 1, as redis-server does).</summary>
    public static string UsageText(string program = "./basalt-server") =>
        $"""
        Usage: {program} [/path/to/redis.conf] [options] [-]
               {program} - (read config from stdin)
               {program} -v or --version
               {program} -h or --help

        Examples:
               {program} (run the server with default conf)
               echo 'maxmemory 128mb' | {program} -
               {program} /etc/redis/6379.conf
               {program} --port 7777
               {program} --port 7777 --replicaof 127.0.0.1 8888
               {program} /etc/myredis.conf --loglevel verbose -
               {program} /etc/myredis.conf --loglevel verbose

        """;
}
