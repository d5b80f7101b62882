using System.Diagnostics;

namespace Basalt.Tests.Infrastructure;

/// <summary>Waiting for a condition by polling it, instead of sleeping a fixed time.</summary>
public static class Poll
{
    /// <summary>Polls <paramref name="condition"/> until true; on timeout throws with <paramref name="describe"/>'s text.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, TimeSpan? interval = null)
    {
        var sw = Stopwatch.StartNew();
        var delay = interval ?? TimeSpan.FromMilliseconds(20);
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (sw.Elapsed > timeout)
            {
                throw new TimeoutException($"condition not met within {timeout}: {describe()}");
            }
            await Task.Delay(delay);
        }
    }

    public static Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> describe, TimeSpan? interval = null) =>
        UntilAsync(() => Task.FromResult(condition()), timeout, describe, interval);
}
