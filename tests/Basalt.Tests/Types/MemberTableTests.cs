using System.Text;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>
/// The member table behind large sets and sorted sets: lookups against a model, dense positions
/// for random picks, and the SCAN guarantee (every member present for the whole walk is returned
/// at least once) while the table grows and shrinks between steps.
/// </summary>
public sealed class MemberTableTests
{
    private static byte[] B(string s) => Encoding.ASCII.GetBytes(s);

    private static MemberTable<byte[], RedisSet.BytesKey> NewTable() => new();

    [Fact]
    public void Random_operations_agree_with_a_hash_set()
    {
        var rng = new Random(7);
        var table = NewTable();
        var model = new HashSet<string>();
        for (var step = 0; step < 20000; step++)
        {
            var member = "k" + rng.Next(2000);
            if (rng.Next(3) == 0)
            {
                Assert.Equal(model.Remove(member), table.Remove(B(member)) is not null);
            }
            else
            {
                Assert.Equal(model.Add(member), table.TryAdd(B(member)));
            }
            if (step % 1000 == 0)
            {
                Assert.Equal(model.Count, table.Count);
                var dense = Enumerable.Range(0, table.Count).Select(i => Encoding.ASCII.GetString(table[i])).ToHashSet();
                Assert.True(model.SetEquals(dense));
                Assert.All(model, m => Assert.True(table.Contains(B(m))));
            }
        }
        // Emptying the table shrinks it, and it keeps working.
        foreach (var member in model)
        {
            Assert.NotNull(table.Remove(B(member)));
        }
        Assert.Equal(0, table.Count);
        Assert.True(table.TryAdd(B("again")));
        Assert.True(table.Contains(B("again")));
    }

    [Fact]
    public void A_scan_returns_every_stable_member_while_the_table_grows_and_shrinks()
    {
        var table = NewTable();
        var stable = Enumerable.Range(0, 3000).Select(i => "stable" + i).ToList();
        foreach (var member in stable)
        {
            table.AddNew(B(member));
        }
        var seen = new HashSet<string>();
        var output = new List<byte[]>();
        ulong cursor = 0;
        var step = 0;
        var transient = 0;
        do
        {
            output.Clear();
            cursor = table.ScanStep(cursor, output);
            foreach (var member in output)
            {
                seen.Add(Encoding.ASCII.GetString(member));
            }
            // Between steps: grow a lot, then shrink back, so the walk crosses several sizes.
            if (step++ % 50 < 25)
            {
                for (var i = 0; i < 100; i++)
                {
                    table.AddNew(B("t" + transient++));
                }
            }
            else
            {
                for (var i = 0; i < 200 && transient > 0; i++)
                {
                    table.Remove(B("t" + --transient));
                }
            }
        }
        while (cursor != 0);
        Assert.All(stable, m => Assert.Contains(m, seen));
    }

    [Fact]
    public void A_scan_of_an_unchanged_table_returns_each_member_once()
    {
        var table = NewTable();
        for (var i = 0; i < 1000; i++)
        {
            table.AddNew(B("m" + i));
        }
        var seen = new List<string>();
        var output = new List<byte[]>();
        ulong cursor = 0;
        do
        {
            output.Clear();
            cursor = table.ScanStep(cursor, output);
            seen.AddRange(output.Select(m => Encoding.ASCII.GetString(m)));
        }
        while (cursor != 0);
        Assert.Equal(1000, seen.Count);
        Assert.Equal(1000, seen.Distinct().Count());
    }
}
