namespace Basalt.Keyspace;

/// <summary>
/// What a forkless snapshot needs to hear from the key table it is saving (DESIGN.md decision 3):
/// a segment is about to change, so a snapshot that has not written it yet must do so first; and a
/// value is about to change in place, so a snapshot still holding that value for later must keep
/// its own copy. Both are called under the server lock, before the change.
/// </summary>
public interface ISnapshotHook
{
    void BeforeSegmentWrite(KeySegment segment);

    void BeforeValueWrite(KeyEntry entry);
}
