namespace Basalt.Persistence.Rdb;

/// <summary>
/// A file or payload that cannot be loaded: truncated, corrupt, or using something 7.0 cannot load.
/// <see cref="Exception.Message"/> is the reason as Redis words it ("Unexpected EOF reading RDB file",
/// "RDB CRC error", "Listpack integrity check failed.", ...), and the other properties carry what
/// redis-check-rdb prints around it, so that its report can be reproduced:
/// <code>
/// --- RDB ERROR DETECTED ---
/// [offset {Offset}] {Message}      (with the prefix described at <see cref="RedisLine"/> when it applies)
/// [additional info] While doing: {Stage}
/// [additional info] Reading key '{Key}'          (when Key is not null)
/// [additional info] Reading type {Type} (name)   (when Type >= 0)
/// </code>
/// </summary>
/// <remarks>
/// redis-check-rdb's own state starts with type 0, so before the first key it prints
/// "Reading type 0 (string)" where <see cref="Type"/> is -1; and it counts a key from the moment
/// its name was read (<see cref="KeysRead"/> includes the key being read).
/// </remarks>
public sealed class RdbFormatException : Exception
{
    public const string UnexpectedEof = "Unexpected EOF reading RDB file";

    public RdbFormatException(string message, long offset, int redisLine = 0)
        : base(message)
    {
        Offset = offset;
        RedisLine = redisLine;
    }

    public RdbFormatException(string message, long offset, int redisLine, Exception inner)
        : base(message, inner)
    {
        Offset = offset;
        RedisLine = redisLine;
    }

    /// <summary>Bytes consumed when the problem was detected (a failed read consumes nothing).</summary>
    public long Offset { get; }

    /// <summary>
    /// The line of rdb.c (Debian's 7.0.15 build) whose rdbReportError call reports this problem,
    /// which the server logs as "Internal error in RDB reading offset 0, function at rdb.c:N -> reason";
    /// 0 when it has no such line. redis-check-rdb prints that same prefix, except for the problems
    /// its own loop detects ("bad when_opcode", "RDB CRC error", "Invalid object type: N"), which it prints bare. A short read
    /// ("Unexpected EOF reading RDB file", line 0 here) is logged by the server from
    /// <see cref="RedisReportLines.UnexpectedEof"/>.
    /// </summary>
    public int RedisLine { get; }

    /// <summary>What the reader was doing, with redis-check-rdb's words ("start", "read-type", "read-key", ...); null outside a file.</summary>
    public string? Stage { get; private set; }

    /// <summary>The key whose type or value was being read, or null.</summary>
    public byte[]? Key { get; private set; }

    /// <summary>The object type of the key being read, or -1.</summary>
    public int Type { get; private set; } = -1;

    /// <summary>Keys whose name had been read, the failing one included (redis-check-rdb's "keys read").</summary>
    public long KeysRead { get; private set; }

    /// <summary>Keys completely read that had an expire time (redis-check-rdb's "expires").</summary>
    public long ExpiresRead { get; private set; }

    /// <summary>
    /// What the server logs when it differs from <see cref="Exception.Message"/> (which is
    /// redis-check-rdb's wording): for an unknown object type the checker says "Invalid object type: N"
    /// where the server, which reads the key first, says "Unknown RDB encoding type N".
    /// </summary>
    public string? ServerMessage { get; init; }

    /// <summary>For "RDB CRC error": the checksum of the bytes read, and the one stored in the file.</summary>
    public ulong ComputedChecksum { get; init; }

    /// <inheritdoc cref="ComputedChecksum"/>
    public ulong StoredChecksum { get; init; }

    /// <summary>Records where in a file the problem happened (only the first context given sticks).</summary>
    internal RdbFormatException WithContext(string stage, byte[]? key, int type, long keysRead, long expiresRead)
    {
        if (Stage is null)
        {
            Stage = stage;
            Key = key;
            Type = type;
            KeysRead = keysRead;
            ExpiresRead = expiresRead;
        }
        return this;
    }
}
