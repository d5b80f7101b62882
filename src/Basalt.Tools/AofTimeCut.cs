using System.Globalization;
using System.Text;

namespace Basalt.Tools;

/// <summary>
/// Where an INCR file must be cut to keep only what was written at or before a unix time T: at the
/// first <c>#TS:</c> annotation later than T (moved back to the start of a MULTI left open there,
/// and never past the last complete command).
/// </summary>
public sealed class AofTimeCut
{
    /// <summary>Bytes of the file to keep.</summary>
    public long KeepBytes { get; private set; }

    public long FileBytes { get; private set; }

    /// <summary>True when an annotation later than T was found: later files are after T too.</summary>
    public bool ReachedLaterTime { get; private set; }

    /// <summary>The last annotation at or before T, if any.</summary>
    public long? LastTimestampKept { get; private set; }

    /// <summary>How many <c>#TS:</c> annotations the file has up to the cut (and the first one past it).</summary>
    public int TimestampsSeen { get; private set; }

    public long CommandsKept { get; private set; }

    /// <summary>The file ended inside a command (a truncated tail, left out).</summary>
    public bool TruncatedTail { get; private set; }

    /// <param name="progress">Called now and then with the bytes read and the file's size.</param>
    public static AofTimeCut Scan(string path, long time, Action<long, long>? progress = null)
    {
        var cut = new AofTimeCut();
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        cut.FileBytes = file.Length;
        var reader = new Reader(new BufferedStream(file, 1 << 16));
        long? multiStart = null;
        long commandsBeforeMulti = 0;
        while (true)
        {
            var start = reader.Offset;
            var line = reader.ReadLine();
            if (line is null)
            {
                cut.TruncatedTail = reader.Offset != start;
                cut.KeepBytes = multiStart ?? start;
                if (multiStart is not null)
                {
                    cut.CommandsKept = commandsBeforeMulti;
                }
                return cut;
            }
            if (line.StartsWith('#'))
            {
                if (line.StartsWith("#TS:", StringComparison.Ordinal) &&
                    long.TryParse(line.AsSpan(4), NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
                {
                    cut.TimestampsSeen++;
                    if (ts > time)
                    {
                        cut.ReachedLaterTime = true;
                        cut.KeepBytes = multiStart ?? start;
                        if (multiStart is not null)
                        {
                            cut.CommandsKept = commandsBeforeMulti;
                        }
                        return cut;
                    }
                    cut.LastTimestampKept = ts;
                }
                continue;
            }
            if (!line.StartsWith('*') || !int.TryParse(line.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var argc))
            {
                throw new IOException($"{path}: bad file format reading the append only file at offset {start}");
            }
            string? name = null;
            var complete = true;
            for (var i = 0; i < argc && complete; i++)
            {
                var header = reader.ReadLine();
                if (header is null || !header.StartsWith('$') || !int.TryParse(header.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out var length))
                {
                    if (header is null)
                    {
                        complete = false;
                        break;
                    }
                    throw new IOException($"{path}: bad file format reading the append only file at offset {start}");
                }
                var value = reader.Skip(length + 2, keep: i == 0 && length <= 16);
                if (value is null)
                {
                    complete = false;
                    break;
                }
                name ??= value;
            }
            if (!complete)
            {
                cut.TruncatedTail = true;
                cut.KeepBytes = multiStart ?? start;
                if (multiStart is not null)
                {
                    cut.CommandsKept = commandsBeforeMulti;
                }
                return cut;
            }
            var command = name?.TrimEnd('\r', '\n') ?? "";
            if (command.Equals("MULTI", StringComparison.OrdinalIgnoreCase))
            {
                multiStart = start;
                commandsBeforeMulti = cut.CommandsKept;
            }
            else if (command.Equals("EXEC", StringComparison.OrdinalIgnoreCase))
            {
                multiStart = null;
            }
            cut.CommandsKept++;
            if ((cut.CommandsKept & 1023) == 0)
            {
                progress?.Invoke(reader.Offset, cut.FileBytes);
            }
        }
    }

    /// <summary>A forward-only reader that counts the offset.</summary>
    private sealed class Reader(Stream stream)
    {
        private readonly StringBuilder _line = new();
        private readonly byte[] _buffer = new byte[64 * 1024];

        public long Offset { get; private set; }

        /// <summary>A line without its \r\n; null at the end of the file (or a last line without \n).</summary>
        public string? ReadLine()
        {
            _line.Clear();
            while (true)
            {
                var b = stream.ReadByte();
                if (b < 0)
                {
                    return null;
                }
                Offset++;
                if (b == '\n')
                {
                    return _line.ToString().TrimEnd('\r');
                }
                if (_line.Length < 1024)
                {
                    _line.Append((char)b);
                }
            }
        }

        /// <summary>Skips <paramref name="count"/> bytes; returns them as text when asked, "" otherwise; null at the end.</summary>
        public string? Skip(int count, bool keep)
        {
            var buffer = _buffer;
            var text = keep ? new StringBuilder() : null;
            var left = count;
            while (left > 0)
            {
                var n = stream.Read(buffer, 0, Math.Min(buffer.Length, left));
                if (n == 0)
                {
                    return null;
                }
                text?.Append(Encoding.Latin1.GetString(buffer, 0, n));
                left -= n;
                Offset += n;
            }
            return text?.ToString() ?? "";
        }
    }
}
