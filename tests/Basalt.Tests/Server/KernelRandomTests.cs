using Basalt.Server;
using Xunit;

namespace Basalt.Tests.Server;

public sealed class KernelRandomTests
{
    [Fact]
    public void Ids_are_forty_lower_case_hex_characters_and_differ_between_calls()
    {
        var ids = Enumerable.Range(0, 20).Select(_ => KernelRandom.Hex(20)).ToList();
        Assert.All(ids, id => Assert.Matches("^[0-9a-f]{40}$", id));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Fill_writes_every_byte_of_a_buffer_larger_than_one_read()
    {
        // 1 MB of zeros filled: a byte left untouched would show as a long run of zeros.
        var buffer = new byte[1 << 20];
        KernelRandom.Fill(buffer);
        var longestZeroRun = 0;
        var run = 0;
        foreach (var b in buffer)
        {
            run = b == 0 ? run + 1 : 0;
            longestZeroRun = Math.Max(longestZeroRun, run);
        }
        Assert.True(longestZeroRun < 8, $"a run of {longestZeroRun} zero bytes");
    }
}
