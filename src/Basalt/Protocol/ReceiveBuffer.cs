using System.Buffers;

namespace Basalt.Protocol;

/// <summary>
/// A connection's query buffer: bytes received but not yet consumed by the parser. It grows only
/// as far as the bytes actually received need (never by a declared length), and gives memory back
/// when a large request has been consumed.
/// </summary>
public sealed class ReceiveBuffer : IDisposable
{
    private const int InitialSize = 4 * 1024;

    /// <summary>The buffer; rented from the pool on the first receive.</summary>
    public byte[] Data { get; private set; } = [];

    /// <summary>Start of the bytes not yet consumed.</summary>
    public int Start { get; set; }

    /// <summary>End of the received bytes.</summary>
    public int End { get; set; }

    public int Buffered => End - Start;

    /// <summary>Space to receive into, growing the buffer when it is full.</summary>
    public Memory<byte> GetWriteMemory()
    {
        if (End == Data.Length)
        {
            Resize(Math.Max(InitialSize, Data.Length * 2));
        }
        return Data.AsMemory(End);
    }

    /// <summary>
    /// Moves the bytes from <paramref name="keepFrom"/> on (the unconsumed bytes, or the start of a
    /// partially parsed command) to the front; returns how far they moved.
    /// </summary>
    public int Compact(int keepFrom)
    {
        var delta = keepFrom;
        if (delta == 0)
        {
            return 0;
        }
        Buffer.BlockCopy(Data, keepFrom, Data, 0, End - keepFrom);
        End -= delta;
        Start -= delta;
        if (Data.Length > 4 * InitialSize && End < InitialSize)
        {
            Resize(InitialSize);
        }
        return delta;
    }

    private void Resize(int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        Buffer.BlockCopy(Data, 0, bigger, 0, End);
        if (Data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Data);
        }
        Data = bigger;
    }

    public void Dispose()
    {
        if (Data.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(Data);
        }
        Data = [];
    }
}
