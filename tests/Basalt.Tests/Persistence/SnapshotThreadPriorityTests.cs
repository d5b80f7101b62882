using Basalt.Persistence;
using Xunit;

namespace Basalt.Tests.Persistence;

public sealed class SnapshotThreadPriorityTests
{
    /// <summary>The niceness of the calling thread, from /proc (field 19 of its stat line).</summary>
    private static int OwnNiceness()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[16], System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public void A_snapshot_thread_runs_at_a_lower_priority_than_the_rest_of_the_server()
    {
        var server = OwnNiceness();
        int? lowered = null;
        int? other = null;
        var snapshotThread = new Thread(() =>
        {
            SnapshotThreadPriority.Lower();
            lowered = OwnNiceness();
        });
        snapshotThread.Start();
        snapshotThread.Join();
        // Only the calling thread changes: another thread of the process keeps its priority.
        var otherThread = new Thread(() => other = OwnNiceness());
        otherThread.Start();
        otherThread.Join();
        Assert.Equal(Math.Min(server + 10, 19), lowered);
        Assert.Equal(server, other);
        Assert.Equal(server, OwnNiceness());
    }
}
