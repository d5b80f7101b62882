using Basalt.Text;
using Basalt.Types.Encodings;

namespace Basalt.Types;

/// <summary>
/// A sorted set value. Two encodings as in Redis 7.0: "listpack" (member, score, member, score...
/// in score order, in Redis's listpack bytes) while it holds at most zset-max-listpack-entries
/// members of at most zset-max-listpack-value bytes, then "skiplist": a <see cref="SkipList"/>
/// for order and ranks plus a member table for lookups, both holding the same nodes. Commands
/// convert one way (to skiplist); only results built whole (ZUNIONSTORE, ZRANGESTORE...) start
/// small again, as in Redis.
/// </summary>
public sealed class RedisSortedSet : RedisObject
{
    /// <summary>
    /// The one representation: a listpack's array (worked on through <see cref="Lp"/>, without a
    /// <see cref="Listpack"/> object: 24 bytes less per small set) or a <see cref="SkiplistForm"/>.
    /// One field rather than one per encoding makes this object 24 bytes on the 64-bit CoreCLR
    /// (header and one reference), not 40: every sorted set key has one, and most are small.
    /// </summary>
    private object _encoding;

    private RedisSortedSet(byte[]? listpack, int capacity)
    {
        _encoding = (object?)listpack ?? new SkiplistForm(capacity);
    }

    /// <summary>The heap bytes of this object itself.</summary>
    internal const int ObjectSize = 24;

    /// <summary>The large encoding: the skip list for order and ranks, the member table for lookups, over the same nodes.</summary>
    private sealed class SkiplistForm(int capacity)
    {
        /// <summary>The heap bytes of this object itself: header and two references.</summary>
        public const int ObjectSize = 32;

        public readonly SkipList List = new();

        public readonly MemberTable<SkipListNode, SkipListNode.Key> Table = new(capacity);
    }

    /// <summary>
    /// The listpack, on the array in <see cref="_encoding"/> itself, which it replaces there when it
    /// grows or shrinks; only while <see cref="IsListpack"/>.
    /// </summary>
    private ListpackRef Lp => ListpackRef.InField(ref _encoding);

    /// <summary>A listpack object over the array, for cursors, which only read (only while <see cref="IsListpack"/>).</summary>
    private Listpack View => Listpack.Over((byte[])_encoding);

    private SkipList? AsSkipList => (_encoding as SkiplistForm)?.List;

    private MemberTable<SkipListNode, SkipListNode.Key>? AsTable => (_encoding as SkiplistForm)?.Table;

    /// <summary>An empty set in the listpack encoding (createZsetListpackObject), with room for <paramref name="listpackBytes"/> of pairs.</summary>
    public static RedisSortedSet CreateListpack(long listpackBytes = 0) =>
        new(Listpack.NewBufferForEntries(listpackBytes), 0);

    /// <summary>An empty set in the skiplist encoding (createZsetObject), presized for <paramref name="capacity"/> members.</summary>
    public static RedisSortedSet CreateSkiplist(int capacity = 0) => new(null, capacity);

    /// <summary>A set over a listpack of member/score pairs in order (loading a file); the set takes ownership.</summary>
    public static RedisSortedSet FromListpack(Listpack listpack) => new(listpack.Buffer, 0);

    public override RedisType Type => RedisType.SortedSet;

    public override string EncodingName => IsListpack ? "listpack" : "skiplist";

    public bool IsListpack => _encoding is byte[];

    /// <summary>The blob of the listpack encoding (for RDB), empty for a skiplist.</summary>
    public ReadOnlySpan<byte> ListpackBlob => IsListpack ? Lp.AsSpan() : default;

    /// <summary>A listpack object over the listpack encoding's array (a new one per call), for reading only; null for a skiplist.</summary>
    public Listpack? ListpackEncoding => IsListpack ? View : null;

    /// <summary>The array of the listpack encoding, null for a skiplist (tests look at it).</summary>
    internal byte[]? ListpackBuffer => _encoding as byte[];

    public long Count => IsListpack ? Lp.Count / 2 : AsSkipList!.Length;

    /// <summary>This object, then the listpack, or the skip list (its header node) and the member table with the nodes.</summary>
    public override long ApproximateSize =>
        ObjectSize + (_encoding is SkiplistForm large
            ? SkiplistForm.ObjectSize + SkipList.EmptySize + large.Table.ApproximateSize
            : Lp.BufferBytes);

    /// <summary>zzlGetScore: a listpack score is an integer entry, or the text d2string wrote.</summary>
    internal static double DecodeScore(ListpackEntry entry)
    {
        if (entry.IsInteger)
        {
            return entry.Integer;
        }
        return RedisNumber.TryParseDouble(entry.Bytes, out var value) ? value : CStrtod.ParsePrefix(entry.Bytes);
    }

    /// <summary>
    /// double2ll: whether a score is stored as a listpack integer. Redis checks the range
    /// ±LLONG_MAX/2 and that the cast loses nothing, so -0 is stored as 0.
    /// </summary>
    private static bool IsIntegral(double score, out long value)
    {
        value = 0;
        if (score < -(long.MaxValue / 2) || score > long.MaxValue / 2 || double.IsNaN(score))
        {
            return false;
        }
        value = (long)score;
        return value == score;
    }

    /// <summary>The bytes <paramref name="score"/> takes as a listpack entry, encoded as <see cref="InsertPairAt"/> writes it.</summary>
    public static int ScoreEntrySize(double score)
    {
        if (IsIntegral(score, out var integer))
        {
            return Listpack.EntrySizeOf(integer);
        }
        Span<byte> text = stackalloc byte[RedisNumber.MaxDoubleChars];
        return Listpack.EntrySizeOf(text[..RedisNumber.FormatDouble(score, text)]);
    }

    /// <summary>
    /// Makes room at once for <paramref name="members"/> members a command is about to add: in a
    /// listpack they keep one, their <paramref name="listpackBytes"/> (see <see cref="Listpack.Reserve"/>);
    /// in a skiplist's table, their number.
    /// </summary>
    public void Reserve(int members, long listpackBytes, in SortedSetLimits limits)
    {
        if (IsListpack)
        {
            if (Count + (long)members <= limits.MaxEntries)
            {
                Lp.Reserve(listpackBytes);
            }
            return;
        }
        AsTable!.EnsureCapacity((int)Math.Min(Count + (long)members, int.MaxValue));
    }

    /// <summary>zzlInsertAt: the member before <paramref name="position"/> (or at the end when -1), its score after it.</summary>
    private void InsertPairAt(int position, ReadOnlySpan<byte> member, double score)
    {
        var lp = Lp;
        int memberPosition;
        if (position < 0)
        {
            lp.Append(member);
            memberPosition = lp.Last;
        }
        else
        {
            memberPosition = lp.Insert(position, member, after: false);
        }
        if (IsIntegral(score, out var integer))
        {
            lp.Insert(memberPosition, integer, after: true);
        }
        else
        {
            Span<byte> text = stackalloc byte[RedisNumber.MaxDoubleChars];
            lp.Insert(memberPosition, text[..RedisNumber.FormatDouble(score, text)], after: true);
        }
    }

    /// <summary>zzlInsert: the pair at its place in score order, then member order.</summary>
    private void InsertPair(ReadOnlySpan<byte> member, double score)
    {
        var lp = Lp;
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var position = lp.First; position >= 0;)
        {
            var scorePosition = lp.Next(position);
            var current = DecodeScore(lp.Get(scorePosition));
            if (current > score || (current == score && lp.Get(position).AsSpan(scratch).SequenceCompareTo(member) > 0))
            {
                InsertPairAt(position, member, score);
                return;
            }
            position = lp.Next(scorePosition);
        }
        InsertPairAt(-1, member, score);
    }

    /// <summary>zzlFind: the position of the member's entry in the listpack, or -1.</summary>
    private int FindInListpack(ReadOnlySpan<byte> member) => Lp.Find(Lp.First, member, 1);

    /// <summary>The member's score (zsetScore); false when absent.</summary>
    public bool TryGetScore(ReadOnlySpan<byte> member, out double score)
    {
        if (IsListpack)
        {
            var position = FindInListpack(member);
            score = position < 0 ? 0 : DecodeScore(Lp.Get(Lp.Next(position)));
            return position >= 0;
        }
        var node = AsTable!.Find(member);
        score = node?.Score ?? 0;
        return node is not null;
    }

    /// <summary>
    /// zsetAdd: adds or updates a member as ZADD's options say. A new member that the listpack
    /// cannot take (too many members, too long) converts the set to a skiplist first.
    /// <paramref name="newScore"/> is the member's score afterwards when something was considered.
    /// </summary>
    public ZAddOutcome Add(double score, ReadOnlySpan<byte> member, ZAddOptions options, in SortedSetLimits limits, out double newScore)
    {
        newScore = score;
        if (double.IsNaN(score))
        {
            return ZAddOutcome.NotANumber;
        }
        var increment = (options & ZAddOptions.Increment) != 0;
        if (IsListpack)
        {
            var position = FindInListpack(member);
            if (position >= 0)
            {
                var current = DecodeScore(Lp.Get(Lp.Next(position)));
                if (!TryUpdateScore(ref score, current, options, out var outcome))
                {
                    return outcome;
                }
                newScore = score;
                if (score != current)
                {
                    Lp.DeleteEntries(position, 2);
                    InsertPair(member, score);
                    return ZAddOutcome.Updated;
                }
                return ZAddOutcome.None;
            }
            if ((options & ZAddOptions.OnlyExisting) != 0)
            {
                return ZAddOutcome.Skipped;
            }
            if (Count + 1 <= limits.MaxEntries && member.Length <= limits.MaxValue && Lp.SafeToAdd(member.Length))
            {
                InsertPair(member, score);
                return ZAddOutcome.Added;
            }
            ConvertToSkiplist();
        }
        var node = AsTable!.Find(member);
        if (node is not null)
        {
            if (!TryUpdateScore(ref score, node.Score, options, out var outcome))
            {
                return outcome;
            }
            newScore = score;
            if (score != node.Score)
            {
                AsSkipList!.UpdateScore(node, score);
                return ZAddOutcome.Updated;
            }
            return ZAddOutcome.None;
        }
        if ((options & ZAddOptions.OnlyExisting) != 0)
        {
            return ZAddOutcome.Skipped;
        }
        AddNew(score, member.ToArray());
        return ZAddOutcome.Added;

        // The options' say on an existing member: false (with the outcome) when it is left alone.
        bool TryUpdateScore(ref double score, double current, ZAddOptions options, out ZAddOutcome outcome)
        {
            outcome = ZAddOutcome.Skipped;
            if ((options & ZAddOptions.OnlyNew) != 0)
            {
                return false;
            }
            if (increment)
            {
                score += current;
                if (double.IsNaN(score))
                {
                    outcome = ZAddOutcome.NotANumber;
                    return false;
                }
            }
            if (((options & ZAddOptions.LessThan) != 0 && score >= current) ||
                ((options & ZAddOptions.GreaterThan) != 0 && score <= current))
            {
                return false;
            }
            return true;
        }
    }

    /// <summary>Adds a member known to be absent to a skiplist set (building results).</summary>
    internal void AddNew(double score, byte[] member)
    {
        var node = AsSkipList!.Insert(score, member);
        AsTable!.AddNew(node);
    }

    /// <summary>Removes a member; false when absent (zsetDel).</summary>
    public bool Remove(ReadOnlySpan<byte> member)
    {
        if (IsListpack)
        {
            var position = FindInListpack(member);
            if (position < 0)
            {
                return false;
            }
            Lp.DeleteEntries(position, 2);
            return true;
        }
        var node = AsTable!.Remove(member);
        if (node is null)
        {
            return false;
        }
        AsSkipList!.Delete(node.Score, node.Member);
        return true;
    }

    private void Forget(SkipListNode node) => AsTable!.Remove(node.Member);

    /// <summary>The 0-based rank of a member, from the lowest score or (reverse) the highest; -1 when absent (zsetRank).</summary>
    public long RankOf(ReadOnlySpan<byte> member, bool reverse)
    {
        long rank;
        if (IsListpack)
        {
            rank = -1;
            long index = 0;
            for (var position = Lp.First; position >= 0; position = Lp.Next(Lp.Next(position)), index++)
            {
                if (Lp.Get(position).EqualsBytes(member))
                {
                    rank = index;
                    break;
                }
            }
            if (rank < 0)
            {
                return -1;
            }
        }
        else
        {
            var node = AsTable!.Find(member);
            if (node is null)
            {
                return -1;
            }
            rank = AsSkipList!.GetRank(node.Score, node.Member) - 1;
        }
        return reverse ? Count - 1 - rank : rank;
    }

    /// <summary>The lowest-score member, or an invalid cursor when empty.</summary>
    public SortedSetCursor First => IsListpack ? new SortedSetCursor(View, Lp.First) : new SortedSetCursor(AsSkipList!.First);

    /// <summary>The highest-score member, or an invalid cursor when empty.</summary>
    public SortedSetCursor Last =>
        IsListpack ? new SortedSetCursor(View, Lp.Count == 0 ? -1 : Lp.Seek(-2)) : new SortedSetCursor(AsSkipList!.Last);

    /// <summary>The member of 0-based rank <paramref name="rank"/> counted from the start or (reverse) from the end.</summary>
    public SortedSetCursor AtRank(long rank, bool reverse)
    {
        if (IsListpack)
        {
            return new SortedSetCursor(View, Lp.Seek(reverse ? -2 - 2 * rank : 2 * rank));
        }
        if (rank == 0)
        {
            return reverse ? Last : First;
        }
        return new SortedSetCursor(AsSkipList!.GetByRank(reverse ? Count - rank : rank + 1));
    }

    /// <summary>The first member whose score is in the range (zzlFirstInRange / zslFirstInRange).</summary>
    public SortedSetCursor FirstInRange(in ScoreRange range)
    {
        if (!IsListpack)
        {
            return new SortedSetCursor(AsSkipList!.FirstInRange(range));
        }
        if (!MayIntersect(range))
        {
            return default;
        }
        for (var cursor = First; cursor.IsValid; cursor.MoveNext())
        {
            var score = cursor.Score;
            if (range.AboveMin(score))
            {
                return range.BelowMax(score) ? cursor : default;
            }
        }
        return default;
    }

    /// <summary>The last member whose score is in the range (zzlLastInRange / zslLastInRange).</summary>
    public SortedSetCursor LastInRange(in ScoreRange range)
    {
        if (!IsListpack)
        {
            return new SortedSetCursor(AsSkipList!.LastInRange(range));
        }
        if (!MayIntersect(range))
        {
            return default;
        }
        for (var cursor = Last; cursor.IsValid; cursor.MovePrevious())
        {
            var score = cursor.Score;
            if (range.BelowMax(score))
            {
                return range.AboveMin(score) ? cursor : default;
            }
        }
        return default;
    }

    private bool MayIntersect(in ScoreRange range) =>
        !range.IsEmpty && Count > 0 && range.AboveMin(Last.Score) && range.BelowMax(First.Score);

    /// <summary>The first member in the lexicographic range (zzlFirstInLexRange / zslFirstInLexRange).</summary>
    public SortedSetCursor FirstInRange(in LexRange range)
    {
        if (!IsListpack)
        {
            return new SortedSetCursor(AsSkipList!.FirstInRange(range));
        }
        if (!MayIntersect(range))
        {
            return default;
        }
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var cursor = First; cursor.IsValid; cursor.MoveNext())
        {
            var member = cursor.MemberBytes(scratch);
            if (range.AboveMin(member))
            {
                return range.BelowMax(member) ? cursor : default;
            }
        }
        return default;
    }

    /// <summary>The last member in the lexicographic range (zzlLastInLexRange / zslLastInLexRange).</summary>
    public SortedSetCursor LastInRange(in LexRange range)
    {
        if (!IsListpack)
        {
            return new SortedSetCursor(AsSkipList!.LastInRange(range));
        }
        if (!MayIntersect(range))
        {
            return default;
        }
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (var cursor = Last; cursor.IsValid; cursor.MovePrevious())
        {
            var member = cursor.MemberBytes(scratch);
            if (range.BelowMax(member))
            {
                return range.AboveMin(member) ? cursor : default;
            }
        }
        return default;
    }

    private bool MayIntersect(in LexRange range)
    {
        if (range.IsEmpty || Count == 0)
        {
            return false;
        }
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        return range.AboveMin(Last.MemberBytes(scratch)) && range.BelowMax(First.MemberBytes(scratch));
    }

    /// <summary>Removes the members of 0-based ranks <paramref name="start"/>..<paramref name="end"/> (valid, inclusive).</summary>
    public long RemoveRangeByRank(long start, long end)
    {
        if (IsListpack)
        {
            Lp.DeleteRange(2 * start, 2 * (end - start + 1));
            return end - start + 1;
        }
        return AsSkipList!.DeleteRangeByRank(start + 1, end + 1, Forget);
    }

    /// <summary>Removes the members whose score is in the range (zzlDeleteRangeByScore / zslDeleteRangeByScore).</summary>
    public long RemoveRange(in ScoreRange range)
    {
        if (!IsListpack)
        {
            return AsSkipList!.DeleteRange(range, Forget);
        }
        var cursor = FirstInRange(range);
        if (!cursor.IsValid)
        {
            return 0;
        }
        var start = cursor.ListpackPosition;
        long count = 0;
        for (; cursor.IsValid && range.BelowMax(cursor.Score); cursor.MoveNext())
        {
            count++;
        }
        Lp.DeleteEntries(start, (int)(2 * count));
        return count;
    }

    /// <summary>Removes the members in the lexicographic range (zzlDeleteRangeByLex / zslDeleteRangeByLex).</summary>
    public long RemoveRange(in LexRange range)
    {
        if (!IsListpack)
        {
            return AsSkipList!.DeleteRange(range, Forget);
        }
        var cursor = FirstInRange(range);
        if (!cursor.IsValid)
        {
            return 0;
        }
        var start = cursor.ListpackPosition;
        long count = 0;
        Span<byte> scratch = stackalloc byte[ListpackEntry.MaxIntegerChars];
        for (; cursor.IsValid && range.BelowMax(cursor.MemberBytes(scratch)); cursor.MoveNext())
        {
            count++;
        }
        Lp.DeleteEntries(start, (int)(2 * count));
        return count;
    }

    /// <summary>A uniformly chosen member of a non-empty set (zsetTypeRandomElement).</summary>
    public SortedSetCursor RandomMember(Random random) => MemberAt(random.Next((int)Count));

    /// <summary>
    /// The member in slot 0..Count-1 of the storage: its rank for a listpack, its place in the
    /// member table for a skiplist (not an order; for uniform random picks).
    /// </summary>
    public SortedSetCursor MemberAt(int slot) =>
        IsListpack ? new SortedSetCursor(View, Lp.Seek(2L * slot)) : new SortedSetCursor(AsTable![slot]);

    /// <summary>
    /// ZSCAN over a skiplist set's member table (dictScan): the nodes from <paramref name="cursor"/>
    /// on, at least <paramref name="count"/> when there are enough, looking at no more than ten
    /// buckets per requested member. Returns the next cursor, 0 at the end.
    /// </summary>
    public ulong Scan(ulong cursor, long count, List<SkipListNode> output)
    {
        // Redis doubles COUNT for the member/score pairs before bounding the walk at ten times it.
        var maxIterations = count * 20;
        do
        {
            cursor = AsTable!.ScanStep(cursor, output);
        }
        while (cursor != 0 && maxIterations-- > 0 && output.Count < count);
        return cursor;
    }

    /// <summary>zsetConvert to skiplist: every pair into a node, in order.</summary>
    public void ConvertToSkiplist()
    {
        if (!IsListpack)
        {
            return;
        }
        // A view over the array, which stays readable once the field holds the skip list.
        var listpack = View;
        _encoding = new SkiplistForm(listpack.Count / 2);
        for (var cursor = new SortedSetCursor(listpack, listpack.First); cursor.IsValid; cursor.MoveNext())
        {
            AddNew(cursor.Score, cursor.Member.ToArray());
        }
    }

    /// <summary>
    /// zsetConvertToListpackIfNeeded, for a result built whole: back to a listpack when it is
    /// small enough in members and in bytes.
    /// </summary>
    public void ConvertToListpackIfSmall(in SortedSetLimits limits)
    {
        if (IsListpack || Count > limits.MaxEntries)
        {
            return;
        }
        long longest = 0;
        long total = 0;
        for (var node = AsSkipList!.First; node is not null; node = node.Forward)
        {
            longest = Math.Max(longest, node.Member.Length);
            total += node.Member.Length;
        }
        if (longest > limits.MaxValue || total > Listpack.MaxSafetySize)
        {
            return;
        }
        var list = AsSkipList;
        _encoding = Listpack.NewBuffer(0);
        for (var node = list.First; node is not null; node = node.Forward)
        {
            InsertPairAt(-1, node.Member, node.Score);
        }
    }

    public override RedisObject DeepCopy()
    {
        if (IsListpack)
        {
            return new RedisSortedSet(Listpack.CopyOf(Lp.AsSpan()), 0);
        }
        // From the highest score down, so that each insertion stops at the head (as zsetDup);
        // member arrays are never modified in place, so the copy shares them.
        var copy = CreateSkiplist((int)Count);
        for (var node = AsSkipList!.Last; node is not null; node = node.Backward)
        {
            copy.AddNew(node.Score, node.Member);
        }
        return copy;
    }

    /// <summary>
    /// The sorted set part of DEBUG DIGEST's xorObjectDigest (after the type code, before the
    /// expiry mark): per member, SHA1-mix the member then its score as "%.17g" into a zeroed
    /// element digest, and xor that in.
    /// </summary>
    public void MixDigest(Span<byte> digest)
    {
        Span<byte> element = stackalloc byte[RedisDigest.Size];
        Span<byte> scratch = stackalloc byte[RedisNumber.MaxDoubleChars];
        for (var cursor = First; cursor.IsValid; cursor.MoveNext())
        {
            element.Clear();
            RedisDigest.Mix(element, cursor.MemberBytes(scratch));
            RedisDigest.Mix(element, scratch[..RedisNumber.FormatDouble(cursor.Score, scratch)]);
            RedisDigest.Xor(digest, element);
        }
    }
}
