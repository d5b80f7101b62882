namespace Basalt.Keyspace;

/// <summary>
/// What a forkless snapshot needs to hear from the key table it is saving (DESIGN.md decision 3).
/// Both are called under the server lock, before the change.
/// </summary>
public interface ISnapshotHook
{
    /// <summary><paramref name="segment"/> is about to change: a snapshot that has not taken it yet must do so first.</summary>
    void BeforeSegmentWrite(KeySegment segment);

    /// <summary>
    /// <paramref name="entry"/> (in <paramref name="segment"/>, already announced, and in
    /// <paramref name="slot"/> of the table's <see cref="KeyTable.EntryInSlot"/>) is about to change:
    /// its value in place (<paramref name="valueInPlace"/>), or its expiry, its value replaced, or the
    /// entry removed, its value perhaps living on under another key (RENAME, MOVE). A snapshot that
    /// still holds the entry for later must write it first, or keep a copy of a value that changes.
    /// </summary>
    void BeforeEntryWrite(KeySegment segment, KeyEntry entry, int slot, bool valueInPlace);
}
