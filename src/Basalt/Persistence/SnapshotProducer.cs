using Basalt.Persistence.Rdb;

namespace Basalt.Persistence;

/// <summary>
/// A snapshot's producer with the database its current run of records is in: a run may follow
/// another producer's in the file, so each run opens with its own SELECTDB.
/// </summary>
internal sealed class SnapshotProducer(ChunkProducer output)
{
    private int _db = -1;
    private int _run = -1;

    public ChunkProducer Output { get; } = output;

    /// <summary>Whether the current run is in <paramref name="db"/> already; if not, the caller selects it now.</summary>
    public bool IsIn(int db)
    {
        if (_run == Output.Runs && _db == db)
        {
            return true;
        }
        _run = Output.Runs;
        _db = db;
        return false;
    }
}
