using System.Text;
using Basalt.Commands;

namespace Basalt.Server;

/// <summary>One slow log entry as SLOWLOG GET reports it.</summary>
public sealed record SlowLogEntry(long Id, long UnixSeconds, long Microseconds, byte[][] Args, string ClientAddress, string ClientName);

/// <summary>
/// The slow log: commands slower than slowlog-log-slower-than microseconds, the newest first,
/// at most slowlog-max-len entries, with arguments shortened as Redis shortens them and secrets
/// the command hid (<see cref="CommandContext.Redact"/>: passwords, sensitive CONFIG SET values) shown as "(redacted)".
/// </summary>
public sealed class SlowLog
{
    private const int MaxArgs = 32;
    private const int MaxArgLength = 128;
    private static readonly byte[] RedactedArgument = "(redacted)"u8.ToArray();

    private readonly LinkedList<SlowLogEntry> _entries = new();
    private long _nextId;

    public long Threshold { get; set; } = 10000;

    public long MaxLength { get; set; } = 128;

    public int Count => _entries.Count;

    /// <summary>The newest <paramref name="count"/> entries (all of them when negative).</summary>
    public IEnumerable<SlowLogEntry> Newest(long count)
    {
        var n = 0L;
        foreach (var entry in _entries)
        {
            if (count >= 0 && n++ >= count)
            {
                yield break;
            }
            yield return entry;
        }
    }

    public void Reset() => _entries.Clear();

    /// <summary>Logs the command that just ran if it was slow enough, then trims the log (slowlogPushEntryIfNeeded).</summary>
    public void Consider(CommandContext ctx, long micros)
    {
        if (Threshold < 0)
        {
            return;
        }
        if (micros >= Threshold)
        {
            _entries.AddFirst(new SlowLogEntry(_nextId++, DateTimeOffset.UtcNow.ToUnixTimeSeconds(), micros,
                KeptArguments(ctx), ctx.Client.Channel.RemoteAddress, ctx.Client.Name));
        }
        while (_entries.Count > MaxLength)
        {
            _entries.RemoveLast();
        }
    }

    private static byte[][] KeptArguments(CommandContext ctx)
    {
        var args = ctx.Args;
        var count = Math.Min(args.Count, MaxArgs);
        var kept = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            if (count != args.Count && i == count - 1)
            {
                kept[i] = Encoding.ASCII.GetBytes($"... ({args.Count - count + 1} more arguments)");
            }
            else if (ctx.IsRedacted(i))
            {
                kept[i] = RedactedArgument;
            }
            else if (args.Length(i) > MaxArgLength)
            {
                var tail = Encoding.ASCII.GetBytes($"... ({args.Length(i) - MaxArgLength} more bytes)");
                kept[i] = [.. args[i][..MaxArgLength], .. tail];
            }
            else
            {
                kept[i] = args.ToArray(i);
            }
        }
        return kept;
    }
}
