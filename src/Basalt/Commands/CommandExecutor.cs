using System.Diagnostics;
using System.Text;
using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// Runs commands the way Redis's processCommand and call() do: lookup, arity, authentication,
/// the MULTI queue, loading and write refusals; then the handler, the statistics, the slow log,
/// the latency monitor and the MONITOR feed. Always called under the server lock, which gives all
/// keyspace changes one total order (DESIGN.md decision 1).
/// </summary>
public sealed class CommandExecutor
{
    private readonly BasaltServer _server;

    // The clock of the running batch: one wall-clock read per batch and one monotonic read per
    // command (the end of a command is the start of the next), because reading the clock is a
    // measurable part of a pipelined command's cost.
    private long _batchWallMs;
    private long _batchTicks;
    private long _lastTicks;

    public CommandExecutor(BasaltServer server)
    {
        _server = server;
    }

    /// <summary>
    /// Starts a batch of commands (called after taking the server lock): reads the wall clock once
    /// and sets the time the commands see.
    /// </summary>
    public void BeginBatch()
    {
        _server.Databases.UpdateClock();
        _batchWallMs = _server.Databases.NowMs;
        _batchTicks = _lastTicks = Stopwatch.GetTimestamp();
    }

    /// <summary>Processes one parsed command for a client (within a batch begun with <see cref="BeginBatch"/>).</summary>
    public void Process(CommandContext ctx)
    {
        var args = ctx.Args;
        var client = ctx.Client;
        var reply = ctx.Reply;
        if (_server.PendingShutdown is not null)
        {
            // The final snapshot is written and the AOF flushed: Redis exits right there, so nothing
            // may run (and be acknowledged) after it. The client sees its connection close.
            client.Set(ClientFlags.CloseAsap);
            return;
        }
        client.LastInteractionMs = _server.Databases.NowMs;

        var spec = _server.Commands.Resolve(args[0], args.Count > 1 ? args[1] : default, args.Count, out var isContainer);
        if (spec is null)
        {
            if (isContainer)
            {
                Reject(ctx, null, Errors.UnknownSubcommand(args.ToStringAt(1), args.ToStringAt(0)));
            }
            else
            {
                RejectUnknown(ctx, UnknownCommandMessage(args));
            }
            return;
        }
        client.LastCommand = spec.FullName;
        if (!spec.ArityMatches(args.Count))
        {
            Reject(ctx, spec, Errors.WrongArity(spec.FullName));
            return;
        }
        if ((spec.Flags & CommandFlags.Protected) != 0 && ProtectedCommands.Refusal(ctx, spec) is { } denied)
        {
            Reject(ctx, spec, denied);
            return;
        }
        if (!client.Authenticated && (spec.Flags & CommandFlags.NoAuth) == 0 && _server.AuthRequired)
        {
            Reject(ctx, spec, Errors.NoAuth);
            return;
        }
        if (client.Has(ClientFlags.Multi) && (spec.Flags & CommandFlags.NoMulti) != 0)
        {
            Reject(ctx, spec, "ERR Command not allowed inside a transaction");
            return;
        }
        if (_server.Loading && (spec.Flags & CommandFlags.Loading) == 0)
        {
            Reject(ctx, spec, Errors.Loading);
            return;
        }
        if (Keyspace.EvictionGate.Refusal(_server, ctx, spec) is { } outOfMemory)
        {
            Reject(ctx, spec, outOfMemory);
            return;
        }
        // MISCONF also refuses PING, so that a health check notices the failing disk (processCommand).
        if ((spec.IsWrite || spec.Name == "ping") && _server.WriteRefusal() is { } refusal)
        {
            Reject(ctx, spec, refusal);
            return;
        }
        // In RESP2 a subscribed connection carries messages: only what cannot be confused with them runs.
        if (client.Has(ClientFlags.PubSub) && client.Protocol == 2 && !RunsInPubSubContext(spec))
        {
            Reject(ctx, spec, $"ERR Can't execute '{spec.FullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context");
            return;
        }
        // A MONITOR client is a replica to Redis, and replicas may not touch the keyspace.
        if (client.Has(ClientFlags.Monitor) && (spec.Flags & (CommandFlags.Write | CommandFlags.ReadOnly | CommandFlags.MayReplicate)) != 0)
        {
            Reject(ctx, spec, "ERR Replica can't interact with the keyspace");
            return;
        }
        if (client.Has(ClientFlags.Multi) && !IsTransactionControl(spec))
        {
            client.MultiQueue.Add(new QueuedCommand(spec, args.Clone()));
            reply.Simple("QUEUED");
            return;
        }
        Call(ctx, spec);
        // handleClientsBlockedOnKeys: clients blocked on keys this command (or EXEC) made ready
        // are served now, before anything else runs.
        if (_server.Blocking.HasReadyKeys)
        {
            _server.Blocking.HandleReadyKeys();
        }
    }

    /// <summary>
    /// Runs a command read from an AOF (the fake client of loadSingleAppendOnlyFile): none of
    /// processCommand's checks, commands after MULTI are queued until EXEC. False for an unknown command.
    /// </summary>
    public bool ExecuteLoaded(CommandContext ctx) => ExecuteLoaded(ctx, out _);

    /// <summary>
    /// <see cref="ExecuteLoaded(CommandContext)"/>, also giving the command it resolved to (null when
    /// unknown). As loadSingleAppendOnlyFile runs cmd->proc rather than call(), the handler runs alone:
    /// no statistics, slow log, latency monitor or MONITOR feed, and nothing to propagate (the AOF is
    /// off while it loads). EXEC still runs its queued commands through <see cref="Call"/>, as in Redis.
    /// </summary>
    public bool ExecuteLoaded(CommandContext ctx, out CommandSpec? spec)
    {
        var args = ctx.Args;
        // By the original name too: the file was written with the names commands had before a
        // rename-command (Redis's loader would stop at them: "Unknown command").
        spec = _server.Commands.ResolveOriginal(args[0], args.Count > 1 ? args[1] : default, args.Count);
        if (spec is null)
        {
            return false;
        }
        // Redis queues everything but EXEC, DISCARD too (a file ending MULTI ... DISCARD is an open
        // transaction); a nested MULTI runs, and fails, at once instead of inside EXEC: the same no-op.
        if (ctx.Client.Has(ClientFlags.Multi) && spec.Name is not ("exec" or "multi"))
        {
            ctx.Client.MultiQueue.Add(new QueuedCommand(spec, args.Clone()));
            return true;
        }
        ctx.Command = spec;
        ctx.ClearRedactions();
        try
        {
            spec.Handler!(ctx);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // As in Call: a bug in one command must not take the server down; the log says what failed.
            _server.Log.Warning($"Internal error while executing '{spec.FullName}': {e}");
        }
        return true;
    }

    private static bool RunsInPubSubContext(CommandSpec spec) =>
        spec.Name is "ping" or "subscribe" or "ssubscribe" or "unsubscribe" or "sunsubscribe" or "psubscribe" or "punsubscribe" or "quit" or "reset";

    private static bool IsTransactionControl(CommandSpec spec) =>
        spec.Name is "exec" or "discard" or "multi" or "watch" or "quit" or "reset";

    /// <summary>Runs a resolved command (call()): handler, stats, slowlog, latency, monitor.</summary>
    /// <param name="recordStats">False for the AOF loader's EXEC, which Redis runs with CMD_CALL_NONE:
    /// no commandstats, latency samples or slow log entries (total_commands_processed still counts).</param>
    public void Call(CommandContext ctx, CommandSpec spec, bool recordStats = true)
    {
        ctx.Command = spec;
        ctx.ClearRedactions();
        var errorsBefore = _server.Stats.TotalErrorReplies;
        var start = _lastTicks;
        var replyStart = ctx.Reply.Length;
        var propagation = _server.Propagation;
        var propagating = propagation.Active;
        var db = ctx.Client.DbIndex;
        var dirtyBefore = _server.Databases.Dirty;
        if (propagating)
        {
            propagation.BeginCall();
        }
        try
        {
            spec.Handler!(ctx);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug in one command must not take the connection or the server down: drop what it
            // replied so far (a half-written aggregate would desynchronise the client), answer an
            // error, and leave the stack trace in the log.
            ctx.Reply.Truncate(replyStart);
            ctx.Reply.Error($"ERR internal error while executing '{spec.FullName}'");
            _server.Log.Warning($"Internal error while executing '{spec.FullName}': {e}");
        }
        if (propagating)
        {
            // Only an increase is a change: SAVE resets the counter (call()'s dirty < 0 -> 0).
            // EXEC propagates what its commands did, never itself. DEBUG never counts a change in
            // Redis (DEBUG RELOAD loads without counting), so it never reaches the AOF either.
            propagation.EndCall(db, ctx.Args, _server.Databases.Dirty > dirtyBefore, propagatesItself: spec.Name is not ("exec" or "debug"));
        }
        var end = Stopwatch.GetTimestamp();
        _lastTicks = end;
        _server.Databases.SetClock(_batchWallMs + (end - _batchTicks) * 1000 / Stopwatch.Frequency);
        var micros = (end - start) * 1_000_000 / Stopwatch.Frequency;

        // Only an increase is a failure: CONFIG RESETSTAT zeroes the counter while it runs.
        if (_server.Stats.TotalErrorReplies > errorsBefore)
        {
            spec.FailedCalls++;
        }
        _server.Stats.TotalCommandsProcessed++;
        if (!recordStats)
        {
            // (Nothing of the AOF loader's reaches MONITOR either: no client can run MONITOR while loading.)
            return;
        }
        spec.Calls++;
        spec.Microseconds += micros;
        if (ctx.Client.Has(ClientFlags.Blocked))
        {
            // A command that blocked gets its latency histogram and slow log entry when it is
            // served (updateStatsOnUnblock); only the latency monitor sees this part now.
            _server.Blocking.RecordBlockedCall(ctx.Client, micros);
            _server.Latency.Add((spec.Flags & CommandFlags.Fast) != 0 ? "fast-command" : "command", micros / 1000);
        }
        else
        {
            _server.Latency.RecordCommand(spec, micros);
            if ((spec.Flags & CommandFlags.SkipSlowlog) == 0)
            {
                _server.SlowLog.Consider(ctx, micros);
            }
        }
        if (_server.Monitors.Count > 0 && (spec.Flags & (CommandFlags.SkipMonitor | CommandFlags.Admin)) == 0)
        {
            FeedMonitors(ctx);
        }
    }

    private static void RejectUnknown(CommandContext ctx, byte[] message)
    {
        if (ctx.Client.Has(ClientFlags.Multi))
        {
            ctx.Client.Set(ClientFlags.DirtyExec);
        }
        ctx.Reply.Error(message);
    }

    private void Reject(CommandContext ctx, CommandSpec? spec, string message)
    {
        if (ctx.Client.Has(ClientFlags.Multi))
        {
            ctx.Client.Set(ClientFlags.DirtyExec);
        }
        if (spec is not null)
        {
            spec.RejectedCalls++;
        }
        if (spec?.Name == "exec")
        {
            // A rejected EXEC also discards the transaction and says why (execCommandAbort). Redis
            // passes formatted reasons without their "ERR" code and shared errors with theirs.
            TransactionCommands.Reset(ctx);
            var reason = message.StartsWith("ERR ", StringComparison.Ordinal) ? message[4..] : message;
            ctx.Reply.Error("EXECABORT Transaction discarded because of: " + reason);
            return;
        }
        ctx.Reply.Error(message);
    }

    /// <summary>
    /// "unknown command '%.128s', with args beginning with: 'a' 'b' ", built from the raw bytes
    /// with Redis's widths: each argument gets what is left of 128 bytes before it.
    /// </summary>
    private static byte[] UnknownCommandMessage(Protocol.CommandArgs args)
    {
        var message = new List<byte>(256);
        message.AddRange("ERR unknown command '"u8.ToArray());
        message.AddRange(CString(args[0], 128));
        message.AddRange("', with args beginning with: "u8.ToArray());
        var quoted = 0;
        for (var i = 1; i < args.Count && quoted < 128; i++)
        {
            var printed = CString(args[i], 128 - quoted);
            message.Add((byte)'\'');
            message.AddRange(printed);
            message.AddRange("' "u8.ToArray());
            quoted += printed.Length + 3;
        }
        return [.. message];
    }

    /// <summary>What printf's %.*s prints of a byte string: up to the first NUL, at most <paramref name="max"/> bytes.</summary>
    private static byte[] CString(ReadOnlySpan<byte> value, int max)
    {
        var nul = value.IndexOf((byte)0);
        if (nul >= 0)
        {
            value = value[..nul];
        }
        return value[..Math.Min(max, value.Length)].ToArray();
    }

    private void FeedMonitors(CommandContext ctx)
    {
        var now = DateTimeOffset.UtcNow;
        var sb = new StringBuilder();
        var micros = now.ToUnixTimeMilliseconds() * 1000 + now.Ticks % TimeSpan.TicksPerMillisecond / 10;
        sb.Append('+').Append(micros / 1_000_000).Append('.').Append((micros % 1_000_000).ToString("D6"));
        var address = ctx.Client.Has(ClientFlags.UnixSocket) ? "unix:" + _server.Config.UnixSocket : ctx.Client.Channel.RemoteAddress;
        sb.Append(" [").Append(ctx.Client.DbIndex).Append(' ').Append(address).Append(']');
        for (var i = 0; i < ctx.Args.Count; i++)
        {
            sb.Append(' ').Append(ctx.IsRedacted(i) ? "\"(redacted)\"" : Text.Repr.Quote(ctx.Args[i]));
        }
        sb.Append("\r\n");
        var bytes = Encoding.Latin1.GetBytes(sb.ToString());
        foreach (var monitor in _server.Monitors)
        {
            // A monitor's own command is shown after its reply, as Redis appends both to one buffer.
            if (ReferenceEquals(monitor, ctx.Client))
            {
                ctx.Reply.Raw(bytes);
            }
            else
            {
                monitor.Channel.SendOutOfBand(bytes);
            }
        }
    }
}
