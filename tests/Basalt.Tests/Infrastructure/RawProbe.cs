namespace Basalt.Tests.Infrastructure;

/// <summary>Sends raw bytes on a fresh connection and collects whatever comes back until the server goes quiet or closes.</summary>
public static class RawProbe
{
    public static readonly TimeSpan DefaultQuiet = TimeSpan.FromMilliseconds(300);

    public static async Task<ReceivedBytes> SendAsync(int port, byte[] bytes, TimeSpan? quiet = null, TimeSpan? max = null)
    {
        await using var c = await RespConnection.ConnectAsync(port);
        try
        {
            await c.SendRawAsync(bytes);
        }
        catch (System.Net.Sockets.SocketException)
        {
            // The server may close (and reset) while we are still sending a large request.
        }
        return await c.ReadUntilQuietAsync(quiet ?? DefaultQuiet, max ?? TimeSpan.FromSeconds(10));
    }
}
