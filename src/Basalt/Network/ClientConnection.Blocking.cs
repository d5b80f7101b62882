using System.Diagnostics;
using System.Net.Sockets;
using Basalt.Protocol;
using Basalt.Server;
using Basalt.Server.Blocking;

namespace Basalt.Network;

/// <summary>
/// What a connection does when one of its commands blocks (BLPOP and friends, see
/// <see cref="BlockingRegistry"/>). Redis stops processing a blocked client's query buffer until
/// the client is unblocked, but keeps reading its socket, so that a client that goes away while
/// blocked is freed at once and never served. Here:
/// <list type="number">
/// <item>Under the server lock, the batch stops at the blocking command: the commands after it are
///   copied (the receive buffer moves on) and the replies written before it are moved out of the
///   reply buffer, which from now on belongs to whoever serves the client under the lock.</item>
/// <item>Outside the lock, those earlier replies are sent; then the connection waits for either
///   its release or the socket: bytes that arrive are only buffered, and a closed socket ends the
///   connection (its cleanup forgets the blocked client, unserved).</item>
/// <item>Once released, the reply the server wrote for it (served value, timeout null) is in the
///   reply buffer; the remaining commands of the batch run, then whatever arrived meanwhile.</item>
/// </list>
/// A receive started while waiting may still be pending when the client is released; it writes
/// into the receive buffer at its end, so the buffer is not compacted until it completes.
/// </summary>
public sealed partial class ClientConnection
{
    /// <summary>The blocked state of the command that stopped the batch; null when not suspended.</summary>
    private BlockedClient? _blockedOn;

    /// <summary>Owned copies of the commands that followed the blocking one, run once it is released.</summary>
    private readonly List<CommandArgs> _leftover = [];

    /// <summary>Index of the next command of <see cref="_leftover"/> to run.</summary>
    private int _leftoverNext;

    /// <summary>Replies written before the command blocked, to send before waiting.</summary>
    private byte[]? _repliesBeforeBlock;

    /// <summary>A receive started while blocked that has not completed yet.</summary>
    private Task<int>? _carriedReceive;

    /// <summary>Whether a blocking command stopped the batch and the connection has not resumed it yet.</summary>
    private bool IsSuspended => _blockedOn is not null;

    /// <summary>The receive that was pending when the client was released, if any (taken once).</summary>
    private ValueTask<int>? TakeCarriedReceive()
    {
        if (_carriedReceive is not { } carried)
        {
            return null;
        }
        _carriedReceive = null;
        return new ValueTask<int>(carried);
    }

    /// <summary>
    /// Under the server lock, right after a command blocked: keeps owned copies of the batch's
    /// commands from <paramref name="next"/> on (after any left over from an earlier block) and moves
    /// the replies written so far out of the reply buffer. Returns the batch size, past which
    /// nothing of this batch runs now.
    /// </summary>
    private int SuspendBatch(int next)
    {
        _blockedOn = _server.Blocking.Of(Session);
        Debug.Assert(_blockedOn is not null, "a command set the Blocked flag without BlockingRegistry.Block");
        for (var i = next; i < _batchCount; i++)
        {
            _leftover.Add(_pool[i].Clone());
        }
        if (_output.Length > 0)
        {
            if (_output.Length > _replyPeak)
            {
                _replyPeak = _output.Length;
            }
            _repliesBeforeBlock = _output.Written.ToArray();
            _output.Clear();
        }
        return _batchCount;
    }

    /// <summary>
    /// Under the server lock, after the client was released: applies CLIENT REPLY OFF/SKIP to the
    /// reply it got, then runs the commands left over from its batch. False when one of them
    /// blocked again (the rest stay left over).
    /// </summary>
    private bool RunLeftoverCommands()
    {
        if (_blockedOn is null)
        {
            return true;
        }
        Debug.Assert(!Session.Has(ClientFlags.Blocked), "resumed while still blocked");
        _blockedOn = null;
        if ((Session.Flags & ReplySuppression) != 0)
        {
            // The only reply in the buffer is the one the blocked command finally got.
            ApplyReplyMode(0);
        }
        while (_leftoverNext < _leftover.Count)
        {
            if (Session.Has(ClientFlags.CloseAfterReply) || Session.Has(ClientFlags.CloseAsap))
            {
                break;
            }
            _context.Args = _leftover[_leftoverNext++];
            var replyStart = _output.Length;
            _server.Executor.Process(_context);
            if (Session.Has(ClientFlags.Blocked))
            {
                return false;
            }
            if ((Session.Flags & ReplySuppression) != 0)
            {
                ApplyReplyMode(replyStart);
            }
        }
        _leftover.Clear();
        _leftoverNext = 0;
        return true;
    }

    /// <summary>
    /// Outside the lock, while blocked: sends the replies written before the block, then waits for
    /// the release while reading the socket only to buffer what arrives and to notice a
    /// disconnection. True once released (the reply is in the reply buffer), false when the client
    /// went away or overflowed its query buffer (the caller closes without sending anything more).
    /// </summary>
    private async Task<bool> WaitUntilReleasedAsync()
    {
        var blocked = _blockedOn!;
        if (_repliesBeforeBlock is { } earlier)
        {
            _repliesBeforeBlock = null;
            await SendAsync(earlier).ConfigureAwait(false);
        }
        while (true)
        {
            _carriedReceive ??= _socket.ReceiveAsync(_input.GetWriteMemory(), SocketFlags.None).AsTask();
            var first = await Task.WhenAny(blocked.Unblocked, _carriedReceive).ConfigureAwait(false);
            if (first == blocked.Unblocked)
            {
                return await blocked.Unblocked.ConfigureAwait(false);
            }
            var received = await _carriedReceive.ConfigureAwait(false);
            _carriedReceive = null;
            Interlocked.Increment(ref _server.Stats.TotalReadsProcessed);
            if (received == 0)
            {
                return false;
            }
            _input.End += received;
            Interlocked.Add(ref _server.Stats.NetInputBytes, received);
            if (_input.Buffered > _server.Config.ClientQueryBufferLimit)
            {
                _server.Log.Warning($"Closing client that reached max query buffer length: id={Session.Id} addr={RemoteAddress} (blocked)");
                Interlocked.Increment(ref _server.Stats.ClientQueryBufferLimitDisconnections);
                return false;
            }
        }
    }
}
