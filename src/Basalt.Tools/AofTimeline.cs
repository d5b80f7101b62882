using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Basalt.Persistence.Aof;

namespace Basalt.Tools;

/// <summary>
/// The sets of a multi-part AOF directory in time order: the current BASE with its INCR files, and
/// the older sets kept as history (aof-history-retention), each with the time its BASE shows the
/// dataset at (an RDB BASE's ctime, or the leading <c>#TS:</c> of an AOF BASE).
/// </summary>
public sealed class AofTimeline
{
    private AofTimeline(string manifestName, List<AofSet> sets)
    {
        ManifestName = manifestName;
        Sets = sets;
    }

    public string ManifestName { get; }

    /// <summary>Oldest first; the last one is the current set.</summary>
    public IReadOnlyList<AofSet> Sets { get; }

    /// <summary>Reads the manifest of <paramref name="dir"/>; throws <see cref="IOException"/> with a clear reason.</summary>
    public static AofTimeline Read(string dir)
    {
        if (!Directory.Exists(dir))
        {
            throw new IOException($"{dir}: no such directory");
        }
        var manifests = Directory.GetFiles(dir, "*.manifest");
        if (manifests.Length != 1)
        {
            throw new IOException(manifests.Length == 0 ? $"{dir}: no AOF manifest (*.manifest) in it" : $"{dir}: more than one manifest in it");
        }
        AofManifest manifest;
        try
        {
            manifest = AofManifest.Parse(File.ReadAllBytes(manifests[0]));
        }
        catch (AofManifestException e)
        {
            throw new IOException($"{manifests[0]}: {e.Message}");
        }
        var sets = new List<AofSet>();
        // History is listed newest first, each set as its INCR files (newest first) then its BASE.
        var incrs = new List<AofFileInfo>();
        foreach (var file in manifest.History)
        {
            if (file.Name.Contains(".base.", StringComparison.Ordinal))
            {
                incrs.Reverse();
                sets.Insert(0, new AofSet(file, [.. incrs], BaseTime(Path.Combine(dir, file.Name))));
                incrs.Clear();
            }
            else
            {
                incrs.Add(file);
            }
        }
        if (manifest.Base is { } current)
        {
            sets.Add(new AofSet(current, [.. manifest.Incr], BaseTime(Path.Combine(dir, current.Name))));
        }
        if (sets.Count == 0)
        {
            throw new IOException($"{manifests[0]}: the manifest lists no BASE file");
        }
        return new AofTimeline(Path.GetFileName(manifests[0]), sets);
    }

    /// <summary>The unix time the BASE's dataset is from; null when the file does not say.</summary>
    public static long? BaseTime(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read);
        var head = new byte[Math.Min(stream.Length, 4096)];
        stream.ReadExactly(head);
        if (head.AsSpan().StartsWith("REDIS"u8))
        {
            return RdbCtime(head);
        }
        if (head.AsSpan().StartsWith("#TS:"u8))
        {
            var end = head.AsSpan().IndexOf((byte)'\r');
            if (end > 4 && long.TryParse(head.AsSpan(4, end - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var ts))
            {
                return ts;
            }
        }
        return null;
    }

    /// <summary>The <c>ctime</c> AUX field of an RDB header (the fields Redis writes first).</summary>
    private static long? RdbCtime(ReadOnlySpan<byte> rdb)
    {
        var pos = 9;
        while (pos < rdb.Length && rdb[pos] == 0xFA)
        {
            pos++;
            if (!ReadString(rdb, ref pos, out var name, out _) || !ReadString(rdb, ref pos, out var value, out var number))
            {
                return null;
            }
            if (name == "ctime")
            {
                return number ?? (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var t) ? t : null);
            }
        }
        return null;
    }

    /// <summary>An RDB string: length-prefixed bytes, or an integer encoding (LZF is not used for AUX fields).</summary>
    private static bool ReadString(ReadOnlySpan<byte> rdb, ref int pos, out string text, out long? number)
    {
        text = "";
        number = null;
        if (pos >= rdb.Length)
        {
            return false;
        }
        var first = rdb[pos++];
        long length;
        switch (first >> 6)
        {
            case 0:
                length = first & 0x3F;
                break;
            case 1:
                if (pos >= rdb.Length)
                {
                    return false;
                }
                length = ((first & 0x3F) << 8) | rdb[pos++];
                break;
            case 2 when first == 0x80 && pos + 4 <= rdb.Length:
                length = BinaryPrimitives.ReadUInt32BigEndian(rdb[pos..]);
                pos += 4;
                break;
            case 3 when first == 0xC0 && pos + 1 <= rdb.Length:
                number = (sbyte)rdb[pos++];
                return true;
            case 3 when first == 0xC1 && pos + 2 <= rdb.Length:
                number = BinaryPrimitives.ReadInt16LittleEndian(rdb[pos..]);
                pos += 2;
                return true;
            case 3 when first == 0xC2 && pos + 4 <= rdb.Length:
                number = BinaryPrimitives.ReadInt32LittleEndian(rdb[pos..]);
                pos += 4;
                return true;
            default:
                return false;
        }
        if (pos + length > rdb.Length)
        {
            return false;
        }
        text = Encoding.Latin1.GetString(rdb.Slice(pos, (int)length));
        pos += (int)length;
        return true;
    }
}

/// <summary>A BASE and the INCR files that follow it, and the time the BASE's dataset is from.</summary>
public sealed record AofSet(AofFileInfo Base, AofFileInfo[] Incr, long? BaseTime);
