using Basalt.Commands;
using Basalt.Server;

namespace Basalt.Keyspace;

/// <summary>
/// processCommand's maxmemory step: before any command runs while maxmemory is set, evict what the
/// policy allows; if memory is still over the limit, refuse the commands that may grow it
/// (denyoom), EXEC of a transaction holding one, and anything but EXEC/DISCARD/QUIT/RESET inside
/// MULTI (queuing costs memory too).
/// </summary>
/// <remarks>
/// Memory here is <see cref="Info.MemoryTracker.StartupBytes"/> plus the keyspace's counted bytes
/// (<see cref="DatabaseMemory"/>). INFO used_memory adds the client buffers and the AOF buffer to
/// the same figure and reports them as mem_not_counted_for_evict, so used_memory minus that field
/// is exactly what eviction compares with maxmemory.
/// </remarks>
public static class EvictionGate
{
    /// <summary>shared.oomerr.</summary>
    public const string OutOfMemoryError = "OOM command not allowed when used memory > 'maxmemory'.";

    /// <summary>The error to refuse the command with, or null to run it.</summary>
    public static string? Refusal(BasaltServer server, CommandContext ctx, CommandSpec spec)
    {
        // Counting the keys the previous command wrote here keeps the list short and used_memory current.
        server.Databases.AccountWrites();
        var config = server.Config;
        var maxMemory = config.MaxMemory;
        if (maxMemory == 0)
        {
            return null;
        }
        var result = server.Databases.Eviction.Perform(maxMemory, EvictableBaseline(server), server.Databases.Eviction.PolicyNamed(config.MaxMemoryPolicy),
            config.MaxMemorySamples, config.MaxMemoryEvictionTenacity);
        if (result != EvictionResult.Fail)
        {
            return null;
        }
        var client = ctx.Client;
        var inMulti = client.Has(ClientFlags.Multi);
        var isExec = spec.Name == "exec";
        var reject = (spec.Flags & CommandFlags.DenyOom) != 0
            || (isExec && inMulti && QueuedDenyOom(client))
            || (inMulti && !isExec && spec.Name is not ("discard" or "quit" or "reset"));
        return reject ? OutOfMemoryError : null;
    }

    /// <summary>The memory counted for eviction besides the keyspace: the server's own at start-up.</summary>
    public static long EvictableBaseline(BasaltServer server) => server.Memory.StartupBytes;

    private static bool QueuedDenyOom(ClientSession client)
    {
        foreach (var queued in client.MultiQueue)
        {
            if ((queued.Spec.Flags & CommandFlags.DenyOom) != 0)
            {
                return true;
            }
        }
        return false;
    }
}
