using System.Globalization;
using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// The quicklist against a plain list model: random pushes, pops, inserts, replacements, deletes
/// and range deletes for every kind of fill, checking contents, counts and node limits.
/// </summary>
public sealed class QuicklistTests
{
    public static TheoryData<int> Fills => [-1, -2, -5, 0, 1, 2, 4, 128];

    [Theory]
    [MemberData(nameof(Fills))]
    public void Random_operations_match_a_list_model(int fill)
    {
        var random = new Random(fill + 1000);
        var list = new RedisList(fill);
        var model = new List<string>();
        for (var step = 0; step < 4000; step++)
        {
            Step(list, model, random);
            if (step % 97 == 0)
            {
                AssertSame(model, list);
            }
        }
        AssertSame(model, list);
        AssertSame(model, (RedisList)list.DeepCopy());
    }

    [Fact]
    public void Pushes_respect_the_node_limits()
    {
        var bySize = new RedisList(-2);
        var byCount = new RedisList(5);
        for (var i = 0; i < 10_000; i++)
        {
            bySize.PushTail(Bytes("element-" + i));
            byCount.PushHead(Bytes("element-" + i));
        }
        Assert.All(bySize.Nodes, node => Assert.True(node.ByteLength <= 8192, $"node of {node.ByteLength} bytes"));
        Assert.All(byCount.Nodes, node => Assert.True(node.Count <= 5, $"node of {node.Count} entries"));
        Assert.Equal(2000, byCount.NodeCount);
        Assert.InRange(bySize.NodeCount, 10_000 * 10 / 8192, 10_000 * 16 / 4096);
    }

    [Fact]
    public void A_count_fill_still_caps_nodes_at_8_kb()
    {
        var list = new RedisList(1000);
        var value = new string('x', 1000);
        for (var i = 0; i < 100; i++)
        {
            list.PushTail(Bytes(value));
        }
        Assert.All(list.Nodes, node => Assert.True(node.ByteLength <= 8192));
        Assert.True(list.NodeCount > 10);
    }

    [Theory]
    [MemberData(nameof(Fills))]
    public void A_copy_for_a_snapshot_shares_nodes_and_never_changes_the_original(int fill)
    {
        var random = new Random(fill + 2000);
        var original = new RedisList(fill);
        var model = new List<string>();
        for (var i = 0; i < 3000; i++)
        {
            Step(original, model, random);
        }
        var frozen = new List<string>(model);
        var copy = (RedisList)original.CopyForSnapshot(out var copiedBytes);
        // The copy cost the node array, not the elements.
        Assert.True(copiedBytes < original.ApproximateSize / 4 || original.NodeCount < 4, $"copied {copiedBytes} of {original.ApproximateSize}");
        AssertSame(model, copy);
        for (var i = 0; i < 3000; i++)
        {
            Step(copy, model, random);
            if (i % 499 == 0)
            {
                AssertSame(frozen, original);
            }
        }
        AssertSame(model, copy);
        AssertSame(frozen, original);
        // A second snapshot of the copy while nodes are still shared with the first.
        var second = (RedisList)copy.CopyForSnapshot(out _);
        var frozenCopy = new List<string>(model);
        for (var i = 0; i < 500; i++)
        {
            Step(second, model, random);
        }
        AssertSame(model, second);
        AssertSame(frozenCopy, copy);
        AssertSame(frozen, original);
    }

    /// <summary>One random change (push, pop, insert, replace, range delete, LREM-style walk) to both.</summary>
    private static void Step(RedisList list, List<string> model, Random random)
    {
        var value = RandomValue(random);
        switch (random.Next(10))
        {
            case 0:
                list.PushHead(Bytes(value));
                model.Insert(0, value);
                break;
            case 1:
                list.PushTail(Bytes(value));
                model.Add(value);
                break;
            case 2 when model.Count > 0:
                {
                    var head = random.Next(2) == 0;
                    Assert.Equal(head ? model[0] : model[^1], list.PeekEnd(head).ToString());
                    list.RemoveEnd(head);
                    model.RemoveAt(head ? 0 : model.Count - 1);
                    break;
                }
            case 3 when model.Count > 0:
                {
                    var index = random.Next(model.Count);
                    var after = random.Next(2) == 0;
                    list.Insert(list.Seek(index), Bytes(value), after);
                    model.Insert(after ? index + 1 : index, value);
                    break;
                }
            case 4 when model.Count > 0:
                {
                    var index = random.Next(-model.Count, model.Count);
                    list.Replace(list.Seek(index), Bytes(value));
                    model[index < 0 ? model.Count + index : index] = value;
                    break;
                }
            case 5 when model.Count > 0:
                {
                    var start = random.Next(-model.Count, model.Count);
                    var count = random.Next(0, 20);
                    list.DeleteRange(start, count);
                    var from = start < 0 ? model.Count + start : start;
                    model.RemoveRange(from, Math.Min(count, model.Count - from));
                    break;
                }
            case 6 when model.Count > 0:
                {
                    // LREM-style deletion while walking, in either direction.
                    var forward = random.Next(2) == 0;
                    var target = model[random.Next(model.Count)];
                    var cursor = list.Seek(forward ? 0 : -1);
                    while (cursor.IsValid)
                    {
                        if (list.Get(cursor).ToString() == target)
                        {
                            list.Delete(ref cursor, forward);
                        }
                        else if (forward)
                        {
                            list.MoveNext(ref cursor);
                        }
                        else
                        {
                            list.MovePrevious(ref cursor);
                        }
                    }
                    model.RemoveAll(v => v == target);
                    break;
                }
            default:
                list.PushTail(Bytes(value));
                model.Add(value);
                break;
        }
    }

    [Fact]
    public void Fill_is_clamped_as_redis_does()
    {
        Assert.Equal(-5, new RedisList(-100).Fill);
        Assert.Equal(RedisList.FillMax, new RedisList(int.MaxValue).Fill);
    }

    private static string RandomValue(Random random) => random.Next(4) switch
    {
        0 => random.Next(-100_000, 100_000).ToString(CultureInfo.InvariantCulture),
        1 => new string((char)('a' + random.Next(26)), random.Next(0, 5)),
        2 => "v" + random.Next(50),
        _ => new string('z', random.Next(50, 600)),
    };

    private static byte[] Bytes(string value) => Encoding.UTF8.GetBytes(value);

    private static void AssertSame(List<string> model, RedisList list)
    {
        Assert.Equal(model.Count, list.Count);
        var actual = new List<string>();
        for (var cursor = list.Seek(0); cursor.IsValid; list.MoveNext(ref cursor))
        {
            actual.Add(list.Get(cursor).ToString());
        }
        Assert.Equal(model, actual);
        var backwards = new List<string>();
        for (var cursor = list.Seek(-1); cursor.IsValid; list.MovePrevious(ref cursor))
        {
            backwards.Add(list.Get(cursor).ToString());
        }
        backwards.Reverse();
        Assert.Equal(model, backwards);
        Assert.Equal(model.Count, list.Nodes.Sum(n => n.Count));
        Assert.DoesNotContain(list.Nodes, n => n.Count == 0);
        for (var i = 0; i < model.Count; i += 1 + model.Count / 10)
        {
            Assert.Equal(model[i], list.Get(list.Seek(i)).ToString());
            Assert.Equal(model[i], list.Get(list.Seek(i - model.Count)).ToString());
        }
        Assert.False(list.Seek(model.Count).IsValid);
        Assert.False(list.Seek(-model.Count - 1).IsValid);
    }
}
