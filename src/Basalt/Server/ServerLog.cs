using System.Globalization;
using System.Text;
using Basalt.Text;

namespace Basalt.Server;

/// <summary>
/// The server log in Redis's format, <c>pid:M 21 Nov 2026 08:26:35.583 * message</c>, written to
/// the logfile or to stdout and flushed per line, because scripts and tests wait for lines.
/// </summary>
public sealed class ServerLog : IDisposable
{
    private readonly object _gate = new();
    private readonly int _pid = Environment.ProcessId;
    private TextWriter _writer;
    private bool _ownsWriter;

    public ServerLog(TextWriter? writer = null)
    {
        _writer = writer ?? Console.Out;
    }

    public LogLevel Level { get; set; } = LogLevel.Notice;

    /// <summary>Directs the log to a file (appending), or to stdout when <paramref name="path"/> is empty.</summary>
    public void UseFile(string path)
    {
        lock (_gate)
        {
            if (_ownsWriter)
            {
                _writer.Dispose();
            }
            if (string.IsNullOrEmpty(path))
            {
                _writer = Console.Out;
                _ownsWriter = false;
            }
            else
            {
                var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                // Names from files and clients are logged as their bytes, as Redis logs them (see SurrogateEscape).
                _writer = new StreamWriter(stream, SurrogateEscape.Encoding) { AutoFlush = true };
                _ownsWriter = true;
            }
        }
    }

    public void Debug(string message) => Write(LogLevel.Debug, message);

    public void Verbose(string message) => Write(LogLevel.Verbose, message);

    public void Notice(string message) => Write(LogLevel.Notice, message);

    public void Warning(string message) => Write(LogLevel.Warning, message);

    public void Write(LogLevel level, string message, char role = 'M')
    {
        if (level < Level)
        {
            return;
        }
        var now = DateTime.Now;
        var line = string.Create(CultureInfo.InvariantCulture,
            $"{_pid}:{role} {now:dd MMM yyyy HH:mm:ss.fff} {level.Marker()} {message}");
        WriteRawLine(line);
    }

    /// <summary>A line without the prefix (the logo, the fatal config report).</summary>
    public void WriteRawLine(string line)
    {
        lock (_gate)
        {
            try
            {
                _writer.WriteLine(line);
                _writer.Flush();
            }
            catch (IOException)
            {
                // A log that cannot be written must not stop the server (a full disk, a closed stdout).
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_ownsWriter)
            {
                _writer.Dispose();
                _ownsWriter = false;
            }
        }
    }
}
