using Basalt.Text;

namespace Basalt.Tools;

/// <summary>
/// Where a tool reads and writes: the process's console, or strings in tests. <see cref="IsTerminal"/>
/// says whether a person is watching (progress bars are drawn only then).
/// </summary>
/// <remarks>
/// Text from files (key names, a byte in an error message) is decoded with <see cref="SurrogateEscape"/>,
/// and the process's stdout and stderr encode with it, so bytes that are not UTF-8 come out as the
/// raw bytes, as the C tools print them. Tests that compare bytes encode a string writer's text the same way.
/// </remarks>
public sealed class ToolConsole(TextReader input, TextWriter output, TextWriter error, bool isTerminal)
{
    private const int OutputBuffer = 64 * 1024;

    public TextReader In { get; } = input;

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    public bool IsTerminal { get; } = isTerminal;

    /// <summary>
    /// The process's console. Stdout is buffered unless a person watches (a listing of millions of
    /// lines must not cost a system call each); the caller flushes it at the end. Stderr is written
    /// at once, after what stdout holds, so that <c>2&gt;&amp;1</c> keeps the order of the writes.
    /// </summary>
    public static ToolConsole System()
    {
        var terminal = !Console.IsOutputRedirected && !Console.IsErrorRedirected;
        var output = new StreamWriter(Console.OpenStandardOutput(), SurrogateEscape.Encoding, OutputBuffer) { AutoFlush = terminal };
        var error = new StreamWriter(new AfterFlushing(Console.OpenStandardError(), output), SurrogateEscape.Encoding) { AutoFlush = true };
        return new ToolConsole(Console.In, output, error, terminal);
    }

    /// <summary>A write-only stream that flushes another writer before each write.</summary>
    private sealed class AfterFlushing(Stream inner, TextWriter first) : Stream
    {
        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            first.Flush();
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
