namespace Basalt.Tools;

/// <summary>One key of an RDB file as <c>basalt rdb</c> lists it.</summary>
/// <param name="Db">The database the key belongs to.</param>
/// <param name="Key">The key's bytes.</param>
/// <param name="Type">TYPE's name ("string", "list", ...), or "empty" for an empty aggregate Redis skips on load.</param>
/// <param name="Encoding">What OBJECT ENCODING would answer once loaded with the default thresholds.</param>
/// <param name="SerializedBytes">Bytes the key takes in the file: its expire, LRU and LFU records, type, name and value.</param>
/// <param name="Elements">Elements of an aggregate (entries of a stream); for a string, its length in bytes.</param>
/// <param name="ExpireAtMs">Absolute Unix time in ms, or -1.</param>
public sealed record RdbKeyRecord(int Db, byte[] Key, string Type, string Encoding, long SerializedBytes, long Elements, long ExpireAtMs);
