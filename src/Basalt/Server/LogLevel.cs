namespace Basalt.Server;

/// <summary>Redis's log levels; each line carries the level's marker character.</summary>
public enum LogLevel
{
    Debug = 0,
    Verbose = 1,
    Notice = 2,
    Warning = 3,
}

public static class LogLevels
{
    public static char Marker(this LogLevel level) => level switch
    {
        LogLevel.Debug => '.',
        LogLevel.Verbose => '-',
        LogLevel.Notice => '*',
        _ => '#',
    };

    public static bool TryParse(string name, out LogLevel level)
    {
        switch (name.ToLowerInvariant())
        {
            case "debug": level = LogLevel.Debug; return true;
            case "verbose": level = LogLevel.Verbose; return true;
            case "notice": level = LogLevel.Notice; return true;
            case "warning": level = LogLevel.Warning; return true;
            default: level = LogLevel.Notice; return false;
        }
    }
}
