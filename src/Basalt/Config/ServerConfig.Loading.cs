using System.Globalization;

namespace Basalt.Config;

// Start-up: building the configuration from the command line, redis.conf and stdin.
public sealed partial class ServerConfig
{
    /// <summary>
    /// Loads a config file, then <paramref name="stdin"/>'s content, then <paramref name="options"/>
    /// (config text), over the current values. Throws <see cref="ConfigFileException"/> on the first
    /// error; values set by the lines before it stay set.
    /// </summary>
    public void Load(string? configFile, TextReader? stdin = null, string? options = null) =>
        new ConfigFileLoader(this).Load(configFile, stdin, options);

    /// <summary>Reads config text (redis.conf syntax); throws <see cref="ConfigFileException"/> on the first error.</summary>
    public void LoadFromString(string text) => new ConfigFileLoader(this).LoadFromString(text);

    /// <summary>
    /// Builds the configuration from redis-server style arguments (without the program name):
    /// <c>[config-file] [--name value ...] [-]</c>. On an error, prints what Redis prints (the
    /// FATAL CONFIG FILE ERROR report on <paramref name="stderr"/>, or a log line on
    /// <paramref name="stdout"/> for a file that cannot be opened), sets <paramref name="exitCode"/>
    /// to 1 and returns null. <c>-v</c>/<c>--version</c> and <c>-h</c>/<c>--help</c> as first argument
    /// print their text and return null with exit code 0 and 1, as redis-server.
    /// </summary>
    public static ServerConfig? FromCommandLine(IReadOnlyList<string> args, TextWriter stdout, TextWriter stderr, TextReader? stdin,
        string version, out int exitCode)
    {
        if (args.Count > 0 && args[0] is "-v" or "--version")
        {
            stdout.WriteLine(CommandLineOptions.VersionText(version));
            exitCode = 0;
            return null;
        }
        if (args.Count > 0 && args[0] is "-h" or "--help")
        {
            stderr.Write(CommandLineOptions.UsageText());
            exitCode = 1;
            return null;
        }

        var parsed = CommandLineOptions.Parse(args);
        var config = new ServerConfig();
        if (parsed.ConfigFile is not null) config.ConfigFile = Path.GetFullPath(parsed.ConfigFile);
        try
        {
            if (parsed.ReadStdin) stdout.WriteLine(StartupLogLine("Reading config from stdin"));
            // Redis passes its options even when empty, so the text always gets one more line.
            config.Load(config.ConfigFile, parsed.ReadStdin ? stdin ?? TextReader.Null : null, parsed.Options);
            if (UnsupportedSettings.Refusal(config) is { } refusal)
            {
                stdout.WriteLine(StartupLogLine(refusal));
                exitCode = 1;
                return null;
            }
            exitCode = 0;
            return config;
        }
        catch (ConfigFileException e)
        {
            if (e.UnreadablePath is not null) stdout.WriteLine(StartupLogLine(e.Reason));
            else stderr.Write(e.FormatReport());
            exitCode = 1;
            return null;
        }
    }

    // Before the logger exists, Redis still logs in its usual shape; the role is 'C' because the
    // server's pid is not recorded yet at that point.
    private static string StartupLogLine(string message) =>
        $"{Environment.ProcessId}:C {DateTime.Now.ToString("dd MMM yyyy HH:mm:ss.fff", CultureInfo.InvariantCulture)} # {message}";
}
