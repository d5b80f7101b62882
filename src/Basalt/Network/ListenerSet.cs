using System.Net;
using System.Net.Sockets;
using Basalt.Server;

namespace Basalt.Network;

/// <summary>
/// The listening sockets for <c>bind</c>/<c>port</c> and <c>unixsocket</c>, and the accept loops
/// that apply maxclients and protected-mode before a client gets a connection.
/// </summary>
public sealed class ListenerSet : IDisposable
{
    private const string ProtectedModeMessage =
        "DENIED Redis is running in protected mode because protected mode is enabled and no password is set for the default user. In this mode connections are only accepted from the loopback interface. If you want to connect from external computers to Redis you may adopt one of the following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' from the loopback interface by connecting to Redis from the same host the server is running, however MAKE SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the server manually just for testing, restart it with the '--protected-mode no' option. 4) Setup a an authentication password for the default user. NOTE: You only need to do one of the above things in order for the server to start accepting connections from the outside.";

    private readonly BasaltServer _server;
    private readonly List<(Socket Socket, bool Unix)> _sockets = [];
    private string? _unixPath;

    /// <summary>Whether the accept loops run: listeners opened later (<see cref="Reopen"/>) start theirs at once.</summary>
    private bool _accepting;

    public ListenerSet(BasaltServer server)
    {
        _server = server;
    }

    /// <summary>Opens every listener; false (after logging Redis's lines) when start-up must abort.</summary>
    public bool Open()
    {
        if (!OpenTcp())
        {
            _server.Log.Warning($"Failed listening on port {_server.Config.Port} (TCP), aborting.");
            return false;
        }
        var unix = _server.Config.UnixSocket;
        if (!string.IsNullOrEmpty(unix))
        {
            try
            {
                File.Delete(unix);
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                socket.Bind(new UnixDomainSocketEndPoint(unix));
                socket.Listen(_server.Config.TcpBacklog);
                if (_server.Config.UnixSocketPerm != 0 && !OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(unix, (UnixFileMode)_server.Config.UnixSocketPerm);
                }
                _sockets.Add((socket, true));
                _unixPath = unix;
            }
            catch (Exception e) when (e is SocketException or IOException or UnauthorizedAccessException)
            {
                _server.Log.Warning($"Failed opening Unix socket: {e.Message}");
                return false;
            }
        }
        return true;
    }

    /// <summary>
    /// Listens on every <c>bind</c> address at <c>port</c> (none when it is 0); false after logging
    /// the address that failed, with what was opened closed again. Optional addresses (<c>-::1</c>)
    /// that fail are skipped.
    /// </summary>
    private bool OpenTcp()
    {
        var port = _server.Config.Port;
        if (port == 0)
        {
            return true;
        }
        foreach (var raw in _server.Config.Bind)
        {
            var optional = raw.StartsWith('-');
            var address = optional ? raw[1..] : raw;
            if (!TryListen(address, port, out var error) && !optional)
            {
                _server.Log.Warning($"Warning: Could not create server TCP listening socket {address}:{port}: {error}");
                CloseTcp();
                return false;
            }
        }
        return true;
    }

    private void CloseTcp()
    {
        foreach (var (socket, _) in _sockets.Where(s => !s.Unix).ToList())
        {
            socket.Dispose();
            _sockets.Remove((socket, false));
        }
    }

    /// <summary>
    /// CONFIG SET port or bind (changeListenPort, changeBindAddr): the TCP listeners close and open
    /// again on the new addresses, accepting at once; null, or the error CONFIG SET replies (the
    /// configuration then goes back to the old values and this runs again with them). Connected
    /// clients stay connected. Runs under the server lock.
    /// </summary>
    public string? Reopen(string parameter)
    {
        // Closed first, as Redis does, so that an address kept in the new list can be bound again.
        CloseTcp();
        if (!OpenTcp())
        {
            if (parameter == "bind")
            {
                _server.Log.Warning("Failed to bind");
                return "Failed to bind to specified addresses.";
            }
            return "Unable to listen on this port. Check server logs.";
        }
        if (_accepting)
        {
            foreach (var (socket, unix) in _sockets.Where(s => !s.Unix))
            {
                _ = AcceptLoopAsync(socket, unix);
            }
        }
        return null;
    }

    private bool TryListen(string address, int port, out string error)
    {
        error = "";
        IPAddress ip;
        if (address == "*")
        {
            ip = IPAddress.Any;
        }
        else if (address == "::*")
        {
            ip = IPAddress.IPv6Any;
        }
        else if (!IPAddress.TryParse(address, out ip!))
        {
            error = "Name or service not known";
            return false;
        }
        var socket = new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            AllowAddressReuse(socket);
            if (ip.AddressFamily == AddressFamily.InterNetworkV6)
            {
                socket.DualMode = false;
            }
            socket.Bind(new IPEndPoint(ip, port));
            socket.Listen(_server.Config.TcpBacklog);
            _sockets.Add((socket, false));
            return true;
        }
        catch (SocketException e)
        {
            error = e.SocketErrorCode switch
            {
                SocketError.AddressAlreadyInUse => "bind: Address already in use",
                SocketError.AddressNotAvailable => "bind: Cannot assign requested address",
                _ => "bind: " + e.Message,
            };
            socket.Dispose();
            return false;
        }
    }

    /// <summary>
    /// SO_REUSEADDR only, as Redis sets it (a restart can bind while old connections linger in
    /// TIME_WAIT). .NET's ReuseAddress option also sets SO_REUSEPORT on Linux, which would let a
    /// second server bind the same port instead of failing with "Address already in use".
    /// </summary>
    private static void AllowAddressReuse(Socket socket)
    {
        if (OperatingSystem.IsLinux())
        {
            const int SolSocket = 1;
            const int SoReuseAddr = 2;
            socket.SetRawSocketOption(SolSocket, SoReuseAddr, BitConverter.GetBytes(1));
        }
        else
        {
            socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        }
    }

    public IEnumerable<string> Describe()
    {
        foreach (var (socket, unix) in _sockets)
        {
            yield return unix ? "unix" : socket.LocalEndPoint?.ToString() ?? "?";
        }
    }

    public bool HasTcp => _sockets.Exists(s => !s.Unix);

    public string? UnixPath => _unixPath;

    public void StartAccepting()
    {
        _accepting = true;
        foreach (var (socket, unix) in _sockets)
        {
            _ = AcceptLoopAsync(socket, unix);
        }
    }

    private async Task AcceptLoopAsync(Socket listener, bool unix)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync().ConfigureAwait(false);
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.OperationAborted)
            {
                return;
            }
            catch (SocketException e)
            {
                _server.Log.Warning($"Accepting client connection: {e.Message}");
                continue;
            }
            Accept(client, unix);
        }
    }

    private void Accept(Socket socket, bool unix)
    {
        if (!unix)
        {
            socket.NoDelay = true;
            var keepAlive = _server.Config.TcpKeepAlive;
            if (keepAlive > 0)
            {
                socket.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.KeepAlive, true);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveTime, keepAlive);
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveInterval, Math.Max(1, keepAlive / 3));
                socket.SetSocketOption(SocketOptionLevel.Tcp, SocketOptionName.TcpKeepAliveRetryCount, 3);
            }
        }
        ClientConnection connection;
        lock (_server.Sync)
        {
            Interlocked.Increment(ref _server.Stats.TotalConnectionsReceived);
            if (_server.Clients.Count >= _server.Config.MaxClients)
            {
                _server.Stats.RejectedConnections++;
                _ = ClientConnection.RejectAsync(socket, "ERR max number of clients reached");
                return;
            }
            if (!unix && _server.Config.ProtectedMode && !_server.AuthRequired &&
                socket.RemoteEndPoint is IPEndPoint remote && !IPAddress.IsLoopback(remote.Address.IsIPv4MappedToIPv6 ? remote.Address.MapToIPv4() : remote.Address))
            {
                _server.Stats.RejectedConnections++;
                _ = ClientConnection.RejectAsync(socket, ProtectedModeMessage);
                return;
            }
            connection = new ClientConnection(socket, _server, unix);
            _server.Clients.Add(connection.Session);
        }
        _server.Log.Verbose($"Accepted {connection.RemoteAddress}");
        _ = Task.Run(connection.RunAsync);
    }

    public void Dispose()
    {
        foreach (var (socket, _) in _sockets)
        {
            socket.Dispose();
        }
        _sockets.Clear();
        if (_unixPath is not null)
        {
            try
            {
                File.Delete(_unixPath);
            }
            catch (IOException)
            {
            }
        }
    }
}
