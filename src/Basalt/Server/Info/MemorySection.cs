using Basalt.Text;
using Basalt.Keyspace;

namespace Basalt.Server.Info;

/// <summary>
/// INFO memory. used_memory is counted, not sampled from the GC (see <see cref="MemoryTracker"/>):
/// start-up memory, the keyspace's bytes as the write door keeps them, client buffers and the AOF
/// buffer; eviction compares used_memory less mem_not_counted_for_evict (the client and AOF
/// buffers) with maxmemory. allocator_active and allocator_resident are the memory the GC has
/// committed, used_memory_rss the process's resident set; the overhead is the start-up memory,
/// the client buffers and the key tables' structure, the rest is dataset.
/// </summary>
public static class MemorySection
{
    private static readonly string Allocator = $"dotnet-gc-{Environment.Version}";

    public static void Write(InfoWriter info, BasaltServer server)
    {
        var config = server.Config;
        var startup = server.Memory.StartupBytes;
        var rss = ProcessMetrics.RssBytes();
        var totalSystem = ProcessMetrics.TotalSystemMemoryBytes();
        var maxMemory = config.MaxMemory == long.MaxValue ? 0 : config.MaxMemory;
        var aofBuffer = server.Aof.Log?.BufferedBytes ?? 0;

        long clientsMemory = 0;
        foreach (var client in server.Clients.All)
        {
            var (qused, qfree) = client.Channel.QueryBuffer;
            clientsMemory += qused + qfree + client.Channel.PendingOutput;
        }
        // The key tables' structure: entries without their names, bucket slots and expiry slots (the
        // key names are counted as dataset, as Redis counts its sds keys).
        long keyspaceOverhead = 0;
        foreach (var db in server.Databases.All)
        {
            keyspaceOverhead += db.KeyCount * (KeyEntry.ObjectBytes(0) + DatabaseMemory.BucketBytes)
                + db.ExpiresCount * DatabaseMemory.ExpirySlotBytes;
        }
        var notCountedForEvict = clientsMemory + aofBuffer;
        var used = server.Memory.Sample(server.Memory.EvictableBytes(server.Databases) + notCountedForEvict);
        var peak = server.Memory.PeakBytes;
        // The GC reports what it has committed as of its last collection (nothing before the first):
        // never less than what is in use now.
        var committed = Math.Max(GC.GetGCMemoryInfo().TotalCommittedBytes, used);
        var overhead = startup + clientsMemory + aofBuffer + keyspaceOverhead;
        var dataset = used - overhead;
        var netUsage = used > startup ? used - startup : 1;

        info.Section("Memory");
        info.Field("used_memory", used);
        info.Field("used_memory_human", InfoWriter.Human(used));
        info.Field("used_memory_rss", rss);
        info.Field("used_memory_rss_human", InfoWriter.Human(rss));
        info.Field("used_memory_peak", peak);
        info.Field("used_memory_peak_human", InfoWriter.Human(peak));
        info.Field("used_memory_peak_perc", Percent((float)used * 100 / peak));
        info.Field("used_memory_overhead", overhead);
        info.Field("used_memory_startup", startup);
        info.Field("used_memory_dataset", dataset);
        info.Field("used_memory_dataset_perc", Percent((float)dataset * 100 / netUsage));
        info.Field("allocator_allocated", used);
        info.Field("allocator_active", committed);
        info.Field("allocator_resident", committed);
        info.Field("total_system_memory", totalSystem);
        info.Field("total_system_memory_human", InfoWriter.Human(totalSystem));
        // No scripting engine: no Lua or function memory.
        info.Field("used_memory_lua", 0);
        info.Field("used_memory_vm_eval", 0);
        info.Field("used_memory_lua_human", "0B");
        info.Field("used_memory_scripts_eval", 0);
        info.Field("number_of_cached_scripts", 0);
        info.Field("number_of_functions", 0);
        info.Field("number_of_libraries", 0);
        info.Field("used_memory_vm_functions", 0);
        info.Field("used_memory_vm_total", 0);
        info.Field("used_memory_vm_total_human", "0B");
        info.Field("used_memory_functions", 0);
        info.Field("used_memory_scripts", 0);
        info.Field("used_memory_scripts_human", "0B");
        info.Field("maxmemory", maxMemory);
        info.Field("maxmemory_human", InfoWriter.Human(maxMemory));
        info.Field("maxmemory_policy", config.MaxMemoryPolicy);
        info.Field("allocator_frag_ratio", Ratio(committed, used), 2);
        info.Field("allocator_frag_bytes", committed - used);
        info.Field("allocator_rss_ratio", Ratio(committed, committed), 2);
        info.Field("allocator_rss_bytes", 0);
        info.Field("rss_overhead_ratio", Ratio(rss, committed), 2);
        info.Field("rss_overhead_bytes", rss - committed);
        info.Field("mem_fragmentation_ratio", Ratio(rss, used), 2);
        info.Field("mem_fragmentation_bytes", rss - used);
        info.Field("mem_not_counted_for_evict", notCountedForEvict);
        info.Field("mem_replication_backlog", 0);
        info.Field("mem_total_replication_buffers", 0);
        info.Field("mem_clients_slaves", 0);
        info.Field("mem_clients_normal", clientsMemory);
        info.Field("mem_cluster_links", 0);
        info.Field("mem_aof_buffer", aofBuffer);
        info.Field("mem_allocator", Allocator);
        info.Field("active_defrag_running", 0);
        info.Field("lazyfree_pending_objects", 0);
        info.Field("lazyfreed_objects", 0);
    }

    // Redis computes its ratios in float.
    private static double Ratio(long numerator, long denominator) => (float)numerator / denominator;

    private static string Percent(float value) => PrintfFixed.Format(value, 2) + "%";
}
