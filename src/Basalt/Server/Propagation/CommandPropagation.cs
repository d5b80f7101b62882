namespace Basalt.Server.Propagation;

/// <summary>
/// Collects what the commands of one top-level execution change, in the form that is written to the
/// AOF (Redis's call() / alsoPropagate / propagatePendingCommands). By default a command that changed
/// the dataset (the dirty counter moved) is propagated as it was called; a command whose effect is
/// not deterministic as called rewrites its own form (<see cref="Rewrite"/>: EXPIRE becomes
/// PEXPIREAT, SPOP becomes SREM...) or adds writes (<see cref="Also"/>); keys deleted on the way
/// (lazy expiry, eviction) are added as DEL where they happen. When the outermost call ends, its
/// writes go to the sink, wrapped in MULTI/EXEC when there are two or more. With no sink (AOF off)
/// nothing is collected, so commands pay nothing for it.
/// </summary>
public sealed class CommandPropagation
{
    private readonly List<PropagatedCommand> _pending = [];
    private readonly List<CallState> _calls = [];

    /// <summary>The AOF, when on.</summary>
    public IPropagationSink? Sink { get; set; }

    public bool Active => Sink is not null;

    /// <summary>Starts a command's call (nested in EXEC: a call within a call).</summary>
    public void BeginCall()
    {
        _calls.Add(default);
    }

    /// <summary>
    /// Ends the innermost call: its own form is propagated when it changed the dataset (or was
    /// forced) and neither rewrote nor suppressed itself; the outermost call flushes everything.
    /// </summary>
    public void EndCall(int db, Protocol.CommandArgs args, bool changedData, bool propagatesItself)
    {
        var state = _calls[^1];
        _calls.RemoveAt(_calls.Count - 1);
        if (!state.Suppressed && (changedData || state.Forced))
        {
            if (state.Rewritten is { } rewritten)
            {
                _pending.Add(new PropagatedCommand(db, rewritten));
            }
            else if (propagatesItself)
            {
                _pending.Add(new PropagatedCommand(db, ToArrays(args)));
            }
        }
        if (_calls.Count == 0)
        {
            Flush(transaction: _pending.Count > 1);
        }
    }

    /// <summary>
    /// Replaces what the current command propagates (rewriteClientCommandVector). Like the command's
    /// own form, it goes after everything the command added on the way (call() propagates the
    /// command last), whenever during the command it was rewritten.
    /// </summary>
    public void Rewrite(params byte[][] args)
    {
        if (_calls.Count == 0)
        {
            return;
        }
        var state = _calls[^1];
        state.Rewritten = args;
        _calls[^1] = state;
    }

    /// <summary>Propagates the current command even if it changed nothing (FLUSHALL, forceCommandPropagation).</summary>
    public void Force()
    {
        if (_calls.Count > 0)
        {
            var state = _calls[^1];
            state.Forced = true;
            _calls[^1] = state;
        }
    }

    /// <summary>The current command propagates nothing of its own (its effects were added with <see cref="Also"/>).</summary>
    public void Suppress()
    {
        if (_calls.Count > 0)
        {
            var state = _calls[^1];
            state.Suppressed = true;
            _calls[^1] = state;
        }
    }

    /// <summary>
    /// Adds a write (alsoPropagate): within a command it joins that command's writes; outside any
    /// command (active expiry, eviction before a command) it goes out at once, on its own.
    /// </summary>
    public void Also(int db, params byte[][] args)
    {
        if (Sink is null)
        {
            return;
        }
        _pending.Add(new PropagatedCommand(db, args));
        if (_calls.Count == 0)
        {
            Flush(transaction: false);
        }
    }

    private void Flush(bool transaction)
    {
        if (_pending.Count == 0)
        {
            return;
        }
        Sink?.Append(_pending, transaction);
        _pending.Clear();
    }

    private static byte[][] ToArrays(Protocol.CommandArgs args)
    {
        var copy = new byte[args.Count][];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = args[i].ToArray();
        }
        return copy;
    }

    private struct CallState
    {
        public byte[][]? Rewritten;
        public bool Forced;
        public bool Suppressed;
    }
}
