using System.Net.Sockets;
using Basalt.Commands;
using Basalt.Protocol;
using Basalt.Server;

namespace Basalt.Network;

/// <summary>
/// One client connection: receives bytes, parses every complete command in them, executes the
/// batch under the server lock in one go, and sends the replies with one write. Parsing and I/O
/// run outside the lock, so two cores share the work while commands keep one order.
/// </summary>
public sealed partial class ClientConnection : IClientChannel
{
    private readonly Socket _socket;
    private readonly BasaltServer _server;
    private readonly ReceiveBuffer _input = new();
    private readonly ReplyWriter _output = new();
    private readonly RequestParser _parser = new();
    private readonly CommandContext _context;
    private readonly List<CommandArgs> _pool = [];
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private int _replyPeak;
    private int _fileDescriptor = -1;
    private CommandArgs _pending = new();
    private int _batchCount;
    private volatile bool _closed;

    /// <summary>
    /// How many receives in a row may find data already there before the connection hands its loop
    /// to the thread pool. A receive that completes at once continues this loop on the thread that
    /// runs it, which for a connection woken by the socket engine is the engine's own thread: a
    /// client that pipelines without pause (redis-cli --pipe) would keep that thread, and every other
    /// client waited for it (PINGs of 1-6 s during a 3M-key load, where Redis's worst was 22-86 ms;
    /// Redis serves one read per client per turn of its event loop). Eight receives into the usual
    /// 4 KB query buffer are 32 KB of requests, a fraction of a millisecond of work.
    /// </summary>
    private const int ReceivesBeforeYield = 8;

    private int _receivesInARow;

    public ClientConnection(Socket socket, BasaltServer server, bool unixSocket)
    {
        _socket = socket;
        _server = server;
        // Redis names both ends of a Unix socket connection after the socket path (genClientAddrString).
        RemoteAddress = unixSocket ? server.Config.UnixSocket + ":0" : FormatEndPoint(socket.RemoteEndPoint);
        LocalAddress = unixSocket ? server.Config.UnixSocket + ":0" : FormatEndPoint(socket.LocalEndPoint);
        Session = new ClientSession(server.Clients.NextId(), this, _output, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        if (unixSocket)
        {
            Session.Set(ClientFlags.UnixSocket);
        }
        _output.ErrorWritten = server.Stats.RecordError;
        _context = new CommandContext(server, Session);
        Session.Authenticated = !server.AuthRequired;
    }

    public ClientSession Session { get; }

    public string RemoteAddress { get; }

    public string LocalAddress { get; }

    public (int Used, int Free) QueryBuffer => (_input.Buffered, _input.Data.Length - _input.End);

    public int PendingOutput => _output.Length;

    public (int Size, int Peak) ReplyBuffer => (_output.Capacity, Math.Max(_replyPeak, _output.Length));

    public int FileDescriptor
    {
        get
        {
            // Read once: exposing the handle is harmless for an accepted socket, but there is no need to repeat it.
            if (_fileDescriptor < 0 && !_closed)
            {
                try
                {
                    _fileDescriptor = (int)_socket.Handle;
                }
                catch (ObjectDisposedException)
                {
                }
            }
            return _fileDescriptor;
        }
    }

    /// <summary>Redis's address strings (anetFormatAddr): "1.2.3.4:5" and "[::1]:5".</summary>
    private static string FormatEndPoint(System.Net.EndPoint? endPoint) => endPoint switch
    {
        System.Net.IPEndPoint ip when ip.Address.IsIPv4MappedToIPv6 => $"{ip.Address.MapToIPv4()}:{ip.Port}",
        System.Net.IPEndPoint { AddressFamily: AddressFamily.InterNetworkV6 } ip => $"[{WithoutScope(ip.Address)}]:{ip.Port}",
        System.Net.IPEndPoint ip => $"{ip.Address}:{ip.Port}",
        _ => endPoint?.ToString() ?? "?",
    };

    private static string WithoutScope(System.Net.IPAddress address)
    {
        var text = address.ToString();
        var percent = text.IndexOf('%');
        return percent < 0 ? text : text[..percent];
    }

    /// <summary>Sends a reply to a client that is rejected at accept time and closes it.</summary>
    public static async Task RejectAsync(Socket socket, string error)
    {
        try
        {
            await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes("-" + error + "\r\n"), SocketFlags.None);
        }
        catch (SocketException)
        {
        }
        finally
        {
            socket.Dispose();
        }
    }

    public async Task RunAsync()
    {
        try
        {
            // A new connection holds no receive buffer until it has sent something, so that many
            // connections that never speak (or storms of connect/close) cost almost nothing.
            await _socket.ReceiveAsync(Memory<byte>.Empty, SocketFlags.None).ConfigureAwait(false);
            while (!_closed)
            {
                // After a blocking command, a receive started while it waited may still be pending.
                var receive = TakeCarriedReceive() ?? _socket.ReceiveAsync(_input.GetWriteMemory(), SocketFlags.None);
                if (!receive.IsCompleted)
                {
                    _receivesInARow = 0;
                }
                else if (++_receivesInARow >= ReceivesBeforeYield)
                {
                    // The client keeps sending faster than it is served (a bulk loader's pipe): let
                    // the socket engine's thread serve the other connections (see ReceivesBeforeYield).
                    _receivesInARow = 0;
                    await Task.Yield();
                }
                var received = await receive.ConfigureAwait(false);
                Interlocked.Increment(ref _server.Stats.TotalReadsProcessed);
                if (received == 0)
                {
                    break;
                }
                _input.End += received;
                Interlocked.Add(ref _server.Stats.NetInputBytes, received);
                var keepOpen = ProcessInput();
                // A command blocked (ClientConnection.Blocking.cs): wait for its release, then go on.
                while (keepOpen && IsSuspended)
                {
                    if (!await WaitUntilReleasedAsync().ConfigureAwait(false))
                    {
                        return;
                    }
                    keepOpen = ProcessInput();
                }
                if (!await AwaitDurabilityAsync().ConfigureAwait(false))
                {
                    return;
                }
                if (_output.Length > 0)
                {
                    if (_output.Length > _replyPeak)
                    {
                        _replyPeak = _output.Length;
                    }
                    await SendAsync(_output.Written).ConfigureAwait(false);
                    _output.Clear();
                }
                if (!keepOpen || Session.Has(ClientFlags.CloseAfterReply) || Session.Has(ClientFlags.CloseAsap))
                {
                    // A reply that went through the queue (QUIT while subscribed) still leaves before the close.
                    if (!Session.Has(ClientFlags.CloseAsap))
                    {
                        await DrainOutgoingAsync().ConfigureAwait(false);
                    }
                    break;
                }
            }
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        finally
        {
            Cleanup();
        }
    }

    // What the replies of the current batch wait for: the AOF bytes of its writes, a snapshot's back-pressure.
    private (Persistence.Aof.AofLog Log, long Offset)? _durable;
    private Persistence.KeyspaceSnapshot? _throttle;

    /// <summary>
    /// Waits, without holding the event thread, until this batch's writes are durable and the
    /// snapshot queue is under its cap. False when the disk refused the writes: nothing of the batch
    /// is acknowledged, the connection closes without the replies.
    /// </summary>
    private async Task<bool> AwaitDurabilityAsync()
    {
        if (_throttle is { } snapshot)
        {
            _throttle = null;
            await snapshot.ThrottleWriterAsync().ConfigureAwait(false);
        }
        if (_durable is not { } durable)
        {
            return true;
        }
        _durable = null;
        if (durable.Log.TryWriteNow(durable.Offset) || await durable.Log.WaitDurableAsync(durable.Offset).ConfigureAwait(false))
        {
            return true;
        }
        lock (_server.Sync)
        {
            _output.Truncate(0);
        }
        _server.Log.Warning($"Closing client whose writes could not be written to the AOF: id={Session.Id} addr={RemoteAddress}");
        return false;
    }

    /// <summary>Parses and executes what was received; false when the connection must close.</summary>
    private bool ProcessInput()
    {
        string? protocolError;
        while (true)
        {
            _batchCount = 0;
            protocolError = null;
            _parser.ProtoMaxBulkLen = _server.Config.ProtoMaxBulkLen;
            _parser.Unauthenticated = !Session.Authenticated;
            while (true)
            {
                var result = _parser.Parse(_input, _pending);
                if (result == ParseResult.NeedMore)
                {
                    break;
                }
                if (result == ParseResult.Error)
                {
                    protocolError = _parser.Error;
                    break;
                }
                if (_pending.Count > 0)
                {
                    AddToBatch();
                }
            }

            if (_batchCount > 0 || IsSuspended)
            {
                Persistence.Aof.AofLog? aof;
                long aofBefore, aofAfter, dirtyBefore, dirtyAfter;
                lock (_server.Sync)
                {
                    aof = _server.Aof.Log;
                    aofBefore = aof?.AppendedOffset ?? 0;
                    dirtyBefore = _server.Databases.Dirty;
                    _server.Executor.BeginBatch();
                    // Commands left over from a batch that blocked run first; if one blocks again, so does this batch.
                    var first = RunLeftoverCommands() ? 0 : SuspendBatch(0);
                    PreloadKeys(first);
                    for (var i = first; i < _batchCount; i++)
                    {
                        if (Session.Has(ClientFlags.CloseAfterReply) || Session.Has(ClientFlags.CloseAsap))
                        {
                            break;
                        }
                        _context.Args = _pool[i];
                        var replyStart = _output.Length;
                        _server.Executor.Process(_context);
                        if (Session.Has(ClientFlags.Blocked))
                        {
                            SuspendBatch(i + 1);
                            break;
                        }
                        if ((Session.Flags & ReplySuppression) != 0)
                        {
                            ApplyReplyMode(replyStart);
                        }
                    }
                    aofAfter = aof?.AppendedOffset ?? 0;
                    dirtyAfter = _server.Databases.Dirty;
                    if (_output.Length > 0 && RepliesFollowQueue)
                    {
                        // Behind what other clients queued for this one so far (ClientConnection.Outgoing.cs).
                        var log = _durable?.Log;
                        var offset = _durable?.Offset ?? 0;
                        if (aof is not null && aofAfter > aofBefore)
                        {
                            (log, offset) = (aof, Math.Max(offset, aofAfter));
                        }
                        _durable = null;
                        QueueReplies(log, offset);
                        aofAfter = aofBefore;
                    }
                }
                // A snapshot whose queue is over its cap makes this writer wait before its replies.
                if (dirtyAfter != dirtyBefore && _server.ActiveSnapshot is { } snapshot && snapshot.OverLimit)
                {
                    _throttle = snapshot;
                }
                // Group commit: the replies of a batch that wrote leave only once its writes are in
                // the file (and synced under appendfsync always); RunAsync awaits that.
                if (aof is not null && aofAfter > aofBefore)
                {
                    _durable = (aof, Math.Max(aofAfter, _durable?.Offset ?? 0));
                }
            }

            // While blocked, a malformed request after the blocking command waits: its bytes stay
            // in the buffer and fail again when parsing resumes, as Redis parses it only then.
            if (IsSuspended)
            {
                protocolError = null;
            }

            // A request over the unauthenticated size limits that follows an AUTH in the same read is
            // judged again once the AUTH has run: Redis parses and runs commands one at a time.
            if (protocolError is not null && _parser.Unauthenticated && Session.Authenticated)
            {
                _parser.Unauthenticated = false;
                continue;
            }
            break;
        }

        if (protocolError is not null)
        {
            lock (_server.Sync)
            {
                _output.Error("ERR " + protocolError);
                if (RepliesFollowQueue)
                {
                    QueueReplies(null, 0);
                }
            }
            _server.Log.Verbose($"Protocol error ({protocolError}) from client: id={Session.Id} addr={RemoteAddress}");
            return false;
        }

        var keepFrom = _parser.InProgress ? _parser.CommandStart : _input.Start;
        if (_input.End - keepFrom > _server.Config.ClientQueryBufferLimit)
        {
            _server.Log.Warning($"Closing client that reached max query buffer length: id={Session.Id} addr={RemoteAddress} (qbuf initial bytes: {Text.Repr.Quote(_input.Data.AsSpan(keepFrom, Math.Min(64, _input.End - keepFrom)))})");
            Interlocked.Increment(ref _server.Stats.ClientQueryBufferLimitDisconnections);
            return false;
        }
        // A receive still pending from a blocked wait writes at the buffer's end: do not move it now.
        var delta = _carriedReceive is null ? _input.Compact(keepFrom) : 0;
        if (delta != 0)
        {
            _parser.OnCompacted(delta, _pending);
        }
        return true;
    }

    private const ClientFlags ReplySuppression = ClientFlags.ReplyOff | ClientFlags.ReplySkip | ClientFlags.ReplySkipNext;

    /// <summary>
    /// CLIENT REPLY OFF/SKIP: drops what the command just replied (errors are still counted, as in
    /// Redis) unless it was a push, then arms SKIP for the command after CLIENT REPLY SKIP
    /// (resetClient's flag dance).
    /// </summary>
    private void ApplyReplyMode(int replyStart)
    {
        if (Session.Has(ClientFlags.ReplyOff | ClientFlags.ReplySkip) && !Session.Has(ClientFlags.Pushing))
        {
            _output.Truncate(replyStart);
        }
        Session.Clear(ClientFlags.ReplySkip | ClientFlags.Pushing);
        if (Session.Has(ClientFlags.ReplySkipNext))
        {
            Session.Clear(ClientFlags.ReplySkipNext);
            Session.Set(ClientFlags.ReplySkip);
        }
    }

    /// <summary>The longest first argument <see cref="PreloadKeys"/> hashes: longer ones are rarely keys.</summary>
    private const int PreloadKeyLimit = 1024;

    /// <summary>
    /// Reads ahead, for a pipelined batch, the key table memory that the commands' first arguments
    /// (the key of nearly every command) will be looked up in: the lookups of one batch do not depend
    /// on each other, so their cache misses overlap here instead of stalling each command in turn. An
    /// argument that is not a key only costs its hash (bounded: a long one is left alone). Under the
    /// server lock.
    /// </summary>
    private void PreloadKeys(int from)
    {
        if (_batchCount - from < 2)
        {
            return;
        }
        var db = _server.Databases[Session.DbIndex];
        for (var i = from; i < _batchCount; i++)
        {
            var args = _pool[i];
            if (args.Count >= 2 && args[1].Length <= PreloadKeyLimit)
            {
                db.Preload(Keyspace.KeyHasher.Hash(args[1]));
            }
        }
    }

    private void AddToBatch()
    {
        // The parsed command goes into the batch slot; the slot's previous object becomes the next "pending".
        if (_batchCount == _pool.Count)
        {
            _pool.Add(_pending);
            _pending = new CommandArgs();
        }
        else
        {
            (_pool[_batchCount], _pending) = (_pending, _pool[_batchCount]);
        }
        _batchCount++;
    }

    private async Task SendAsync(ReadOnlyMemory<byte> data)
    {
        await _sendGate.WaitAsync().ConfigureAwait(false);
        Interlocked.Increment(ref _server.Stats.TotalWritesProcessed);
        try
        {
            while (data.Length > 0)
            {
                var sent = await _socket.SendAsync(data, SocketFlags.None).ConfigureAwait(false);
                data = data[sent..];
                Interlocked.Add(ref _server.Stats.NetOutputBytes, sent);
            }
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }
        _closed = true;
        Session.Set(ClientFlags.CloseAsap);
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    private void Cleanup()
    {
        lock (_server.Sync)
        {
            _server.Clients.Remove(Session);
            _server.Monitors.Remove(Session);
            _server.PubSub.Forget(Session);
            _server.Databases.Watches.UnwatchAll(Session.Watch);
            // A client that leaves while blocked is forgotten unserved: nothing is popped for it.
            _server.Blocking.Disconnected(Session);
        }
        Close();
        _input.Dispose();
        DropOutgoing();
    }
}
