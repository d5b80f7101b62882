namespace Basalt.Server;

/// <summary>The start-up banner shown with always-show-logo yes; like Redis's, it carries the PID.</summary>
public static class Logo
{
    public static IEnumerable<string> Lines(string version, int port, int pid)
    {
        yield return "";
        yield return "   ____                  _ _   ";
        yield return "  |  _ \\  __ _ ___  __ _| | |_     Basalt " + version + " (Redis-compatible) 64 bit";
        yield return "  | |_) |/ _` / __|/ _` | | __|";
        yield return "  |  _ <| (_| \\__ \\ (_| | | |_     Running in standalone mode";
        yield return "  |_| \\_\\\\__,_|___/\\__,_|_|\\__|    Port: " + port;
        yield return "                                   PID: " + pid;
        yield return "";
    }
}
