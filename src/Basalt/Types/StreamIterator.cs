namespace Basalt.Types;

/// <summary>
/// Walks a stream's live entries between two IDs (both inclusive), forwards or backwards
/// (streamIterator). The stream must not change while it is used.
/// </summary>
public struct StreamIterator
{
    private readonly RedisStream _stream;
    private readonly StreamId _start;
    private readonly StreamId _end;
    private readonly bool _reverse;
    private int _nodeIndex;
    private int _pos;
    private int _firstEntry;

    public StreamIterator(RedisStream stream, StreamId start, StreamId end, bool reverse)
    {
        _stream = stream;
        _start = start;
        _end = end;
        _reverse = reverse;
        _nodeIndex = Math.Max(0, stream.FindNode(reverse ? end : start));
        _pos = -2;
        _firstEntry = -1;
    }

    public StreamNode Node { get; private set; } = null!;

    public int NodeIndex => _nodeIndex;

    /// <summary>The current entry's position in <see cref="Node"/>.</summary>
    public int Position => _pos;

    public StreamId Id { get; private set; }

    public bool MoveNext()
    {
        var nodes = _stream.Nodes;
        while (_nodeIndex >= 0 && _nodeIndex < nodes.Count)
        {
            var node = nodes[_nodeIndex];
            if (_pos == -2)
            {
                _firstEntry = node.FirstEntry;
                _pos = _reverse ? node.LastEntry : _firstEntry;
            }
            else
            {
                _pos = _reverse ? node.PrevEntry(_pos, _firstEntry) : node.NextEntry(_pos);
            }
            if (_pos < 0)
            {
                _nodeIndex += _reverse ? -1 : 1;
                _pos = -2;
                continue;
            }
            if (node.IsDeleted(_pos))
            {
                continue;
            }
            var id = node.IdAt(_pos);
            if (_reverse ? id > _end : id < _start)
            {
                continue;
            }
            if (_reverse ? id < _start : id > _end)
            {
                _nodeIndex = -1;
                return false;
            }
            Node = node;
            Id = id;
            return true;
        }
        return false;
    }
}
