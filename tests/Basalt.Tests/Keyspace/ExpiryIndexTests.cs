using System.Text;
using Basalt.Keyspace;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Keyspace;

/// <summary>The expiry times of a table's keys: looked up by entry, sampled by the active expire cycle.</summary>
public sealed class ExpiryIndexTests
{
    private static KeyEntry Entry(int i)
    {
        var key = Encoding.ASCII.GetBytes("k" + i);
        return KeyEntry.Create(key, KeyHasher.Hash(key), RedisString.FromValue("v"u8));
    }

    [Fact]
    public void Set_adds_or_replaces_the_time_and_remove_takes_out_only_its_entry()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 1000).Select(Entry).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            index.Set(entries[i], 1);
            index.Set(entries[i], 1000 + i);
        }
        Assert.Equal(1000, index.Count);
        Assert.All(entries, e => Assert.True(e.HasExpiry));
        for (var i = 0; i < entries.Count; i += 3)
        {
            index.Remove(entries[i]);
            index.Remove(entries[i]);
        }
        Assert.Equal(entries.Count - (entries.Count + 2) / 3, index.Count);
        for (var i = 0; i < entries.Count; i++)
        {
            Assert.Equal(i % 3 != 0, entries[i].HasExpiry);
            Assert.Equal(i % 3 != 0 ? 1000 + i : -1, index.ExpireAtMs(entries[i]));
        }
    }

    [Fact]
    public void Sets_and_removes_in_any_order_agree_with_a_dictionary()
    {
        // Removal shifts later members of a probe run back into the hole; growth and shrinking rehash.
        var index = new ExpiryIndex();
        var model = new Dictionary<KeyEntry, long>(ReferenceEqualityComparer.Instance);
        var entries = Enumerable.Range(0, 3000).Select(Entry).ToList();
        var random = new Random(11);
        for (var step = 1; step <= 200_000; step++)
        {
            var e = entries[random.Next(step < 100_000 ? entries.Count : 300)];
            if (random.Next(3) == 0)
            {
                index.Remove(e);
                model.Remove(e);
            }
            else
            {
                index.Set(e, step);
                model[e] = step;
            }
            if (step % 10_000 == 0)
            {
                Assert.Equal(model.Count, index.Count);
                Assert.All(entries, x => Assert.Equal(model.GetValueOrDefault(x, -1), index.ExpireAtMs(x)));
                Assert.All(entries, x => Assert.Equal(model.ContainsKey(x), x.HasExpiry));
            }
        }
    }

    [Fact]
    public void Sampling_returns_only_members_with_their_times_and_reaches_all_of_them()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 30).Select(Entry).ToList();
        for (var i = 0; i < entries.Count; i++)
        {
            index.Set(entries[i], 500 + i);
        }
        index.Remove(entries[0]);
        var random = new Random(3);
        var seen = new HashSet<KeyEntry>();
        for (var i = 0; i < 5000; i++)
        {
            var (entry, time) = index.Sample(random);
            Assert.NotSame(entries[0], entry);
            Assert.Equal(500 + entries.IndexOf(entry), time);
            seen.Add(entry);
        }
        Assert.Equal(29, seen.Count);
    }

    [Fact]
    public void Shrinks_after_mass_removal_and_is_usable_again()
    {
        var index = new ExpiryIndex();
        var entries = Enumerable.Range(0, 10_000).Select(Entry).ToList();
        entries.ForEach(e => index.Set(e, 7));
        entries.ForEach(index.Remove);
        Assert.Equal(0, index.Count);
        Assert.Throws<InvalidOperationException>(() => index.Sample(new Random(1)));
        index.Set(entries[5], 9);
        Assert.Equal(1, index.Count);
        Assert.Equal((entries[5], 9L), index.Sample(new Random(1)));
    }

    [Fact]
    public async Task A_concurrent_reader_sees_the_time_of_a_member_nobody_changes_while_others_move()
    {
        // A snapshot's walker reads the time of the entries it claimed while writers add and remove
        // other keys (resizes, backward shifts) under the server lock. The instants at which a plain
        // read would miss a member are a few instructions wide, so this does not reliably catch a
        // missing retry; it checks that reads stay right and never fail while the table churns.
        var index = new ExpiryIndex();
        var stable = Enumerable.Range(0, 2000).Select(Entry).ToList();
        for (var i = 0; i < stable.Count; i++)
        {
            index.Set(stable[i], 10_000 + i);
        }
        var churn = Enumerable.Range(10_000, 20_000).Select(Entry).ToList();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(() =>
        {
            var random = new Random(5);
            while (!stop.IsCancellationRequested)
            {
                // Waves of adds and removes make the table grow and shrink around the stable members.
                foreach (var e in churn)
                {
                    index.Set(e, random.Next());
                }
                foreach (var e in churn)
                {
                    index.Remove(e);
                }
            }
        });
        var reads = 0;
        var deadline = DateTime.UtcNow.AddSeconds(1);
        while (DateTime.UtcNow < deadline || reads < 10_000)
        {
            var i = reads++ % stable.Count;
            Assert.Equal(10_000 + i, index.ReadConcurrently(stable[i]));
        }
        stop.Cancel();
        await writer;
    }
}
