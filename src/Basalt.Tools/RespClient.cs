using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Basalt.Tools;

/// <summary>
/// The smallest RESP2 client the tools need: sends a command as an array of bulk strings and reads
/// one reply, as .NET values (string for simple and bulk strings, long, null, object?[] for arrays,
/// <see cref="RespError"/> for errors).
/// </summary>
public sealed class RespClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly BufferedStream _stream;

    private RespClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = new BufferedStream(tcp.GetStream(), 16 * 1024);
    }

    public static RespClient Connect(string host, int port, TimeSpan timeout)
    {
        var tcp = new TcpClient { NoDelay = true, ReceiveTimeout = (int)timeout.TotalMilliseconds, SendTimeout = (int)timeout.TotalMilliseconds };
        try
        {
            if (!tcp.ConnectAsync(host, port).Wait(timeout))
            {
                throw new IOException($"timed out connecting to {host}:{port}");
            }
        }
        catch (AggregateException e) when (e.InnerException is SocketException s)
        {
            tcp.Dispose();
            throw new IOException(s.Message, s);
        }
        catch
        {
            tcp.Dispose();
            throw;
        }
        return new RespClient(tcp);
    }

    public object? Call(params string[] args)
    {
        var request = new StringBuilder();
        request.Append('*').Append(args.Length).Append("\r\n");
        foreach (var arg in args)
        {
            request.Append('$').Append(Encoding.UTF8.GetByteCount(arg)).Append("\r\n").Append(arg).Append("\r\n");
        }
        _stream.Write(Encoding.UTF8.GetBytes(request.ToString()));
        _stream.Flush();
        return ReadReply();
    }

    private object? ReadReply()
    {
        var line = ReadLine();
        if (line.Length == 0)
        {
            throw new IOException("protocol error: empty reply line");
        }
        var rest = line[1..];
        switch (line[0])
        {
            case '+':
                return rest;
            case '-':
                return new RespError(rest);
            case ':':
                return long.Parse(rest, CultureInfo.InvariantCulture);
            case '$':
                {
                    var length = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (length < 0)
                    {
                        return null;
                    }
                    var data = new byte[length + 2];
                    _stream.ReadExactly(data);
                    return Encoding.UTF8.GetString(data, 0, length);
                }
            case '*':
                {
                    var count = int.Parse(rest, CultureInfo.InvariantCulture);
                    if (count < 0)
                    {
                        return null;
                    }
                    var items = new object?[count];
                    for (var i = 0; i < count; i++)
                    {
                        items[i] = ReadReply();
                    }
                    return items;
                }
            default:
                throw new IOException($"protocol error: unexpected reply '{line}'");
        }
    }

    private string ReadLine()
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = _stream.ReadByte();
            if (b < 0)
            {
                throw new IOException("connection closed by the server");
            }
            if (b == '\n' && bytes.Count > 0 && bytes[^1] == '\r')
            {
                bytes.RemoveAt(bytes.Count - 1);
                return Encoding.UTF8.GetString([.. bytes]);
            }
            bytes.Add((byte)b);
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _tcp.Dispose();
    }
}

/// <summary>An error reply (<c>-ERR ...</c>), its text without the dash.</summary>
public sealed record RespError(string Message);
