namespace Basalt.Types;

/// <summary>
/// One member of a large sorted set: its bytes, its score, and its links in the
/// <see cref="SkipList"/> (zskiplistNode). The member table of the sorted set holds the same node,
/// so a member's bytes exist once.
/// </summary>
public sealed class SkipListNode
{
    internal SkipListNode(byte[] member, double score, int level)
    {
        Member = member;
        Score = score;
        Levels = new SkipListLevel[level];
    }

    public byte[] Member { get; internal set; }

    public double Score { get; internal set; }

    /// <summary>The previous node at level 0, null for the first node.</summary>
    public SkipListNode? Backward { get; internal set; }

    /// <summary>The next node at level 0, null for the last node.</summary>
    public SkipListNode? Forward => Levels[0].Forward;

    internal SkipListLevel[] Levels;

    /// <summary>The table key of a node: its member bytes.</summary>
    public readonly struct Key : IMemberKey<SkipListNode>
    {
        public static ReadOnlySpan<byte> KeyOf(SkipListNode item) => item.Member;

        /// <summary>The node object, its levels array and its member array.</summary>
        public static long SizeOf(SkipListNode item) =>
            48 + 24 + item.Levels.Length * 16L + MemberTable<SkipListNode, Key>.ByteArraySize(item.Member.Length);
    }
}

/// <summary>A forward link of a skip list node and how many level-0 steps it jumps (for ranks).</summary>
internal struct SkipListLevel
{
    public SkipListNode? Forward;
    public long Span;
}
