using System.Net;
using System.Net.Sockets;

namespace Basalt.Tests.Infrastructure;

/// <summary>Hands out ephemeral loopback ports that are free right now and were not handed out before in this process.</summary>
public static class FreePorts
{
    private static readonly HashSet<int> Given = [];
    private static readonly Lock Gate = new();

    public static int Next()
    {
        for (int attempt = 0; attempt < 100; attempt++)
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            lock (Gate)
            {
                if (Given.Add(port))
                {
                    return port;
                }
            }
        }
        throw new InvalidOperationException("could not find a free port");
    }
}
