using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// The skip list against a plain sorted model, over random operations: order, ranks (spans),
/// backward links, range searches and range deletions must agree with the model at every step.
/// </summary>
public sealed class SkipListTests
{
    /// <summary>Redis's order: score, then member bytes.</summary>
    private sealed class ModelOrder : IComparer<(double Score, string Member)>
    {
        public static readonly ModelOrder Instance = new();

        public int Compare((double Score, string Member) x, (double Score, string Member) y)
        {
            var byScore = x.Score.CompareTo(y.Score);
            return byScore != 0 ? byScore : string.CompareOrdinal(x.Member, y.Member);
        }
    }

    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static string S(byte[] b) => Encoding.ASCII.GetString(b);

    private static void AssertSame(SkipList list, SortedSet<(double Score, string Member)> model)
    {
        Assert.Equal(model.Count, list.Length);
        var expected = model.ToList();
        var forward = new List<(double, string)>();
        for (var node = list.First; node is not null; node = node.Forward)
        {
            forward.Add((node.Score, S(node.Member)));
        }
        Assert.Equal(expected, forward);
        var backward = new List<(double, string)>();
        for (var node = list.Last; node is not null; node = node.Backward)
        {
            backward.Add((node.Score, S(node.Member)));
        }
        backward.Reverse();
        Assert.Equal(expected, backward);
        for (var i = 0; i < expected.Count; i++)
        {
            var node = list.GetByRank(i + 1);
            Assert.NotNull(node);
            Assert.Equal(expected[i], (node!.Score, S(node.Member)));
            Assert.Equal(i + 1, list.GetRank(expected[i].Score, B(expected[i].Member)));
        }
        Assert.Null(list.GetByRank(expected.Count + 1));
        Assert.Null(list.GetByRank(0));
    }

    [Fact]
    public void Nodes_are_ordered_by_score_then_member_bytes()
    {
        var list = new SkipList();
        list.Insert(2, B("b"));
        list.Insert(1, B("z"));
        list.Insert(2, B("a"));
        list.Insert(2, B("ab"));
        list.Insert(double.NegativeInfinity, B("low"));
        list.Insert(double.PositiveInfinity, B("high"));
        var order = new List<string>();
        for (var node = list.First; node is not null; node = node.Forward)
        {
            order.Add(S(node.Member));
        }
        Assert.Equal(new[] { "low", "z", "a", "ab", "b", "high" }, order);
        Assert.Equal(3, list.GetRank(2, B("a")));
        Assert.Equal(0, list.GetRank(2, B("nope")));
        Assert.Equal(0, list.GetRank(3, B("a")));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_operations_agree_with_a_sorted_model(int seed)
    {
        var rng = new Random(seed);
        var list = new SkipList();
        var model = new SortedSet<(double Score, string Member)>(ModelOrder.Instance);
        var scores = new Dictionary<string, double>();
        var nodes = new Dictionary<string, SkipListNode>();
        for (var step = 0; step < 4000; step++)
        {
            var member = "m" + rng.Next(300);
            double score = rng.Next(40) / 4.0;
            switch (rng.Next(4))
            {
                case 0 or 1 when !scores.ContainsKey(member):
                    nodes[member] = list.Insert(score, B(member));
                    model.Add((score, member));
                    scores[member] = score;
                    break;
                case 0 or 1:
                    // An update that may keep or change the position; the node object stays the same.
                    var node = nodes[member];
                    list.UpdateScore(node, score);
                    Assert.Equal(score, node.Score);
                    model.Remove((scores[member], member));
                    model.Add((score, member));
                    scores[member] = score;
                    break;
                case 2 when scores.TryGetValue(member, out var old):
                    Assert.True(list.Delete(old, B(member)));
                    Assert.False(list.Delete(old, B(member)));
                    model.Remove((old, member));
                    scores.Remove(member);
                    nodes.Remove(member);
                    break;
                default:
                    Assert.False(list.Delete(score, B("absent")));
                    break;
            }
            if (step % 500 == 0)
            {
                AssertSame(list, model);
            }
        }
        AssertSame(list, model);
    }

    [Theory]
    [InlineData(0.0, false, 5.0, false)]
    [InlineData(0.0, true, 5.0, true)]
    [InlineData(2.5, false, 2.5, false)]
    [InlineData(2.5, true, 2.5, false)]
    [InlineData(7.0, false, 3.0, false)]
    [InlineData(double.NegativeInfinity, false, double.PositiveInfinity, false)]
    [InlineData(100.0, false, 200.0, false)]
    public void Score_ranges_find_and_delete_what_the_model_holds(double min, bool minExclusive, double max, bool maxExclusive)
    {
        var range = new ScoreRange(min, minExclusive, max, maxExclusive);
        var list = new SkipList();
        var model = new SortedSet<(double Score, string Member)>(ModelOrder.Instance);
        for (var i = 0; i < 200; i++)
        {
            var score = i % 40 / 4.0;
            list.Insert(score, B("m" + i));
            model.Add((score, "m" + i));
        }
        var inRange = model.Where(e => range.Contains(e.Score)).ToList();
        var first = list.FirstInRange(range);
        var last = list.LastInRange(range);
        if (inRange.Count == 0)
        {
            Assert.Null(first);
            Assert.Null(last);
        }
        else
        {
            Assert.Equal(inRange[0], (first!.Score, S(first.Member)));
            Assert.Equal(inRange[^1], (last!.Score, S(last.Member)));
        }
        var removed = new List<string>();
        Assert.Equal(inRange.Count, list.DeleteRange(range, n => removed.Add(S(n.Member))));
        Assert.Equal(inRange.Select(e => e.Member), removed);
        model.ExceptWith(inRange);
        AssertSame(list, model);
    }

    [Fact]
    public void Member_ranges_find_and_delete_what_the_model_holds()
    {
        var list = new SkipList();
        var model = new SortedSet<(double Score, string Member)>(ModelOrder.Instance);
        foreach (var member in new[] { "a", "aa", "ab", "b", "ba", "c", "d", "dd" })
        {
            list.Insert(0, B(member));
            model.Add((0, member));
        }
        Assert.True(LexRange.TryParse(B("[ab"), B("(c"), out var range));
        Assert.Equal("ab", S(list.FirstInRange(range)!.Member));
        Assert.Equal("ba", S(list.LastInRange(range)!.Member));
        var removed = new List<string>();
        Assert.Equal(3, list.DeleteRange(range, n => removed.Add(S(n.Member))));
        Assert.Equal(new[] { "ab", "b", "ba" }, removed);
        model.RemoveWhere(e => e.Member is "ab" or "b" or "ba");
        AssertSame(list, model);
        Assert.True(LexRange.TryParse(B("-"), B("+"), out var all));
        Assert.Equal(5, list.DeleteRange(all, _ => { }));
        Assert.Null(list.First);
        Assert.Null(list.Last);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(1, 50)]
    [InlineData(10, 20)]
    [InlineData(50, 50)]
    public void Rank_ranges_delete_the_model_slice(int start, int end)
    {
        var list = new SkipList();
        var model = new SortedSet<(double Score, string Member)>(ModelOrder.Instance);
        for (var i = 0; i < 50; i++)
        {
            list.Insert(i % 7, B("m" + i));
            model.Add((i % 7, "m" + i));
        }
        var slice = model.Skip(start - 1).Take(end - start + 1).ToList();
        var removed = new List<string>();
        Assert.Equal(slice.Count, list.DeleteRangeByRank(start, end, n => removed.Add(S(n.Member))));
        Assert.Equal(slice.Select(e => e.Member), removed);
        model.ExceptWith(slice);
        AssertSame(list, model);
    }
}
