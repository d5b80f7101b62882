namespace Basalt.Server;

/// <summary>Server-wide counters for INFO stats and errorstats; changed under the server lock or atomically.</summary>
public sealed class ServerStats
{
    public long TotalConnectionsReceived;
    public long TotalCommandsProcessed;
    public long RejectedConnections;
    public long NetInputBytes;
    public long NetOutputBytes;
    public long TotalErrorReplies;
    public long UnexpectedErrorReplies;
    public long ClientQueryBufferLimitDisconnections;

    /// <summary>Socket reads and writes done for clients (INFO stats total_reads_processed / total_writes_processed).</summary>
    public long TotalReadsProcessed;
    public long TotalWritesProcessed;

    /// <summary>Error replies by code (ERR, WRONGTYPE...), for INFO errorstats.</summary>
    public Dictionary<string, long> ErrorCodes { get; } = new(StringComparer.Ordinal);

    public void RecordError(string message)
    {
        TotalErrorReplies++;
        var space = message.IndexOf(' ');
        var code = space < 0 ? message : message[..space];
        // Redis caps the number of distinct codes to protect itself from arbitrary error strings.
        if (ErrorCodes.Count >= 128 && !ErrorCodes.ContainsKey(code))
        {
            return;
        }
        ErrorCodes[code] = ErrorCodes.GetValueOrDefault(code) + 1;
    }

    public void Reset()
    {
        TotalConnectionsReceived = TotalCommandsProcessed = RejectedConnections = 0;
        NetInputBytes = NetOutputBytes = TotalErrorReplies = UnexpectedErrorReplies = 0;
        ClientQueryBufferLimitDisconnections = 0;
        TotalReadsProcessed = TotalWritesProcessed = 0;
        ErrorCodes.Clear();
    }
}
