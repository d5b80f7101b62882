using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The segmented hash table: growth by bucket doubling and segment splits, shrinking, and scan cursors.</summary>
public sealed class KeyTableTests
{
    private static byte[] Key(int i) => Encoding.ASCII.GetBytes("key:" + i);

    private static KeyEntry Insert(KeyTable table, byte[] key)
    {
        var entry = KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromValue("v"u8));
        table.Insert(entry);
        return entry;
    }

    private static KeyTable Filled(int count)
    {
        var table = new KeyTable();
        for (var i = 0; i < count; i++)
        {
            Insert(table, Key(i));
        }
        return table;
    }

    /// <summary>Walks the whole table from cursor 0 with <paramref name="count"/> keys per call.</summary>
    private static List<string> FullScan(KeyTable table, int count, Action<int>? betweenCalls = null)
    {
        var seen = new List<string>();
        ulong cursor = 0;
        var calls = 0;
        do
        {
            cursor = table.Scan(cursor, count, count * 10, e => seen.Add(Encoding.ASCII.GetString(e.Key)));
            betweenCalls?.Invoke(calls++);
            Assert.True(calls < 1_000_000, "the scan never ended");
        }
        while (cursor != 0);
        return seen;
    }

    [Fact]
    public void A_table_deeper_than_the_hash_bits_its_entries_keep_places_them_by_their_names()
    {
        // Entries keep the upper 32 bits of their hash, enough for 2^26 segments; a deeper table hashes
        // the names again. With that limit at depth 3 a few thousand keys take the deeper path.
        const int n = 20_000;
        var table = new KeyTable(maxEntryHashDepth: 3);
        var entries = new List<KeyEntry>();
        for (var i = 0; i < n; i++)
        {
            entries.Add(Insert(table, Key(i)));
        }
        Assert.True(table.SegmentCount > 64, $"only {table.SegmentCount} segments");
        for (var i = 0; i < n; i += 2)
        {
            table.Remove(entries[i]);
        }
        for (var i = 0; i < n; i++)
        {
            Assert.Equal(i % 2 == 1, table.Find(Key(i)) is not null);
        }
        var seen = FullScan(table, 100).ToHashSet();
        Assert.Equal(n / 2, seen.Count);
        Assert.All(Enumerable.Range(0, n).Where(i => i % 2 == 1), i => Assert.Contains("key:" + i, seen));
    }

    [Fact]
    public void Growth_keeps_every_key_findable_and_splits_segments()
    {
        const int n = 50_000;
        var table = Filled(n);
        Assert.Equal(n, table.Count);
        // 50k keys cannot fit in one segment of at most 1024 buckets at load 1: it must have split.
        Assert.True(table.SegmentCount >= n / 1024, $"only {table.SegmentCount} segments");
        for (var i = 0; i < n; i++)
        {
            Assert.NotNull(table.Find(Key(i)));
        }
        Assert.Null(table.Find("absent"u8));
        var (segments, buckets, maxChain) = table.Stats();
        Assert.Equal(table.SegmentCount, segments);
        Assert.True(buckets >= n / 2, $"{buckets} buckets for {n} keys");
        Assert.True(maxChain < 16, $"longest chain {maxChain}");
        Assert.Equal(n, table.Entries().Count());
    }

    [Fact]
    public void Segment_totals_match_the_table_count()
    {
        var table = Filled(10_000);
        Assert.Equal(table.Count, table.Segments().Sum(s => (long)s.Count));
    }

    [Fact]
    public void Removing_everything_shrinks_buckets_and_leaves_an_empty_table()
    {
        const int n = 20_000;
        var table = new KeyTable();
        var entries = Enumerable.Range(0, n).Select(i => Insert(table, Key(i))).ToList();
        var bucketsFull = table.Stats().Buckets;
        foreach (var entry in entries)
        {
            table.Remove(entry);
        }
        Assert.Equal(0, table.Count);
        Assert.Empty(table.Entries());
        Assert.Null(table.Random(new Random(1)));
        Assert.True(table.Stats().Buckets < bucketsFull / 4, $"buckets {table.Stats().Buckets} of {bucketsFull}");
        Assert.Null(table.Find(Key(5)));
        // Still usable after shrinking.
        Insert(table, Key(5));
        Assert.NotNull(table.Find(Key(5)));
    }

    [Fact]
    public void Removing_an_entry_not_in_the_table_throws()
    {
        var table = Filled(10);
        var stranger = KeyEntry.Create(Key(99), KeyHasher.Hash(Key(99)), RedisString.FromValue("v"u8));
        Assert.Throws<InvalidOperationException>(() => table.Remove(stranger));
    }

    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 10)]
    [InlineData(3, 1)]
    [InlineData(5000, 7)]
    [InlineData(5000, 1000)]
    [InlineData(40_000, 100)]
    public void A_full_scan_of_a_stable_table_returns_every_key_exactly_once(int n, int count)
    {
        var table = Filled(n);
        var seen = FullScan(table, count);
        Assert.Equal(n, seen.Count);
        Assert.Equal(n, seen.Distinct().Count());
    }

    [Fact]
    public void A_scan_cursor_survives_growth_and_segment_splits()
    {
        const int initial = 3000;
        var table = Filled(initial);
        var segmentsBefore = table.SegmentCount;
        var next = initial;
        // Between every two calls add 500 keys, so the table grows by bucket doublings and splits
        // many times while the cursor is held by the "client".
        var seen = FullScan(table, 20, _ =>
        {
            for (var i = 0; i < 500 && next < 200_000; i++)
            {
                Insert(table, Key(next++));
            }
        }).ToHashSet();
        Assert.True(table.SegmentCount > segmentsBefore * 8, $"segments {segmentsBefore} -> {table.SegmentCount}: the test did not grow the table");
        for (var i = 0; i < initial; i++)
        {
            Assert.Contains("key:" + i, seen);
        }
    }

    [Fact]
    public void A_scan_cursor_survives_shrinking()
    {
        const int n = 30_000;
        var table = new KeyTable();
        var entries = Enumerable.Range(0, n).Select(i => Insert(table, Key(i))).ToList();
        // Keep the even keys; remove the odd ones while the scan is under way, so segments shrink their buckets.
        var odd = entries.Where((_, i) => i % 2 == 1).ToList();
        var removed = 0;
        var seen = FullScan(table, 50, _ =>
        {
            for (var i = 0; i < 400 && removed < odd.Count; i++)
            {
                table.Remove(odd[removed++]);
            }
        }).ToHashSet();
        for (var i = 0; i < n; i += 2)
        {
            Assert.Contains("key:" + i, seen);
        }
    }

    [Fact]
    public void Scan_stops_at_the_bucket_budget_on_a_sparse_table()
    {
        var table = Filled(5000);
        // Remove all but one key: the table keeps many (mostly empty) buckets.
        foreach (var entry in table.Entries().Skip(1).ToList())
        {
            table.Remove(entry);
        }
        var visited = 0;
        var cursor = table.Scan(0, 10, 3, _ => visited++);
        Assert.True(visited <= 1);
        Assert.NotEqual(0UL, cursor);
    }

    [Fact]
    public void Scan_from_the_last_bucket_wraps_to_zero()
    {
        var table = Filled(100);
        var seen = 0;
        Assert.Equal(0UL, table.Scan(ulong.MaxValue, 1000, 1000, _ => seen++));
        Assert.True(seen <= 100);
    }

    [Fact]
    public void Cursors_increase_until_the_walk_wraps()
    {
        var table = Filled(20_000);
        ulong cursor = 0;
        ulong previous = 0;
        do
        {
            cursor = table.Scan(cursor, 10, 100, _ => { });
            Assert.True(cursor == 0 || cursor > previous, $"cursor went back from {previous} to {cursor}");
            previous = cursor;
        }
        while (cursor != 0);
    }

    [Fact]
    public void Random_picks_every_key_eventually()
    {
        var table = Filled(50);
        var random = new Random(42);
        var seen = new HashSet<string>();
        for (var i = 0; i < 20_000 && seen.Count < 50; i++)
        {
            seen.Add(Encoding.ASCII.GetString(table.Random(random)!.Key));
        }
        Assert.Equal(50, seen.Count);
    }

    [Fact]
    public void A_segments_slots_are_those_of_its_entries_each_once()
    {
        var table = Filled(5000);
        var seen = 0;
        var longestChain = 0;
        foreach (var segment in table.Segments())
        {
            var slots = new int[segment.Count];
            Assert.Equal(segment.Count, segment.CopySlotsTo(slots));
            Assert.Equal(slots.Length, slots.Distinct().Count());
            var captured = slots.Select(table.EntryInSlot).ToHashSet(ReferenceEqualityComparer.Instance);
            Assert.True(captured.SetEquals(segment.Entries()));
            seen += slots.Length;
            longestChain = Math.Max(longestChain, Enumerable.Range(0, segment.BucketCount).Max(segment.ChainLength));
        }
        Assert.Equal(5000, seen);
        // Chains of several entries were followed, a level per pass.
        Assert.True(longestChain >= 3, $"longest chain {longestChain}");
    }

    [Fact]
    public void Every_change_to_a_segment_is_announced_first()
    {
        var table = new KeyTable();
        var hook = new CountingHook(table);
        table.Snapshot = hook;
        var entry = Insert(table, Key(1));
        Assert.Equal((1, 0, 0), (hook.Segments, hook.Entries, hook.Values));
        table.PrepareWrite(entry);
        Assert.Equal((2, 1, 1), (hook.Segments, hook.Entries, hook.Values));
        table.PrepareEntryWrite(entry);
        Assert.Equal((3, 2, 1), (hook.Segments, hook.Entries, hook.Values));
        table.Remove(entry);
        Assert.Equal((4, 3, 1), (hook.Segments, hook.Entries, hook.Values));
    }

    private sealed class CountingHook(KeyTable table) : ISnapshotHook
    {
        private KeyTable Table { get; } = table;

        public int Segments { get; private set; }

        public int Values { get; private set; }

        public void BeforeSegmentWrite(KeySegment segment) => Segments++;

        public int Entries { get; private set; }

        public void BeforeEntryWrite(KeySegment segment, KeyEntry entry, int slot, bool valueInPlace)
        {
            Assert.Same(entry, Table.EntryInSlot(slot));
            Entries++;
            Values += valueInPlace ? 1 : 0;
        }
    }

    [Fact]
    public void A_walk_by_segment_end_positions_visits_every_segment_once()
    {
        var table = Filled(20_000);
        var visited = new List<KeySegment>();
        ulong position = 0;
        do
        {
            var segment = table.SegmentAt(position);
            visited.Add(segment);
            position = segment.EndPosition;
        }
        while (position != 0);
        Assert.Equal(table.Segments().ToList(), visited);
        Assert.Equal(20_000, visited.Sum(s => s.Entries().Count()));
    }

    [Fact]
    public void Split_segments_inherit_the_snapshot_mark()
    {
        var table = new KeyTable();
        foreach (var segment in table.Segments())
        {
            segment.SnapshotMark = 7;
        }
        for (var i = 0; i < 5000; i++)
        {
            Insert(table, Key(i));
        }
        Assert.True(table.SegmentCount > 1);
        Assert.All(table.Segments(), s => Assert.Equal(7, s.SnapshotMark));
    }

    [Fact]
    public void Reserve_lays_out_segments_for_the_hint_and_keys_stay_findable()
    {
        const int n = 100_000;
        var table = new KeyTable();
        table.Reserve(n);
        // About MaxSegmentKeys keys per segment, a power of two of them.
        Assert.Equal(2048, table.SegmentCount);
        for (var i = 0; i < n; i++)
        {
            Insert(table, Key(i));
        }
        Assert.Equal(n, table.Count);
        for (var i = 0; i < n; i += 7)
        {
            Assert.NotNull(table.Find(Key(i)));
        }
        Assert.Equal(n, FullScan(table, 100).Distinct().Count());
    }

    [Fact]
    public void Reserve_leaves_a_table_with_keys_or_a_small_hint_alone()
    {
        var table = Filled(10);
        table.Reserve(1_000_000);
        Assert.Equal(1, table.SegmentCount);
        var small = new KeyTable();
        small.Reserve(KeyTable.MaxSegmentKeys);
        Assert.Equal(1, small.SegmentCount);
    }
}
