namespace Basalt.Server;

/// <summary>
/// Random bytes from the kernel's generator (/dev/urandom), as Redis's getRandomBytes takes its
/// seeds: for the hash seed and the run and replication ids made at start-up.
/// </summary>
/// <remarks>
/// RandomNumberGenerator would do as well, but on Linux its first call loads OpenSSL (8.5 ms
/// measured, of a start-up of ~120 ms): time a restarting server does not serve. Where the device
/// cannot be read (not Linux, a sandbox), the runtime's generator is used.
/// </remarks>
public static class KernelRandom
{
    private const string Device = "/dev/urandom";

    public static byte[] GetBytes(int count)
    {
        var bytes = new byte[count];
        Fill(bytes);
        return bytes;
    }

    public static void Fill(Span<byte> destination)
    {
        try
        {
            using var handle = File.OpenHandle(Device);
            var filled = 0;
            while (filled < destination.Length)
            {
                var n = RandomAccess.Read(handle, destination[filled..], 0);
                if (n <= 0)
                {
                    break;
                }
                filled += n;
            }
            if (filled == destination.Length)
            {
                return;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
        {
            // Falls through to the runtime's generator.
        }
        System.Security.Cryptography.RandomNumberGenerator.Fill(destination);
    }

    /// <summary>Lower-case hex of <paramref name="count"/> random bytes (Redis's run ids are 40 such characters).</summary>
    public static string Hex(int count) => Convert.ToHexStringLower(GetBytes(count));
}
