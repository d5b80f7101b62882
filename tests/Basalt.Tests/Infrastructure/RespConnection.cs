using System.Net;
using System.Net.Sockets;

namespace Basalt.Tests.Infrastructure;

/// <summary>The server closed the connection before a full reply arrived.</summary>
public sealed class RespConnectionClosedException(string message, byte[] partial) : IOException(message)
{
    /// <summary>Bytes of the incomplete reply received before the close.</summary>
    public byte[] Partial { get; } = partial;
}

/// <summary>What <see cref="RespConnection.ReadUntilQuietAsync"/> saw.</summary>
public sealed record ReceivedBytes(byte[] Bytes, bool ClosedByPeer)
{
    public override string ToString() => $"{RespFormat.Escape(Bytes)}{(ClosedByPeer ? " <closed>" : " <open>")}";
}

/// <summary>
/// A minimal raw RESP client for tests: sends commands or raw bytes, reads exactly one reply at a time
/// as raw bytes plus a decoded <see cref="RespValue"/>. Not thread-safe; one reader and writer at a time.
/// </summary>
public sealed class RespConnection : IDisposable, IAsyncDisposable
{
    private readonly Socket _socket;
    private byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private bool _peerClosed;

    private RespConnection(Socket socket, int port)
    {
        _socket = socket;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Default timeout for reads (and connecting).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>True once a read has seen the peer close the connection.</summary>
    public bool PeerClosed => _peerClosed;

    /// <summary>The underlying socket (e.g. to set linger options before an abrupt close).</summary>
    public Socket Socket => _socket;

    public static async Task<RespConnection> ConnectAsync(int port, TimeSpan? timeout = null, string host = "127.0.0.1")
    {
        var to = timeout ?? TimeSpan.FromSeconds(15);
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var cts = new CancellationTokenSource(to);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Parse(host), port), cts.Token);
        }
        catch (OperationCanceledException)
        {
            socket.Dispose();
            throw new TimeoutException($"connecting to {host}:{port} took more than {to}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new RespConnection(socket, port) { Timeout = to };
    }

    public Task SendAsync(params object[] args) => SendRawAsync(RespFormat.EncodeCommand(args));

    public async Task SendRawAsync(ReadOnlyMemory<byte> bytes)
    {
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            while (!bytes.IsEmpty)
            {
                int n = await _socket.SendAsync(bytes, SocketFlags.None, cts.Token);
                bytes = bytes[n..];
            }
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"sending to port {Port} took more than {Timeout}");
        }
    }

    /// <summary>Sends a command and reads its reply.</summary>
    public async Task<RespReply> ExecuteAsync(params object[] args)
    {
        await SendAsync(args);
        return await ReadReplyAsync();
    }

    /// <summary>Sends raw bytes and reads one reply.</summary>
    public async Task<RespReply> ExecuteRawAsync(ReadOnlyMemory<byte> bytes, TimeSpan? timeout = null)
    {
        await SendRawAsync(bytes);
        return await ReadReplyAsync(timeout);
    }

    /// <summary>
    /// Reads exactly one complete reply (a RESP3 attribute is returned together with the value it annotates).
    /// Throws <see cref="TimeoutException"/>, <see cref="RespConnectionClosedException"/> or <see cref="RespProtocolException"/>.
    /// </summary>
    public async Task<RespReply> ReadReplyAsync(TimeSpan? timeout = null)
    {
        var to = timeout ?? Timeout;
        using var cts = new CancellationTokenSource(to);
        while (true)
        {
            if (_end > _start && RespParser.TryParse(_buffer.AsSpan(_start, _end - _start), out var value, out int consumed))
            {
                var raw = _buffer.AsSpan(_start, consumed).ToArray();
                _start += consumed;
                return new RespReply(raw, value!);
            }
            if (_peerClosed)
            {
                throw new RespConnectionClosedException(
                    $"port {Port}: connection closed by server; partial reply: \"{RespFormat.Escape(_buffer.AsSpan(_start, _end - _start))}\"",
                    _buffer.AsSpan(_start, _end - _start).ToArray());
            }
            int n;
            try
            {
                n = await ReceiveMoreAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"port {Port}: no complete reply within {to}; received so far: \"{RespFormat.Escape(_buffer.AsSpan(_start, _end - _start))}\"");
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                _peerClosed = true;
                continue;
            }
            if (n == 0)
            {
                _peerClosed = true;
            }
        }
    }

    /// <summary>
    /// Reads whatever arrives until nothing came for <paramref name="quiet"/> (after at least that long), the peer
    /// closed the connection, or <paramref name="max"/> elapsed. Does not parse. Consumes buffered bytes too.
    /// </summary>
    public async Task<ReceivedBytes> ReadUntilQuietAsync(TimeSpan quiet, TimeSpan? max = null)
    {
        var deadline = DateTime.UtcNow + (max ?? TimeSpan.FromSeconds(10));
        while (!_peerClosed)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }
            using var cts = new CancellationTokenSource(remaining < quiet ? remaining : quiet);
            try
            {
                int n = await ReceiveMoreAsync(cts.Token);
                if (n == 0)
                {
                    _peerClosed = true;
                }
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.ConnectionAborted)
            {
                _peerClosed = true;
            }
        }
        var bytes = _buffer.AsSpan(_start, _end - _start).ToArray();
        _start = _end = 0;
        return new ReceivedBytes(bytes, _peerClosed);
    }

    /// <summary>Waits until the server closes the connection, discarding data; false if still open after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForCloseAsync(TimeSpan timeout)
    {
        var r = await ReadUntilQuietAsync(timeout, timeout);
        return r.ClosedByPeer;
    }

    /// <summary>Closes abruptly: RST instead of FIN.</summary>
    public void Abort()
    {
        try
        {
            _socket.LingerState = new LingerOption(true, 0);
        }
        catch (SocketException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        _socket.Dispose();
    }

    private async Task<int> ReceiveMoreAsync(CancellationToken token)
    {
        if (_start == _end)
        {
            _start = _end = 0;
        }
        if (_end == _buffer.Length)
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            else
            {
                Array.Resize(ref _buffer, _buffer.Length * 2);
            }
        }
        int n = await _socket.ReceiveAsync(_buffer.AsMemory(_end), SocketFlags.None, token);
        _end += n;
        return n;
    }

    public void Dispose() => _socket.Dispose();

    public ValueTask DisposeAsync()
    {
        _socket.Dispose();
        return ValueTask.CompletedTask;
    }
}
