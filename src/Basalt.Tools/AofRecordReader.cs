using System.Text;
using Basalt.Text;

namespace Basalt.Tools;

/// <summary>What <see cref="AofRecordReader.Next"/> found.</summary>
internal enum AofRecordKind
{
    Command,
    Annotation,
    End,
    Truncated,
    FormatError,
}

/// <summary>
/// Reads the RESP part of an AOF record by record for display, like the core's AofCommandReader but
/// also handing out the '#' annotation lines (the <c>#TS:</c> timestamps) and each record's offset.
/// </summary>
internal sealed class AofRecordReader(Stream stream, long offset)
{
    private const int LineMax = 1024;

    private readonly StdioFileReader _reader = new(stream, offset);
    private readonly byte[] _line = new byte[LineMax];

    /// <summary>Where the record just returned starts (for End/Truncated/FormatError: where reading stopped being valid).</summary>
    public long RecordOffset { get; private set; }

    /// <summary>The annotation's text without its line end, when <see cref="AofRecordKind.Annotation"/>.</summary>
    public string Annotation { get; private set; } = "";

    public AofRecordKind Next(List<byte[]> args)
    {
        args.Clear();
        RecordOffset = _reader.Position;
        var first = _reader.Peek();
        if (first < 0)
        {
            return AofRecordKind.End;
        }
        if (first == '#')
        {
            var n = _reader.Fgets(_line, LineMax);
            Annotation = Encoding.UTF8.GetString(_line, 0, n).TrimEnd('\r', '\n');
            return AofRecordKind.Annotation;
        }
        if (first != '*')
        {
            return AofRecordKind.FormatError;
        }
        var status = ReadNumber((byte)'*', out var argc);
        if (status != AofRecordKind.Command)
        {
            return status;
        }
        for (long i = 0; i < argc; i++)
        {
            status = ReadNumber((byte)'$', out var length);
            if (status != AofRecordKind.Command)
            {
                return status;
            }
            if (length < 0 || length > Array.MaxLength - 2)
            {
                return AofRecordKind.FormatError;
            }
            var value = new byte[length];
            var read = _reader.Fread(length + 2, value, out var cr, out var lf);
            if (read != length + 2)
            {
                return AofRecordKind.Truncated;
            }
            if (cr != '\r' || lf != '\n')
            {
                return AofRecordKind.FormatError;
            }
            args.Add(value);
        }
        return AofRecordKind.Command;
    }

    private AofRecordKind ReadNumber(byte prefix, out long value)
    {
        value = 0;
        var n = _reader.Fgets(_line, 128);
        if (n == 0)
        {
            return AofRecordKind.Truncated;
        }
        if (_line[0] != prefix)
        {
            return AofRecordKind.FormatError;
        }
        if (_line[n - 1] != '\n')
        {
            return _reader.AtEof ? AofRecordKind.Truncated : AofRecordKind.FormatError;
        }
        var (parsed, end, overflow) = CStrtol.Parse(_line.AsSpan(1, n - 1));
        if (overflow || end == 0 || 1 + end != n - 2 || _line[n - 2] != '\r')
        {
            return AofRecordKind.FormatError;
        }
        value = parsed;
        return AofRecordKind.Command;
    }
}
