using Basalt.Protocol;
using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// A position in a <see cref="RedisSortedSet"/>, whichever its encoding: a member entry of the
/// listpack (its score is the next entry) or a skip list node. Any change to the set invalidates
/// it. A default cursor is past the end.
/// </summary>
public struct SortedSetCursor
{
    private readonly Listpack? _listpack;
    private int _position;
    private SkipListNode? _node;

    internal SortedSetCursor(Listpack listpack, int position)
    {
        _listpack = listpack;
        _position = position;
        _node = null;
    }

    internal SortedSetCursor(SkipListNode? node)
    {
        _listpack = null;
        _position = -1;
        _node = node;
    }

    public readonly bool IsValid => _listpack is not null ? _position >= 0 : _node is not null;

    /// <summary>The member: integer or bytes as the listpack holds it, the bytes of a node.</summary>
    public readonly ListpackEntry Member => _listpack is not null ? _listpack.Get(_position) : new ListpackEntry(_node!.Member);

    public readonly double Score => _listpack is not null ? RedisSortedSet.DecodeScore(_listpack.Get(_listpack.Next(_position))) : _node!.Score;

    /// <summary>The byte offset of the member entry in a listpack set.</summary>
    internal readonly int ListpackPosition => _position;

    /// <summary>The node under the cursor of a skip list set (null for a listpack).</summary>
    internal readonly SkipListNode? Node => _node;

    /// <summary>The member as bytes: in place, or the integer's text written into <paramref name="scratch"/>.</summary>
    public readonly ReadOnlySpan<byte> MemberBytes(Span<byte> scratch) =>
        _listpack is not null ? _listpack.Get(_position).AsSpan(scratch) : _node!.Member;

    /// <summary>The member as a new array (a node's own array, which must not be modified).</summary>
    public readonly byte[] MemberArray() => _listpack is not null ? _listpack.Get(_position).ToArray() : _node!.Member;

    /// <summary>Writes the member as a bulk string.</summary>
    public readonly void WriteMember(ReplyWriter reply)
    {
        if (_listpack is null)
        {
            reply.Bulk(_node!.Member);
            return;
        }
        var entry = _listpack.Get(_position);
        if (entry.IsInteger)
        {
            reply.BulkInteger(entry.Integer);
        }
        else
        {
            reply.Bulk(entry.Bytes);
        }
    }

    /// <summary>Moves to the next member in score order (zzlNext / level[0].forward).</summary>
    public void MoveNext()
    {
        if (_listpack is not null)
        {
            var score = _listpack.Next(_position);
            _position = _listpack.Next(score);
        }
        else
        {
            _node = _node!.Forward;
        }
    }

    /// <summary>Moves to the previous member in score order (zzlPrev / backward).</summary>
    public void MovePrevious()
    {
        if (_listpack is not null)
        {
            var score = _listpack.Prev(_position);
            _position = score < 0 ? -1 : _listpack.Prev(score);
        }
        else
        {
            _node = _node!.Backward;
        }
    }

    /// <summary>Moves one member towards the end (forward) or the start (reverse).</summary>
    public void Move(bool reverse)
    {
        if (reverse)
        {
            MovePrevious();
        }
        else
        {
            MoveNext();
        }
    }
}
