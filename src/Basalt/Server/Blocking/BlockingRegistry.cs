using System.Diagnostics;
using Basalt.Commands;
using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Server.Blocking;

/// <summary>
/// Clients blocked on keys (BLPOP, BLMOVE, BLMPOP, later BZPOPMIN, BZMPOP, XREAD BLOCK), as
/// Redis 7.0's blocked.c keeps them. Everything here runs under the server lock.
/// <list type="bullet">
/// <item>A blocking command that finds nothing calls <see cref="Block"/>: the client joins the
///   queue of each key, in arrival order, and its connection stops executing commands until it is
///   released (<see cref="BlockedClient.Unblocked"/>).</item>
/// <item>The keyspace's write door reports keys that receive a value (<see cref="KeyReady"/>, Redis's
///   signalKeyAsReady); only keys somebody waits on, for a type somebody waits for, are noted.</item>
/// <item>After each command (processCommand's handleClientsBlockedOnKeys) <see cref="HandleReadyKeys"/>
///   serves the clients waiting on the noted keys, first come first served, with each client's own
///   handler writing into its own reply buffer; served clients are released and their connections
///   send the reply and go on with their remaining commands.</item>
/// <item>The server cron times clients out (<see cref="ExpireTimeouts"/>); a client that disconnects
///   is forgotten without being served (<see cref="Disconnected"/>), so no element is popped for it.</item>
/// </list>
/// </summary>
public sealed class BlockingRegistry : IKeyReadyListener
{
    private const string UnblockedError = "UNBLOCKED client unblocked via CLIENT UNBLOCK";

    private readonly BasaltServer _server;

    /// <summary>The clients waiting on each key of each database, first come first (db->blocking_keys).</summary>
    private readonly Dictionary<(int Db, byte[] Key), LinkedList<BlockedClient>> _waiting = new(new DbKeyComparer());

    /// <summary>Keys signalled since they were last served, in signal order (server.ready_keys) ...</summary>
    private List<(Database Db, byte[] Key)> _ready = [];

    /// <summary>... and the same keys for a quick duplicate check (db->ready_keys).</summary>
    private readonly HashSet<(int Db, byte[] Key)> _readySet = new(new DbKeyComparer());

    /// <summary>The list <see cref="HandleReadyKeys"/> swaps in while it serves the previous one.</summary>
    private List<(Database Db, byte[] Key)> _spare = [];

    private readonly Dictionary<long, BlockedClient> _byClient = [];

    /// <summary>Blocked clients per waited-for type (blocked_clients_by_type), for quick returns.</summary>
    private readonly int[] _blockedByType = new int[Enum.GetValues<RedisType>().Length];

    private readonly List<BlockedClient> _expired = [];

    public BlockingRegistry(BasaltServer server)
    {
        _server = server;
    }

    /// <summary>Clients blocked right now (INFO blocked_clients).</summary>
    public int BlockedCount => _byClient.Count;

    /// <summary>Blocked clients that have a timeout (INFO clients_in_timeout_table).</summary>
    public int WithTimeoutCount
    {
        get
        {
            var count = 0;
            foreach (var blocked in _byClient.Values)
            {
                if (blocked.DeadlineMs != 0)
                {
                    count++;
                }
            }
            return count;
        }
    }

    /// <summary>Whether keys were signalled and <see cref="HandleReadyKeys"/> has work.</summary>
    public bool HasReadyKeys => _ready.Count > 0;

    /// <summary>The blocked state of a client, or null when it is not blocked.</summary>
    public BlockedClient? Of(ClientSession client) => _byClient.GetValueOrDefault(client.Id);

    /// <summary>
    /// Blocks the client running <paramref name="ctx"/>'s command on the keys at argument indexes
    /// <paramref name="firstKey"/> .. <paramref name="firstKey"/> + <paramref name="keyCount"/> - 1
    /// (blockForKeys). The command must not reply: its reply comes from <paramref name="handler"/>
    /// when a key is ready, or from the timeout. Callers check <see cref="Server.ClientFlags.DenyBlocking"/>
    /// first (inside EXEC a blocking command answers as if it timed out at once).
    /// </summary>
    /// <param name="waitsFor">The value type that serves the client (lists for BLPOP).</param>
    /// <param name="deadlineMs">Absolute Unix milliseconds, 0 for no timeout (<see cref="BlockTimeout"/>).</param>
    /// <param name="state">Anything the handler needs that it would otherwise parse again.</param>
    public BlockedClient Block(CommandContext ctx, RedisType waitsFor, int firstKey, int keyCount, long deadlineMs,
        BlockedKeyHandler handler, object? state = null)
    {
        var args = ctx.Args.Clone();
        var blocked = new BlockedClient(ctx, ctx.Command, args, waitsFor, deadlineMs, handler, state);
        for (var i = firstKey; i < firstKey + keyCount; i++)
        {
            if (IsWaitingOn(blocked, args[i]))
            {
                continue;
            }
            var key = args.ToArray(i);
            if (!_waiting.TryGetValue((blocked.DbIndex, key), out var queue))
            {
                queue = new LinkedList<BlockedClient>();
                _waiting.Add((blocked.DbIndex, key), queue);
            }
            blocked.Waits.Add((key, queue.AddLast(blocked)));
        }
        _byClient[blocked.Client.Id] = blocked;
        _blockedByType[(int)waitsFor]++;
        blocked.Client.Set(ClientFlags.Blocked);
        return blocked;
    }

    private static bool IsWaitingOn(BlockedClient blocked, ReadOnlySpan<byte> key)
    {
        foreach (var (waited, _) in blocked.Waits)
        {
            if (key.SequenceEqual(waited))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Records how long the blocking command ran before it blocked (call()'s duration); its
    /// latency histogram and slow log entry wait until it is served, as in Redis.
    /// </summary>
    public void RecordBlockedCall(ClientSession client, long micros)
    {
        if (_byClient.TryGetValue(client.Id, out var blocked))
        {
            blocked.CallMicros = micros;
        }
    }

    /// <inheritdoc/>
    public void KeyReady(Database db, ReadOnlySpan<byte> key, RedisType type)
    {
        if (_blockedByType[(int)type] == 0)
        {
            return;
        }
        // Someone waits on a key of this type: the name is needed as an array to look it up.
        var name = key.ToArray();
        if (!_waiting.ContainsKey((db.Index, name)))
        {
            return;
        }
        if (_readySet.Add((db.Index, name)))
        {
            _ready.Add((db, name));
        }
    }

    /// <inheritdoc/>
    public void DatabasesSwapped(Database first, Database second)
    {
        if (_waiting.Count == 0)
        {
            return;
        }
        // scanDatabaseForReadyKeys: a waited-on key that exists after the swap may serve its waiters.
        foreach (var (db, key) in _waiting.Keys.ToArray())
        {
            var database = db == first.Index ? first : db == second.Index ? second : null;
            if (database?.Peek(key) is { } entry)
            {
                KeyReady(database, key, entry.Value.Type);
            }
        }
    }

    /// <summary>
    /// Serves the clients blocked on the keys signalled so far (handleClientsBlockedOnKeys). Keys
    /// signalled while serving (BLMOVE pushing to a list someone waits on) are served too.
    /// </summary>
    public void HandleReadyKeys()
    {
        while (_ready.Count > 0)
        {
            var batch = _ready;
            _ready = _spare;
            foreach (var (db, key) in batch)
            {
                _readySet.Remove((db.Index, key));
                ServeKey(db, key);
            }
            batch.Clear();
            _spare = batch;
        }
    }

    private void ServeKey(Database db, byte[] key)
    {
        if (!_waiting.TryGetValue((db.Index, key), out var queue))
        {
            return;
        }
        // As Redis does per ready key: commands served now see a fixed time.
        _server.Databases.UpdateClock();
        var place = queue.First;
        while (place is not null)
        {
            // Serving unlinks only the served client's own place, so the next one stays valid.
            var next = place.Next;
            var blocked = place.Value;
            // Each waiter looks again: the one before may have emptied and deleted the key.
            var entry = db.LookupWrite(key);
            var matches = entry is not null && entry.Value.Type == blocked.WaitsFor;
            // A client being closed is never served: what it would pop would be lost with it.
            if ((matches || blocked.ServeWhenGone) && !blocked.Client.Has(ClientFlags.CloseAsap))
            {
                Serve(blocked, key, entry);
            }
            place = next;
        }
    }

    private void Serve(BlockedClient blocked, byte[] key, KeyEntry? entry)
    {
        var ctx = blocked.Context;
        ctx.Args = blocked.Args;
        ctx.Command = blocked.Command;
        ctx.ClearRedactions();
        var errorsBefore = _server.Stats.TotalErrorReplies;
        var replyStart = ctx.Reply.Length;
        var start = Stopwatch.GetTimestamp();
        // Serving is a unit of its own for the AOF (afterCommand per served client): the handler
        // adds the non-blocking form of what it did; the blocking command itself is never logged.
        var propagation = _server.Propagation;
        var propagating = propagation.Active;
        if (propagating)
        {
            propagation.BeginCall();
        }
        bool served;
        try
        {
            served = blocked.Handler(ctx, blocked, key, entry);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As CommandExecutor.Call does for a failing command: the waiter gets an error and
            // goes on, the pushing client and the server are not affected.
            ctx.Reply.Truncate(replyStart);
            ctx.Reply.Error($"ERR internal error while executing '{blocked.Command.FullName}'");
            _server.Log.Warning($"Internal error while serving a blocked '{blocked.Command.FullName}': {e}");
            served = true;
        }
        if (propagating)
        {
            propagation.EndCall(blocked.DbIndex, ctx.Args, changedData: false, propagatesItself: false);
        }
        if (!served)
        {
            return;
        }
        var micros = (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        RecordServedStats(blocked, micros, _server.Stats.TotalErrorReplies > errorsBefore);
        Unblock(blocked);
        blocked.Release(true);
    }

    /// <summary>updateStatsOnUnblock: the command's time, failure, latency histogram and slow log entry.</summary>
    private void RecordServedStats(BlockedClient blocked, long serveMicros, bool failed)
    {
        var spec = blocked.Command;
        // The slow log reads the command from the context, which must show the blocked command.
        blocked.Context.Args = blocked.Args;
        blocked.Context.Command = spec;
        // Redis adds the time before blocking again here, on top of what call() added: so do we.
        var total = blocked.CallMicros + serveMicros;
        spec.Microseconds += total;
        if (failed)
        {
            spec.FailedCalls++;
        }
        if (_server.Latency.TrackingEnabled)
        {
            (spec.LatencyHistogram ??= new LatencyHistogram()).Record(total * 1000);
        }
        if ((spec.Flags & CommandFlags.SkipSlowlog) == 0)
        {
            _server.SlowLog.Consider(blocked.Context, total);
        }
        _server.Latency.Add("command-unblocking", serveMicros / 1000);
    }

    /// <summary>
    /// Times out the clients whose deadline has passed (handleBlockedClientsTimeout), earliest
    /// deadline first: each gets its timeout reply and is released. Called by the server cron.
    /// </summary>
    public void ExpireTimeouts(long nowMs)
    {
        if (_byClient.Count == 0)
        {
            return;
        }
        foreach (var blocked in _byClient.Values)
        {
            if (blocked.DeadlineMs != 0 && blocked.DeadlineMs < nowMs)
            {
                _expired.Add(blocked);
            }
        }
        if (_expired.Count == 0)
        {
            return;
        }
        _expired.Sort(static (a, b) => a.DeadlineMs != b.DeadlineMs ? a.DeadlineMs.CompareTo(b.DeadlineMs) : a.Client.Id.CompareTo(b.Client.Id));
        foreach (var blocked in _expired)
        {
            ReplyTimedOut(blocked);
            Unblock(blocked);
            blocked.Release(true);
        }
        _expired.Clear();
    }

    /// <summary>
    /// CLIENT UNBLOCK id [TIMEOUT|ERROR]: releases a blocked client with its timeout reply, or with
    /// "-UNBLOCKED client unblocked via CLIENT UNBLOCK" when <paramref name="withError"/>.
    /// False (reply :0) when the client is not blocked; true (reply :1) otherwise.
    /// </summary>
    public bool TryUnblock(long clientId, bool withError)
    {
        if (!_byClient.TryGetValue(clientId, out var blocked))
        {
            return false;
        }
        if (withError)
        {
            blocked.Client.Reply.Error(UnblockedError);
        }
        else
        {
            ReplyTimedOut(blocked);
        }
        Unblock(blocked);
        // Redis counts an unblocked command as failed, whichever reply it got.
        RecordServedStats(blocked, 0, failed: true);
        blocked.Release(true);
        return true;
    }

    /// <summary>Forgets a client whose connection is gone, without replying or serving it.</summary>
    public void Disconnected(ClientSession client)
    {
        if (_byClient.TryGetValue(client.Id, out var blocked))
        {
            Unblock(blocked);
            blocked.Release(false);
        }
    }

    private static void ReplyTimedOut(BlockedClient blocked)
    {
        if (blocked.TimeoutReply is { } reply)
        {
            reply(blocked.Client.Reply);
        }
        else
        {
            blocked.Client.Reply.NullArray();
        }
    }

    /// <summary>unblockClientWaitingData: leaves every key's queue and the blocked state.</summary>
    private void Unblock(BlockedClient blocked)
    {
        foreach (var (key, place) in blocked.Waits)
        {
            var queue = place.List!;
            queue.Remove(place);
            if (queue.Count == 0)
            {
                _waiting.Remove((blocked.DbIndex, key));
            }
        }
        blocked.Waits.Clear();
        _byClient.Remove(blocked.Client.Id);
        _blockedByType[(int)blocked.WaitsFor]--;
        blocked.Client.Clear(ClientFlags.Blocked);
    }

    private sealed class DbKeyComparer : IEqualityComparer<(int Db, byte[] Key)>
    {
        public bool Equals((int Db, byte[] Key) x, (int Db, byte[] Key) y) => x.Db == y.Db && x.Key.AsSpan().SequenceEqual(y.Key);

        public int GetHashCode((int Db, byte[] Key) obj) => HashCode.Combine(obj.Db, KeyHasher.Hash(obj.Key));
    }
}
