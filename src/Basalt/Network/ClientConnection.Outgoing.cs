using System.Buffers;
using System.Net.Sockets;
using Basalt.Persistence.Aof;
using Basalt.Server;

namespace Basalt.Network;

/// <summary>
/// The connection's ordered output for what does not follow the request/reply rhythm: pub/sub
/// messages and the MONITOR feed, queued by other clients' commands under the server lock. Once
/// anything is queued for a client (or while it subscribes or monitors), its own replies join the
/// same queue at the end of their batch, still under the lock, so the client receives everything in
/// the order the server did it, as from Redis's single output buffer.
/// </summary>
public sealed partial class ClientConnection
{
    /// <summary>How many queued bytes one send gathers: many small messages leave in one write.</summary>
    private const int CoalesceBytes = 64 * 1024;

    private readonly Lock _outgoingGate = new();
    private List<OutgoingChunk> _outgoing = [];
    // True from the first chunk queued until the pump finds the queue empty; volatile so that the
    // per-batch check below needs no lock (an enqueue sets it under the server lock the check holds).
    private volatile bool _outgoingPumping;
    private int _outgoingCount;
    private long _outgoingBytes;
    private TaskCompletionSource? _outgoingIdle;
    private long _softLimitSinceSeconds;

    /// <summary>Bytes to send in order; replies carry the AOF offset that must be durable before they leave.</summary>
    private readonly record struct OutgoingChunk(byte[] Bytes, AofLog? Log, long Offset);

    public (int Count, long Bytes) OutOfBandBacklog
    {
        get
        {
            lock (_outgoingGate)
            {
                return (_outgoingCount, _outgoingBytes);
            }
        }
    }

    /// <summary>
    /// True when this batch's replies must go through the queue (decided under the server lock):
    /// something is queued or being sent, or another client may queue for this one at any moment.
    /// </summary>
    private bool RepliesFollowQueue => Session.Has(ClientFlags.PubSub | ClientFlags.Monitor) || _outgoingPumping;

    /// <summary>Queues a message for this client (under the server lock) and applies its output buffer limit.</summary>
    public void SendOutOfBand(byte[] data)
    {
        if (Enqueue(new OutgoingChunk(data, null, 0)))
        {
            EnforceOutputLimit();
        }
    }

    /// <summary>Moves the batch's replies to the queue (under the server lock), with the AOF offset they wait for.</summary>
    private void QueueReplies(AofLog? log, long offset)
    {
        Enqueue(new OutgoingChunk(_output.Written.ToArray(), log, offset));
        _output.Clear();
    }

    private bool Enqueue(OutgoingChunk chunk)
    {
        lock (_outgoingGate)
        {
            if (_closed)
            {
                return false;
            }
            _outgoing.Add(chunk);
            _outgoingCount++;
            _outgoingBytes += chunk.Bytes.Length;
            if (_outgoingPumping)
            {
                return true;
            }
            _outgoingPumping = true;
        }
        // Sent from the thread pool, not under the server lock: a message to many subscribers
        // must not make every other client wait for as many socket writes.
        ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.PumpOutgoingAsync(), this, preferLocal: false);
        return true;
    }

    private async Task PumpOutgoingAsync()
    {
        var buffer = ArrayPool<byte>.Shared.Rent(CoalesceBytes);
        try
        {
            while (true)
            {
                List<OutgoingChunk> batch;
                lock (_outgoingGate)
                {
                    if (_outgoing.Count == 0 || _closed)
                    {
                        StopPumping();
                        return;
                    }
                    batch = _outgoing;
                    _outgoing = [];
                }
                var filled = 0;
                var pending = 0;
                long pendingBytes = 0;
                foreach (var chunk in batch)
                {
                    // Replies leave only once their writes are in the AOF (group commit), and
                    // everything queued after them waits too, as it would behind them in Redis.
                    if (chunk.Log is { } log && !log.TryWriteNow(chunk.Offset))
                    {
                        await FlushAsync(buffer, filled, pending, pendingBytes).ConfigureAwait(false);
                        (filled, pending, pendingBytes) = (0, 0, 0);
                        if (!await log.WaitDurableAsync(chunk.Offset).ConfigureAwait(false))
                        {
                            _server.Log.Warning($"Closing client whose writes could not be written to the AOF: id={Session.Id} addr={RemoteAddress}");
                            Close();
                            lock (_outgoingGate)
                            {
                                StopPumping();
                            }
                            return;
                        }
                    }
                    if (filled + chunk.Bytes.Length > buffer.Length)
                    {
                        await FlushAsync(buffer, filled, pending, pendingBytes).ConfigureAwait(false);
                        (filled, pending, pendingBytes) = (0, 0, 0);
                    }
                    if (chunk.Bytes.Length > buffer.Length)
                    {
                        await SendAsync(chunk.Bytes).ConfigureAwait(false);
                        Sent(1, chunk.Bytes.Length);
                        continue;
                    }
                    chunk.Bytes.CopyTo(buffer.AsSpan(filled));
                    filled += chunk.Bytes.Length;
                    pending++;
                    pendingBytes += chunk.Bytes.Length;
                }
                await FlushAsync(buffer, filled, pending, pendingBytes).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            lock (_outgoingGate)
            {
                StopPumping();
            }
            Close();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task FlushAsync(byte[] buffer, int filled, int chunks, long bytes)
    {
        if (filled == 0)
        {
            return;
        }
        await SendAsync(buffer.AsMemory(0, filled)).ConfigureAwait(false);
        Sent(chunks, bytes);
    }

    private void Sent(int chunks, long bytes)
    {
        lock (_outgoingGate)
        {
            _outgoingCount -= chunks;
            _outgoingBytes -= bytes;
        }
    }

    /// <summary>Under the queue's gate: the pump ends, and whoever waits for the queue to empty goes on.</summary>
    private void StopPumping()
    {
        _outgoingPumping = false;
        _outgoingIdle?.TrySetResult();
        _outgoingIdle = null;
    }

    /// <summary>Waits until everything queued is sent (QUIT's reply goes out before the connection closes).</summary>
    private Task DrainOutgoingAsync()
    {
        lock (_outgoingGate)
        {
            if (!_outgoingPumping && _outgoing.Count == 0)
            {
                return Task.CompletedTask;
            }
            _outgoingIdle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _outgoingIdle.Task;
        }
    }

    private void DropOutgoing()
    {
        lock (_outgoingGate)
        {
            _outgoing.Clear();
            _outgoingCount = 0;
            _outgoingBytes = 0;
            _outgoingIdle?.TrySetResult();
            _outgoingIdle = null;
        }
    }

    /// <summary>
    /// client-output-buffer-limit for the client's class (pubsub while subscribed, normal otherwise:
    /// a MONITOR client is normal to Redis too), as checkClientOutputBufferLimits: past the hard
    /// limit, or past the soft limit for longer than its seconds, the client is closed at once.
    /// </summary>
    private void EnforceOutputLimit()
    {
        var limit = Session.Has(ClientFlags.PubSub) ? _server.Config.OutputBufferLimitPubSub : _server.Config.OutputBufferLimitNormal;
        if (limit.HardLimitBytes == 0 && limit.SoftLimitBytes == 0)
        {
            return;
        }
        ulong queued;
        lock (_outgoingGate)
        {
            queued = (ulong)_outgoingBytes;
        }
        var hard = limit.HardLimitBytes != 0 && queued >= limit.HardLimitBytes;
        var soft = limit.SoftLimitBytes != 0 && queued >= limit.SoftLimitBytes;
        if (soft)
        {
            var nowSeconds = _server.Databases.NowMs / 1000;
            if (_softLimitSinceSeconds == 0)
            {
                _softLimitSinceSeconds = nowSeconds;
                soft = false;
            }
            else if (nowSeconds - _softLimitSinceSeconds <= limit.SoftLimitSeconds)
            {
                soft = false;
            }
        }
        else
        {
            _softLimitSinceSeconds = 0;
        }
        if (hard || soft)
        {
            _server.Log.Warning($"Client {Commands.ClientInfoLine.Describe(Session, _server.Databases.NowMs)} scheduled to be closed ASAP for overcoming of output buffer limits.");
            Close();
        }
    }
}
