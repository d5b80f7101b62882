using System.Globalization;

namespace Basalt.Server.Info;

/// <summary>
/// INFO cpu: the process's user and system time. Basalt never forks, so its children used none.
/// Redis's *_main_thread lines are left out: commands run on pooled threads, there is no main thread.
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
    }

    // "%ld.%06ld" of a timeval.
    private static string Seconds(TimeSpan time)
    {
        var micros = time.Ticks / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{micros / 1_000_000}.{micros % 1_000_000:D6}");
    }
}
