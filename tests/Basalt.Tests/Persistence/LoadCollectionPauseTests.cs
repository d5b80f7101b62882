using System.Runtime;
using Basalt.Persistence;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>
/// The collector's modes around a load. They are per process, so these run alone (no other test
/// may load or collect meanwhile).
/// </summary>
[Collection(ExclusiveCollection.Name)]
public sealed class LoadCollectionPauseTests
{
    private static readonly List<byte[]> s_kept = [];

    [Fact]
    public void A_load_runs_without_collections_and_ends_with_one_that_promotes_what_it_kept()
    {
        var modeBefore = GCSettings.LatencyMode;
        var gen0 = GC.CollectionCount(0);
        int gen1;
        using (LoadCollectionPause.Begin(8 * 1024 * 1024))
        {
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            // A nested load (another server in this process) changes nothing.
            using (LoadCollectionPause.Begin(1024))
            {
                Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            }
            Assert.Equal(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
            for (var i = 0; i < 1000; i++)
            {
                s_kept.Add(new byte[10_000]);
            }
            gen1 = GC.CollectionCount(1);
            // TryStartNoGCRegion collects once to begin; none after that.
            Assert.True(GC.CollectionCount(0) <= gen0 + 1);
        }
        Assert.Equal(modeBefore, GCSettings.LatencyMode);
        Assert.True(GC.CollectionCount(1) > gen1, "no collection at the end of the load");
        s_kept.Clear();
    }

    [Fact]
    public void A_load_that_outgrows_its_region_goes_on_with_ordinary_collections()
    {
        var modeBefore = GCSettings.LatencyMode;
        using (LoadCollectionPause.Begin(1024))
        {
            // The smallest region is 64 MB: allocate well past it.
            for (var i = 0; i < 200; i++)
            {
                s_kept.Add(new byte[1024 * 1024]);
                if (i % 20 == 0)
                {
                    s_kept.RemoveRange(0, s_kept.Count / 2);
                }
            }
            Assert.NotEqual(GCLatencyMode.NoGCRegion, GCSettings.LatencyMode);
        }
        Assert.Equal(modeBefore, GCSettings.LatencyMode);
        s_kept.Clear();
    }
}
