namespace Basalt.Persistence;

/// <summary>How a background snapshot ended: committed (with the file size), failed (why), or aborted.</summary>
public sealed record SnapshotOutcome(bool Ok, bool WasAborted, long FileBytes, string? Error)
{
    public static readonly SnapshotOutcome Aborted = new(false, true, 0, null);

    public static SnapshotOutcome Succeeded(long bytes) => new(true, false, bytes, null);

    public static SnapshotOutcome Failed(string error) => new(false, false, 0, error);
}
