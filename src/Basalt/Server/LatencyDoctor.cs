using Basalt.Text;
using System.Globalization;
using System.Text;
using Basalt.Server.Info;

namespace Basalt.Server;

/// <summary>
/// LATENCY DOCTOR's report: each event's statistics with Redis's commentary, then the advice
/// that applies, worded as Redis 7.0 words it (createLatencyReport).
/// </summary>
public static class LatencyDoctor
{
    public static string Report(BasaltServer server)
    {
        var monitor = server.Latency;
        var config = server.Config;
        var report = new StringBuilder();
        if (monitor.Events.Count == 0 && monitor.ThresholdMs == 0)
        {
            report.Append("I'm sorry, Dave, I can't do that. Latency monitoring is disabled in this Redis instance. You may use \"CONFIG SET latency-monitor-threshold <milliseconds>.\" in order to enable it. If we weren't in a deep space mission I'd suggest to take a look at https://redis.io/topics/latency-monitor.\n");
            return report.ToString();
        }

        var advice = new Advice();
        var eventNumber = 0;
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        foreach (var (name, series) in monitor.Events)
        {
            eventNumber++;
            if (eventNumber == 1)
            {
                report.Append("Dave, I have observed latency spikes in this Redis instance. You don't mind talking about it, do you Dave?\n\n");
            }
            var stats = Analyze(series, now);
            report.Append(CultureInfo.InvariantCulture,
                $"{eventNumber}. {name}: {stats.Samples} latency spikes (average {stats.Average}ms, mean deviation {stats.MeanDeviation}ms, period ");
            report.Append(PrintfFixed.Format((double)stats.Period / stats.Samples, 2));
            report.Append(CultureInfo.InvariantCulture, $" sec). Worst all time event {series.MaxMilliseconds}ms.");
            Comment(report, name, server, ref advice);
            report.Append('\n');
        }

        if (AnonHugePagesBytes() > 0)
        {
            advice.DisableTransparentHugePages = true;
            advice.Count++;
        }

        if (eventNumber == 0 && advice.Count == 0)
        {
            report.Append("Dave, no latency spike was observed during the lifetime of this Redis instance, not in the slightest bit. I honestly think you ought to sit down calmly, take a stress pill, and think things over.\n");
        }
        else if (eventNumber > 0 && advice.Count == 0)
        {
            report.Append("\nWhile there are latency events logged, I'm not able to suggest any easy fix. Please use the Redis community to get some help, providing this report in your help request.\n");
        }
        else
        {
            report.Append("\nI have a few advices for you:\n\n");
            WriteAdvice(report, advice, server);
        }
        return report.ToString();
    }

    private static void Comment(StringBuilder report, string name, BasaltServer server, ref Advice advice)
    {
        var config = server.Config;
        switch (name.ToLowerInvariant())
        {
            case "fork":
                // Basalt never forks, so its fork rate is 0 GB/sec: "terrible" by Redis's scale.
                advice.BetterVm = true;
                advice.Count++;
                report.Append(" Fork rate is 0.00 GB/sec (terrible).");
                break;
            case "command":
                if (config.SlowlogLogSlowerThan < 0)
                {
                    advice.SlowlogEnabled = true;
                    advice.Count++;
                }
                else if (config.SlowlogLogSlowerThan / 1000 > config.LatencyMonitorThreshold)
                {
                    advice.SlowlogTuning = true;
                    advice.Count++;
                }
                advice.SlowlogInspect = true;
                advice.LargeObjects = true;
                advice.Count += 2;
                break;
            case "fast-command":
                advice.Scheduler = true;
                advice.Count++;
                break;
            case "aof-write-pending-fsync":
                advice.LocalDisk = advice.DiskContention = advice.Ssd = advice.DataWriteback = true;
                advice.Count += 4;
                break;
            case "aof-write-active-child":
                advice.NoAppendfsync = advice.DataWriteback = advice.Ssd = true;
                advice.Count += 3;
                break;
            case "aof-write-alone":
                advice.LocalDisk = advice.DataWriteback = advice.Ssd = true;
                advice.Count += 3;
                break;
            case "aof-fsync-always":
                advice.RelaxFsyncPolicy = true;
                advice.Count++;
                break;
            case "aof-fstat":
            case "rdb-unlink-temp-file":
                advice.DiskContention = advice.LocalDisk = true;
                advice.Count += 2;
                break;
            case "aof-rewrite-diff-write":
            case "aof-rename":
                advice.WriteLoadInfo = advice.DataWriteback = advice.Ssd = advice.LocalDisk = true;
                advice.Count += 4;
                break;
            case "expire-cycle":
                advice.Hz = advice.LargeObjects = true;
                advice.Count += 2;
                break;
            case "eviction-del":
                advice.LargeObjects = true;
                advice.Count++;
                break;
            case "eviction-cycle":
                advice.MassEviction = true;
                advice.Count++;
                break;
        }
    }

    private static void WriteAdvice(StringBuilder report, Advice advice, BasaltServer server)
    {
        var config = server.Config;
        var suggestedSlowlog = (ulong)config.LatencyMonitorThreshold * 1000;
        if (advice.BetterVm)
        {
            report.Append("- If you are using a virtual machine, consider upgrading it with a faster one using a hypervisior that provides less latency during fork() calls. Xen is known to have poor fork() performance. Even in the context of the same VM provider, certain kinds of instances can execute fork faster than others.\n");
        }
        if (advice.SlowlogEnabled)
        {
            report.Append(CultureInfo.InvariantCulture, $"- There are latency issues with potentially slow commands you are using. Try to enable the Slow Log Redis feature using the command 'CONFIG SET slowlog-log-slower-than {suggestedSlowlog}'. If the Slow log is disabled Redis is not able to log slow commands execution for you.\n");
        }
        if (advice.SlowlogTuning)
        {
            report.Append(CultureInfo.InvariantCulture, $"- Your current Slow Log configuration only logs events that are slower than your configured latency monitor threshold. Please use 'CONFIG SET slowlog-log-slower-than {suggestedSlowlog}'.\n");
        }
        if (advice.SlowlogInspect)
        {
            report.Append("- Check your Slow Log to understand what are the commands you are running which are too slow to execute. Please check https://redis.io/commands/slowlog for more information.\n");
        }
        if (advice.Scheduler)
        {
            report.Append("- The system is slow to execute Redis code paths not containing system calls. This usually means the system does not provide Redis CPU time to run for long periods. You should try to:\n"
                + "  1) Lower the system load.\n"
                + "  2) Use a computer / VM just for Redis if you are running other software in the same system.\n"
                + "  3) Check if you have a \"noisy neighbour\" problem.\n"
                + "  4) Check with 'redis-cli --intrinsic-latency 100' what is the intrinsic latency in your system.\n"
                + "  5) Check if the problem is allocator-related by recompiling Redis with MALLOC=libc, if you are using Jemalloc. However this may create fragmentation problems.\n");
        }
        if (advice.LocalDisk)
        {
            report.Append("- It is strongly advised to use local disks for persistence, especially if you are using AOF. Remote disks provided by platform-as-a-service providers are known to be slow.\n");
        }
        if (advice.Ssd)
        {
            report.Append("- SSD disks are able to reduce fsync latency, and total time needed for snapshotting and AOF log rewriting (resulting in smaller memory usage). With extremely high write load SSD disks can be a good option. However Redis should perform reasonably with high load using normal disks. Use this advice as a last resort.\n");
        }
        if (advice.DataWriteback)
        {
            report.Append("- Mounting ext3/4 filesystems with data=writeback can provide a performance boost compared to data=ordered, however this mode of operation provides less guarantees, and sometimes it can happen that after a hard crash the AOF file will have a half-written command at the end and will require to be repaired before Redis restarts.\n");
        }
        if (advice.DiskContention)
        {
            report.Append("- Try to lower the disk contention. This is often caused by other disk intensive processes running in the same computer (including other Redis instances).\n");
        }
        if (advice.NoAppendfsync)
        {
            report.Append("- Assuming from the point of view of data safety this is viable in your environment, you could try to enable the 'no-appendfsync-on-rewrite' option, so that fsync will not be performed while there is a child rewriting the AOF file or producing an RDB file (the moment where there is high disk contention).\n");
        }
        if (advice.RelaxFsyncPolicy && config.AppendFsync == "always")
        {
            report.Append("- Your fsync policy is set to 'always'. It is very hard to get good performances with such a setup, if possible try to relax the fsync policy to 'onesec'.\n");
        }
        if (advice.WriteLoadInfo)
        {
            report.Append("- Latency during the AOF atomic rename operation or when the final difference is flushed to the AOF file at the end of the rewrite, sometimes is caused by very high write load, causing the AOF buffer to get very large. If possible try to send less commands to accomplish the same work, or use Lua scripts to group multiple operations into a single EVALSHA call.\n");
        }
        if (advice.Hz && config.Hz < 100)
        {
            report.Append("- In order to make the Redis keys expiring process more incremental, try to set the 'hz' configuration parameter to 100 using 'CONFIG SET hz 100'.\n");
        }
        if (advice.LargeObjects)
        {
            report.Append("- Deleting, expiring or evicting (because of maxmemory policy) large objects is a blocking operation. If you have very large objects that are often deleted, expired, or evicted, try to fragment those objects into multiple smaller objects.\n");
        }
        if (advice.MassEviction)
        {
            report.Append("- Sudden changes to the 'maxmemory' setting via 'CONFIG SET', or allocation of large objects via sets or sorted sets intersections, STORE option of SORT, Redis Cluster large keys migrations (RESTORE command), may create sudden memory pressure forcing the server to block trying to evict keys. \n");
        }
        if (advice.DisableTransparentHugePages)
        {
            report.Append("- I detected a non zero amount of anonymous huge pages used by your process. This creates very serious latency events in different conditions, especially when Redis is persisting on disk. To disable THP support use the command 'echo never > /sys/kernel/mm/transparent_hugepage/enabled', make sure to also add it into /etc/rc.local so that the command will be executed again after a reboot. Note that even if you have already disabled THP, you still need to restart the Redis process to get rid of the huge pages already created.\n");
        }
    }

    /// <summary>analyzeLatencyForEvent: sample count, average, mean absolute deviation and the period covered.</summary>
    private static (long Samples, long Average, long MeanDeviation, long Period) Analyze(LatencySeries series, long now)
    {
        var samples = series.Samples;
        if (samples.Count == 0)
        {
            return (0, 0, 0, 0);
        }
        long sum = 0;
        var oldest = long.MaxValue;
        foreach (var (time, ms) in samples)
        {
            sum += ms;
            oldest = Math.Min(oldest, time);
        }
        var average = sum / samples.Count;
        var period = now - oldest;
        if (period == 0)
        {
            period = 1;
        }
        long deviation = 0;
        foreach (var (_, ms) in samples)
        {
            deviation += Math.Abs(average - ms);
        }
        return (samples.Count, average, deviation / samples.Count, period);
    }

    /// <summary>The AnonHugePages the process uses (transparent huge pages), summed over /proc/self/smaps.</summary>
    private static long AnonHugePagesBytes()
    {
        try
        {
            long total = 0;
            foreach (var line in File.ReadLines("/proc/self/smaps"))
            {
                if (!line.StartsWith("AnonHugePages:", StringComparison.Ordinal))
                {
                    continue;
                }
                var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var kb))
                {
                    total += kb * 1024;
                }
            }
            return total;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }

    private struct Advice
    {
        public int Count;
        public bool BetterVm;
        public bool SlowlogEnabled;
        public bool SlowlogTuning;
        public bool SlowlogInspect;
        public bool DiskContention;
        public bool Scheduler;
        public bool DataWriteback;
        public bool NoAppendfsync;
        public bool LocalDisk;
        public bool Ssd;
        public bool WriteLoadInfo;
        public bool Hz;
        public bool LargeObjects;
        public bool MassEviction;
        public bool RelaxFsyncPolicy;
        public bool DisableTransparentHugePages;
    }
}
