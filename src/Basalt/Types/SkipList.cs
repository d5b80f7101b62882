using System.Numerics;

namespace Basalt.Types;

/// <summary>
/// The ordered index of a large sorted set (Redis's zskiplist): nodes ordered by score, then by
/// member bytes, with a span on every forward link so that ranks are found in O(log n). Members
/// are unique; the caller (the sorted set's member table) guarantees it.
/// </summary>
public sealed class SkipList
{
    /// <summary>ZSKIPLIST_MAXLEVEL: enough for 2^64 elements at P = 1/4.</summary>
    public const int MaxLevel = 32;

    /// <summary>
    /// The heap bytes of an empty skip list on the 64-bit CoreCLR: this object (header, two
    /// references, a long and an int: 48), its header node (48) and the node's levels array.
    /// </summary>
    public const long EmptySize = 48 + 48 + 24 + MaxLevel * 16;

    private readonly SkipListNode _header = new([], 0, MaxLevel);
    private int _level = 1;

    public long Length { get; private set; }

    /// <summary>The node with the lowest score, or null.</summary>
    public SkipListNode? First => _header.Levels[0].Forward;

    /// <summary>The node with the highest score, or null.</summary>
    public SkipListNode? Last { get; private set; }

    /// <summary>Redis's order: score, then member bytes (sdscmp).</summary>
    private static bool Precedes(SkipListNode node, double score, ReadOnlySpan<byte> member) =>
        node.Score < score || (node.Score == score && node.Member.AsSpan().SequenceCompareTo(member) < 0);

    /// <summary>zslRandomLevel: level k+1 with probability (1/4)^k, at most <see cref="MaxLevel"/>.</summary>
    private static int RandomLevel()
    {
        // Two random bits per level; bit 62 caps the zero count at 62, so the level at 32.
        var bits = (ulong)Random.Shared.NextInt64() | (1UL << 62);
        return 1 + BitOperations.TrailingZeroCount(bits) / 2;
    }

    /// <summary>Inserts a member that is not in the list (zslInsert).</summary>
    public SkipListNode Insert(double score, byte[] member)
    {
        var node = new SkipListNode(member, score, RandomLevel());
        Link(node);
        return node;
    }

    /// <summary>Links a node, whose level is already chosen, at the place its score and member give it.</summary>
    private void Link(SkipListNode node)
    {
        Span<long> rank = stackalloc long[MaxLevel];
        var update = new NodeBuffer();
        var score = node.Score;
        var member = node.Member.AsSpan();
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            rank[i] = i == _level - 1 ? 0 : rank[i + 1];
            while (x.Levels[i].Forward is { } next && Precedes(next, score, member))
            {
                rank[i] += x.Levels[i].Span;
                x = next;
            }
            update[i] = x;
        }
        var level = node.Levels.Length;
        if (level > _level)
        {
            for (var i = _level; i < level; i++)
            {
                rank[i] = 0;
                update[i] = _header;
                _header.Levels[i].Span = Length;
            }
            _level = level;
        }
        for (var i = 0; i < level; i++)
        {
            node.Levels[i].Forward = update[i].Levels[i].Forward;
            update[i].Levels[i].Forward = node;
            node.Levels[i].Span = update[i].Levels[i].Span - (rank[0] - rank[i]);
            update[i].Levels[i].Span = rank[0] - rank[i] + 1;
        }
        for (var i = level; i < _level; i++)
        {
            update[i].Levels[i].Span++;
        }
        node.Backward = update[0] == _header ? null : update[0];
        if (node.Levels[0].Forward is { } after)
        {
            after.Backward = node;
        }
        else
        {
            Last = node;
        }
        Length++;
    }

    /// <summary>Finds, for each level, the last node before (score, member).</summary>
    private void FindPredecessors(double score, ReadOnlySpan<byte> member, ref NodeBuffer update)
    {
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && Precedes(next, score, member))
            {
                x = next;
            }
            update[i] = x;
        }
    }

    private void Unlink(SkipListNode node, ref NodeBuffer update)
    {
        for (var i = 0; i < _level; i++)
        {
            if (update[i].Levels[i].Forward == node)
            {
                update[i].Levels[i].Span += node.Levels[i].Span - 1;
                update[i].Levels[i].Forward = node.Levels[i].Forward;
            }
            else
            {
                update[i].Levels[i].Span--;
            }
        }
        if (node.Levels[0].Forward is { } after)
        {
            after.Backward = node.Backward;
        }
        else
        {
            Last = node.Backward;
        }
        while (_level > 1 && _header.Levels[_level - 1].Forward is null)
        {
            _level--;
        }
        Length--;
    }

    /// <summary>Removes the node holding (score, member); false when there is none (zslDelete).</summary>
    public bool Delete(double score, ReadOnlySpan<byte> member)
    {
        var update = new NodeBuffer();
        FindPredecessors(score, member, ref update);
        var x = update[0].Levels[0].Forward;
        if (x is not null && x.Score == score && x.Member.AsSpan().SequenceEqual(member))
        {
            Unlink(x, ref update);
            return true;
        }
        return false;
    }

    /// <summary>
    /// Changes the score of a node in the list (zslUpdateScore): in place when the order does
    /// not change, otherwise by moving the node (the same node object, so that the member table
    /// holding it stays valid).
    /// </summary>
    public void UpdateScore(SkipListNode node, double newScore)
    {
        if ((node.Backward is null || node.Backward.Score < newScore) &&
            (node.Levels[0].Forward is null || node.Levels[0].Forward!.Score > newScore))
        {
            node.Score = newScore;
            return;
        }
        var update = new NodeBuffer();
        FindPredecessors(node.Score, node.Member, ref update);
        Unlink(node, ref update);
        node.Score = newScore;
        Link(node);
    }

    /// <summary>Whether some score of the list may be in the range (zslIsInRange).</summary>
    private bool MayIntersect(in ScoreRange range) =>
        !range.IsEmpty && Last is { } last && range.AboveMin(last.Score) && First is { } first && range.BelowMax(first.Score);

    /// <summary>The first node whose score is in the range, or null (zslFirstInRange).</summary>
    public SkipListNode? FirstInRange(in ScoreRange range)
    {
        if (!MayIntersect(range))
        {
            return null;
        }
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next.Score))
            {
                x = next;
            }
        }
        var found = x.Levels[0].Forward!;
        return range.BelowMax(found.Score) ? found : null;
    }

    /// <summary>The last node whose score is in the range, or null (zslLastInRange).</summary>
    public SkipListNode? LastInRange(in ScoreRange range)
    {
        if (!MayIntersect(range))
        {
            return null;
        }
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.BelowMax(next.Score))
            {
                x = next;
            }
        }
        return range.AboveMin(x.Score) ? x : null;
    }

    private bool MayIntersect(in LexRange range) =>
        !range.IsEmpty && Last is { } last && range.AboveMin(last.Member) && First is { } first && range.BelowMax(first.Member);

    /// <summary>The first node whose member is in the range, or null (zslFirstInLexRange).</summary>
    public SkipListNode? FirstInRange(in LexRange range)
    {
        if (!MayIntersect(range))
        {
            return null;
        }
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next.Member))
            {
                x = next;
            }
        }
        var found = x.Levels[0].Forward!;
        return range.BelowMax(found.Member) ? found : null;
    }

    /// <summary>The last node whose member is in the range, or null (zslLastInLexRange).</summary>
    public SkipListNode? LastInRange(in LexRange range)
    {
        if (!MayIntersect(range))
        {
            return null;
        }
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && range.BelowMax(next.Member))
            {
                x = next;
            }
        }
        return range.AboveMin(x.Member) ? x : null;
    }

    /// <summary>
    /// Removes the nodes whose score is in the range and calls <paramref name="removed"/> for each
    /// (zslDeleteRangeByScore). Returns how many were removed.
    /// </summary>
    public long DeleteRange(in ScoreRange range, Action<SkipListNode> removed)
    {
        var update = new NodeBuffer();
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next.Score))
            {
                x = next;
            }
            update[i] = x;
        }
        long count = 0;
        var node = x.Levels[0].Forward;
        while (node is not null && range.BelowMax(node.Score))
        {
            var next = node.Levels[0].Forward;
            Unlink(node, ref update);
            removed(node);
            count++;
            node = next;
        }
        return count;
    }

    /// <summary>As <see cref="DeleteRange(in ScoreRange, Action{SkipListNode})"/> for a member range (zslDeleteRangeByLex).</summary>
    public long DeleteRange(in LexRange range, Action<SkipListNode> removed)
    {
        var update = new NodeBuffer();
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && !range.AboveMin(next.Member))
            {
                x = next;
            }
            update[i] = x;
        }
        long count = 0;
        var node = x.Levels[0].Forward;
        while (node is not null && range.BelowMax(node.Member))
        {
            var next = node.Levels[0].Forward;
            Unlink(node, ref update);
            removed(node);
            count++;
            node = next;
        }
        return count;
    }

    /// <summary>Removes the nodes of 1-based ranks <paramref name="start"/>..<paramref name="end"/> (zslDeleteRangeByRank).</summary>
    public long DeleteRangeByRank(long start, long end, Action<SkipListNode> removed)
    {
        var update = new NodeBuffer();
        long traversed = 0;
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && traversed + x.Levels[i].Span < start)
            {
                traversed += x.Levels[i].Span;
                x = next;
            }
            update[i] = x;
        }
        traversed++;
        long count = 0;
        var node = x.Levels[0].Forward;
        while (node is not null && traversed <= end)
        {
            var next = node.Levels[0].Forward;
            Unlink(node, ref update);
            removed(node);
            count++;
            traversed++;
            node = next;
        }
        return count;
    }

    /// <summary>The 1-based rank of (score, member), 0 when absent (zslGetRank).</summary>
    public long GetRank(double score, ReadOnlySpan<byte> member)
    {
        long rank = 0;
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next &&
                   (next.Score < score || (next.Score == score && next.Member.AsSpan().SequenceCompareTo(member) <= 0)))
            {
                rank += x.Levels[i].Span;
                x = next;
            }
            if (x != _header && x.Score == score && x.Member.AsSpan().SequenceEqual(member))
            {
                return rank;
            }
        }
        return 0;
    }

    /// <summary>The node of 1-based rank <paramref name="rank"/>, or null (zslGetElementByRank).</summary>
    public SkipListNode? GetByRank(long rank)
    {
        long traversed = 0;
        var x = _header;
        for (var i = _level - 1; i >= 0; i--)
        {
            while (x.Levels[i].Forward is { } next && traversed + x.Levels[i].Span <= rank)
            {
                traversed += x.Levels[i].Span;
                x = next;
            }
            if (traversed == rank)
            {
                return x == _header ? null : x;
            }
        }
        return null;
    }

    /// <summary>Per level, the node whose link an insertion or removal changes; lives on the stack.</summary>
    [System.Runtime.CompilerServices.InlineArray(MaxLevel)]
    private struct NodeBuffer
    {
        private SkipListNode _first;
    }
}
