using System.Text;
using Basalt.Text;

namespace Basalt.Persistence.Aof;

/// <summary>
/// The manifest of a Redis 7.0 multi-part AOF (aof.c): which file is the BASE, which INCR files
/// follow it in order, and which old files are HISTORY waiting to be deleted; parsed with Redis's
/// rules and errors, and written in Redis's format (<c>file NAME seq N type X</c>, one per line:
/// BASE, HISTORY, then INCR).
/// </summary>
public sealed class AofManifest
{
    private const int MaxLine = 1024;

    public AofFileInfo? Base { get; set; }

    public List<AofFileInfo> History { get; } = [];

    public List<AofFileInfo> Incr { get; } = [];

    /// <summary>The sequence number of the current BASE (0 when there is none).</summary>
    public long BaseSeq { get; set; }

    /// <summary>The highest INCR sequence number so far.</summary>
    public long IncrSeq { get; set; }

    /// <summary>aofLoadManifestFromFile's parser; throws <see cref="AofManifestException"/> with Redis's reason.</summary>
    public static AofManifest Parse(ReadOnlySpan<byte> text)
    {
        var manifest = new AofManifest();
        var lineNumber = 0;
        long maxIncrSeq = 0;
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf((byte)'\n');
            // fgets reads at most MaxLine bytes; a longer line is "too long" unless it is a comment.
            var raw = newline < 0 ? text : text[..(newline + 1)];
            var chunk = raw.Length > MaxLine ? raw[..MaxLine] : raw;
            text = text[chunk.Length..];
            lineNumber++;
            if (chunk[0] == '#')
            {
                continue;
            }
            if (chunk[^1] != '\n')
            {
                throw new AofManifestException("The AOF manifest file contains too long line", lineNumber, null);
            }
            var line = Trim(chunk);
            var lineText = Encoding.Latin1.GetString(line);
            if (line.IsEmpty)
            {
                throw new AofManifestException("Invalid AOF manifest file format", lineNumber, lineText);
            }
            var argv = ArgSplitter.Split(line);
            if (argv is null || argv.Count < 6 || argv.Count % 2 != 0)
            {
                throw new AofManifestException("Invalid AOF manifest file format", lineNumber, lineText);
            }
            string? name = null;
            long seq = 0;
            byte type = 0;
            for (var i = 0; i < argv.Count; i += 2)
            {
                var key = Encoding.Latin1.GetString(argv[i]);
                var value = argv[i + 1];
                if (key.Equals("file", StringComparison.OrdinalIgnoreCase))
                {
                    name = Encoding.Latin1.GetString(value);
                    if (name.Contains('/'))
                    {
                        throw new AofManifestException("File can't be a path, just a filename", lineNumber, lineText);
                    }
                }
                else if (key.Equals("seq", StringComparison.OrdinalIgnoreCase))
                {
                    seq = AtoLL(value);
                }
                else if (key.Equals("type", StringComparison.OrdinalIgnoreCase))
                {
                    type = value.Length > 0 ? value[0] : (byte)0;
                }
            }
            if (string.IsNullOrEmpty(name) || seq == 0 || type == 0)
            {
                throw new AofManifestException("Invalid AOF manifest file format", lineNumber, lineText);
            }
            switch ((AofFileType)type)
            {
                case AofFileType.Base:
                    if (manifest.Base is not null)
                    {
                        throw new AofManifestException("Found duplicate base file information", lineNumber, lineText);
                    }
                    manifest.Base = new AofFileInfo(name, seq, AofFileType.Base);
                    manifest.BaseSeq = seq;
                    break;
                case AofFileType.History:
                    manifest.History.Add(new AofFileInfo(name, seq, AofFileType.History));
                    break;
                case AofFileType.Incr:
                    if (seq <= maxIncrSeq)
                    {
                        throw new AofManifestException("Found a non-monotonic sequence number", lineNumber, lineText);
                    }
                    manifest.Incr.Add(new AofFileInfo(name, seq, AofFileType.Incr));
                    manifest.IncrSeq = seq;
                    maxIncrSeq = seq;
                    break;
                default:
                    throw new AofManifestException("Unknown AOF file type", lineNumber, lineText);
            }
        }
        if (lineNumber == 0)
        {
            throw new AofManifestException("Found an empty AOF manifest", 0, null);
        }
        return manifest;
    }

    /// <summary>The manifest's text as Redis writes it.</summary>
    public string Format()
    {
        var text = new StringBuilder();
        if (Base is not null)
        {
            AppendLine(text, Base);
        }
        foreach (var file in History)
        {
            AppendLine(text, file);
        }
        foreach (var file in Incr)
        {
            AppendLine(text, file);
        }
        return text.ToString();
    }

    public AofManifest Clone()
    {
        var copy = new AofManifest { Base = Base, BaseSeq = BaseSeq, IncrSeq = IncrSeq };
        copy.History.AddRange(History);
        copy.Incr.AddRange(Incr);
        return copy;
    }

    private static void AppendLine(StringBuilder text, AofFileInfo file)
    {
        var bytes = Encoding.Latin1.GetBytes(file.Name);
        var name = NeedsQuoting(bytes) ? Repr.Quote(bytes) : file.Name;
        text.Append("file ").Append(name).Append(" seq ").Append(file.Seq).Append(" type ").Append((char)file.Type).Append('\n');
    }

    /// <summary>sdsneedsrepr: a name with spaces, quotes, backslashes or unprintable bytes is written quoted.</summary>
    private static bool NeedsQuoting(ReadOnlySpan<byte> name)
    {
        foreach (var b in name)
        {
            if (b is (byte)'\\' or (byte)'"' or (byte)'\n' or (byte)'\r' or (byte)'\t' or 7 or 8 || b < 0x21 || b > 0x7E)
            {
                return true;
            }
        }
        return false;
    }

    private static ReadOnlySpan<byte> Trim(ReadOnlySpan<byte> line)
    {
        ReadOnlySpan<byte> blanks = " \t\r\n"u8;
        return line.Trim(blanks);
    }

    /// <summary>atoll: optional blanks and sign, then digits up to the first non-digit.</summary>
    private static long AtoLL(ReadOnlySpan<byte> text)
    {
        var i = 0;
        while (i < text.Length && (text[i] == ' ' || (text[i] >= '\t' && text[i] <= '\r')))
        {
            i++;
        }
        var negative = false;
        if (i < text.Length && (text[i] == '-' || text[i] == '+'))
        {
            negative = text[i] == '-';
            i++;
        }
        long value = 0;
        for (; i < text.Length && text[i] >= '0' && text[i] <= '9'; i++)
        {
            value = unchecked(value * 10 + (text[i] - '0'));
        }
        return negative ? -value : value;
    }
}
