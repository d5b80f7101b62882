using System.Diagnostics;
using System.Text;

namespace Basalt.Tools;

/// <summary>
/// A progress bar on stderr for reading a file: drawn only on a terminal, and only once the work
/// has lasted half a second (short runs stay silent); erased when done so the output stays clean.
/// Output written meanwhile goes through <see cref="Out"/>, which erases the bar first, so that a
/// line of the report never lands after the bar's text.
/// </summary>
internal sealed class ByteProgressBar(ToolConsole console, string label) : IDisposable
{
    private const int Width = 30;
    private static readonly long ShowAfter = Stopwatch.Frequency / 2;
    private static readonly long RedrawEvery = Stopwatch.Frequency / 10;

    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastDrawn;
    private bool _drawn;
    private TextWriter? _out;

    /// <summary><see cref="ToolConsole.Out"/>, erasing the bar before each write.</summary>
    public TextWriter Out => _out ??= new ErasingWriter(this, console.Out);

    /// <summary>Reports <paramref name="done"/> of <paramref name="total"/> bytes (total &lt;= 0 when unknown).</summary>
    public void Report(long done, long total)
    {
        if (!console.IsTerminal)
        {
            return;
        }
        var now = Stopwatch.GetTimestamp();
        if (now - _started < ShowAfter || now - _lastDrawn < RedrawEvery)
        {
            return;
        }
        _lastDrawn = now;
        _drawn = true;
        if (total <= 0)
        {
            console.Error.Write($"\r{label}: {done / (1024 * 1024)} MB read");
            return;
        }
        var fraction = Math.Clamp((double)done / total, 0, 1);
        var filled = (int)(fraction * Width);
        console.Error.Write($"\r{label} [{new string('#', filled)}{new string('.', Width - filled)}] {fraction * 100,3:F0}% ");
    }

    /// <summary>Erases the bar if it is drawn (the next report draws it again).</summary>
    public void Clear()
    {
        if (_drawn)
        {
            console.Error.Write($"\r{new string(' ', label.Length + Width + 12)}\r");
            console.Error.Flush();
            _drawn = false;
        }
    }

    public void Dispose() => Clear();

    private sealed class ErasingWriter(ByteProgressBar bar, TextWriter inner) : TextWriter
    {
        public override Encoding Encoding => inner.Encoding;

        public override void Write(char value)
        {
            bar.Clear();
            inner.Write(value);
        }

        public override void Write(string? value)
        {
            bar.Clear();
            inner.Write(value);
        }

        public override void Write(char[] buffer, int index, int count)
        {
            bar.Clear();
            inner.Write(buffer, index, count);
        }

        public override void Write(ReadOnlySpan<char> buffer)
        {
            bar.Clear();
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
    }
}
