using System.Text;
using Basalt.Tests.Infrastructure;

namespace Basalt.Tests.Persistence;

/// <summary>One command of a RESP AOF file, with the database SELECT made current and the key it is about (null for FUNCTION, SELECT).</summary>
internal sealed record AofFileCommand(int Db, string? Key, IReadOnlyList<byte[]> Args)
{
    public string Name => Encoding.Latin1.GetString(Args[0]).ToUpperInvariant();

    public string Arg(int index) => Encoding.Latin1.GetString(Args[index]);

    public override string ToString() => string.Join(' ', Args.Select(a => RespFormat.Escape(a, 80)));
}

/// <summary>
/// Reads a RESP AOF file (a BASE written with aof-use-rdb-preamble no) strictly: "#" annotation
/// lines, then nothing but arrays of bulk strings up to the last byte, which must end a command.
/// </summary>
internal static class AofCommandFile
{
    public static (IReadOnlyList<string> Annotations, IReadOnlyList<AofFileCommand> Commands) Parse(byte[] file)
    {
        var annotations = new List<string>();
        var commands = new List<AofFileCommand>();
        var db = 0;
        var at = 0;
        while (at < file.Length)
        {
            if (file[at] == (byte)'#')
            {
                var end = file.AsSpan(at).IndexOf("\r\n"u8);
                if (end < 0)
                {
                    throw new FormatException($"unterminated annotation at offset {at}");
                }
                annotations.Add(Encoding.Latin1.GetString(file, at, end));
                at += end + 2;
                continue;
            }
            if (file[at] != (byte)'*' || !RespParser.TryParse(file.AsSpan(at), out var value, out var consumed))
            {
                throw new FormatException($"no complete command at offset {at}: {RespFormat.Escape(file.AsSpan(at, Math.Min(40, file.Length - at)))}");
            }
            if (value!.Type != RespType.Array || value.Items.Count == 0 || value.Items.Any(i => i.Type != RespType.BulkString))
            {
                throw new FormatException($"not an array of bulk strings at offset {at}");
            }
            var args = value.Items.Select(i => i.Bytes!).ToArray();
            var command = new AofFileCommand(db, null, args);
            switch (command.Name)
            {
                case "SELECT":
                    db = int.Parse(command.Arg(1), System.Globalization.CultureInfo.InvariantCulture);
                    command = command with { Db = db };
                    break;
                case "FUNCTION":
                    break;
                case "XGROUP":
                    command = command with { Key = command.Arg(2) };
                    break;
                default:
                    command = command with { Key = command.Arg(1) };
                    break;
            }
            commands.Add(command);
            at += consumed;
        }
        return (annotations, commands);
    }

    /// <summary>
    /// What the commands of each key rebuild, in a form that does not depend on the order of a
    /// hash's, set's or (unordered) sorted set's elements, but keeps everything else: command
    /// names, the argument count of each batch, the list order, scores as written, stream
    /// commands argument by argument (XCLAIM's delivery TIME masked: it is when a server delivered).
    /// </summary>
    public static SortedDictionary<string, string> DescribeKeys(IEnumerable<AofFileCommand> commands)
    {
        var byKey = new SortedDictionary<string, List<AofFileCommand>>(StringComparer.Ordinal);
        foreach (var command in commands.Where(c => c.Key is not null))
        {
            var id = $"{command.Db}/{command.Key}";
            if (!byKey.TryGetValue(id, out var list))
            {
                byKey[id] = list = [];
            }
            list.Add(command);
        }
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, list) in byKey)
        {
            var text = new StringBuilder();
            var elements = new List<string>();
            foreach (var command in list)
            {
                switch (command.Name)
                {
                    case "RPUSH":
                    case "SADD":
                        text.Append(command.Name).Append('(').Append(command.Args.Count).Append(") ");
                        elements.AddRange(command.Args.Skip(2).Select(a => RespFormat.Escape(a, 100)));
                        break;
                    case "ZADD":
                    case "HMSET":
                        text.Append(command.Name).Append('(').Append(command.Args.Count).Append(") ");
                        for (var i = 2; i + 1 < command.Args.Count; i += 2)
                        {
                            // ZADD: score then member; HMSET: field then value. Either way one pair.
                            elements.Add(RespFormat.Escape(command.Args[i], 100) + "=" + RespFormat.Escape(command.Args[i + 1], 100));
                        }
                        break;
                    default:
                        var args = command.Args.Select(a => RespFormat.Escape(a, 100)).ToArray();
                        if (command.Name == "XCLAIM")
                        {
                            args[7] = "<time>";
                        }
                        text.Append('[').Append(string.Join(' ', args)).Append("] ");
                        break;
                }
            }
            if (list[0].Name is "SADD" or "ZADD" or "HMSET")
            {
                elements.Sort(StringComparer.Ordinal);
            }
            text.Append('{').Append(string.Join(", ", elements)).Append('}');
            result[id] = text.ToString();
        }
        return result;
    }
}
