using System.Globalization;

namespace Basalt.Server.Info;

/// <summary>
/// INFO cpu: the process's user and system time. Basalt never forks, so its children used none.
/// The *_main_thread lines are the socket event thread's, which reads the connections and runs
/// their commands as Redis's main thread does (commands of a client that pipelines without pause
/// move to pooled threads in turns, see ClientConnection, and are not counted there).
/// </summary>
public static class CpuSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        var (user, system) = ProcessMetrics.CpuTimes();
        info.Section("CPU");
        info.Field("used_cpu_sys", Seconds(system));
        info.Field("used_cpu_user", Seconds(user));
        info.Field("used_cpu_sys_children", "0.000000");
        info.Field("used_cpu_user_children", "0.000000");
        var (mainUser, mainSystem) = ProcessMetrics.EventThreadCpuTimes();
        info.Field("used_cpu_sys_main_thread", Seconds(mainSystem));
        info.Field("used_cpu_user_main_thread", Seconds(mainUser));
    }

    // "%ld.%06ld" of a timeval.
    private static string Seconds(TimeSpan time)
    {
        var micros = time.Ticks / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }
}
