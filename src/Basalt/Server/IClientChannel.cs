namespace Basalt.Server;

/// <summary>What the command layer may do with a client's connection beyond replying in order.</summary>
public interface IClientChannel
{
    /// <summary>Queues bytes to send out of band (MONITOR feed, later pub/sub and unblocked replies).</summary>
    void SendOutOfBand(byte[] data);

    /// <summary>Closes the connection as soon as possible (CLIENT KILL, timeout).</summary>
    void Close();

    string RemoteAddress { get; }

    string LocalAddress { get; }

    /// <summary>Bytes held in the query buffer and its free space (CLIENT LIST qbuf, qbuf-free).</summary>
    (int Used, int Free) QueryBuffer { get; }

    /// <summary>Bytes of replies written but not sent yet (CLIENT LIST obl).</summary>
    int PendingOutput { get; }

    /// <summary>The reply buffer's size and the most it has held at once (CLIENT LIST rbs, rbp).</summary>
    (int Size, int Peak) ReplyBuffer { get; }

    /// <summary>Out-of-band messages queued but not sent yet, and their bytes (CLIENT LIST oll, omem).</summary>
    (int Count, long Bytes) OutOfBandBacklog { get; }

    /// <summary>The socket's file descriptor (CLIENT LIST fd), -1 once closed.</summary>
    int FileDescriptor { get; }
}
