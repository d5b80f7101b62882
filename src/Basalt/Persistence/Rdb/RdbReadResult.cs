namespace Basalt.Persistence.Rdb;

/// <summary>What became of the CRC64 trailer.</summary>
public enum RdbChecksumStatus
{
    /// <summary>Versions before 5 have no trailer.</summary>
    Absent,

    /// <summary>The trailer is zero: the file was saved with rdbchecksum no.</summary>
    Disabled,

    /// <summary>Read but not compared (verification switched off).</summary>
    NotVerified,

    /// <summary>Equal to the checksum of the bytes read.</summary>
    Verified,
}

/// <summary>The outcome of reading a whole file.</summary>
/// <param name="Version">The RDB version of the header (1..10).</param>
/// <param name="KeysRead">Keys read, empty ones skipped included.</param>
/// <param name="ExpiresRead">Keys read that carried an expire time.</param>
/// <param name="EmptyKeysSkipped">Keys whose value was an empty aggregate.</param>
/// <param name="BytesRead">Bytes consumed, the trailer included.</param>
public sealed record RdbReadResult(
    int Version,
    RdbChecksumStatus Checksum,
    ulong StoredChecksum,
    ulong ComputedChecksum,
    long KeysRead,
    long ExpiresRead,
    long EmptyKeysSkipped,
    long BytesRead);
