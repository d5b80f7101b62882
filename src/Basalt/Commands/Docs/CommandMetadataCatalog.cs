using System.Globalization;

namespace Basalt.Commands.Docs;

/// <summary>
/// The metadata of every Redis 7.0 command, by full name ("get", "config|get"), parsed once from
/// <see cref="CommandDocsData.Text"/>. The text has one block per command:
/// <code>
/// = name                      starts a command's block
/// t tip                       one line per tip (nondeterministic_output, request_policy:all_nodes...)
/// k FLAGS|BEGIN|FIND|notes    a key spec: BEGIN is index:pos, keyword:KW:startfrom or unknown;
///                             FIND is range:lastkey:step:limit, keynum:idx:firstkey:step or unknown
/// g procedure                 Redis's getkeys_proc
/// f flags / d version / r text   doc flags, deprecated since, replaced by
/// a depth|name|type|flags|keyspec|t:token|since|deprecated   an argument (depth nests oneof/block)
/// </code>
/// </summary>
public static class CommandMetadataCatalog
{
    private static readonly Lazy<Dictionary<string, CommandMetadata>> Catalog = new(Parse);

    /// <summary>The metadata for a command's full name, or null when Redis 7.0 has no such command.</summary>
    public static CommandMetadata? Find(string fullName) => Catalog.Value.GetValueOrDefault(fullName);

    /// <summary>
    /// The metadata for a registered command. A command Redis does not have gets a key spec made
    /// from its first/last/step, as Redis does for module commands declared the legacy way.
    /// </summary>
    public static CommandMetadata For(CommandSpec spec)
    {
        if (Find(spec.FullName) is { } known)
        {
            return known;
        }
        if (spec.FirstKey <= 0)
        {
            return CommandMetadata.Empty;
        }
        var legacy = new CommandMetadata();
        legacy.KeySpecs.Add(new KeySpec
        {
            BeginSearch = BeginSearchKind.Index,
            Index = spec.FirstKey,
            FindKeys = FindKeysKind.Range,
            LastKey = spec.LastKey < 0 ? spec.LastKey : spec.LastKey - spec.FirstKey,
            KeyStep = spec.KeyStep,
        });
        return legacy;
    }

    private static Dictionary<string, CommandMetadata> Parse()
    {
        var result = new Dictionary<string, CommandMetadata>(StringComparer.Ordinal);
        CommandMetadata? current = null;
        // The open oneof/block arguments, by depth, so that deeper lines attach to their parent.
        var parents = new List<ArgumentDoc>();
        foreach (var rawLine in CommandDocsData.Text.Split('\n'))
        {
            var line = rawLine.TrimEnd('\r');
            if (line.Length < 2)
            {
                continue;
            }
            var body = line[2..];
            switch (line[0])
            {
                case '=':
                    current = new CommandMetadata();
                    result[body] = current;
                    parents.Clear();
                    break;
                case 't':
                    current!.Tips.Add(body);
                    break;
                case 'k':
                    current!.KeySpecs.Add(ParseKeySpec(body));
                    break;
                case 'g':
                    current!.GetKeysProcedure = body;
                    break;
                case 'f':
                    current!.DocFlags.AddRange(body.Split(','));
                    break;
                case 'd':
                    current!.DeprecatedSince = body;
                    break;
                case 'r':
                    current!.ReplacedBy = body;
                    break;
                case 'a':
                    AddArgument(current!, parents, body);
                    break;
                default:
                    throw new FormatException($"bad command docs line '{line}'");
            }
        }
        return result;
    }

    private static KeySpec ParseKeySpec(string body)
    {
        var fields = body.Split('|');
        var flags = KeySpecFlags.None;
        foreach (var name in fields[0].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            flags |= KeySpecFlagNames.Parse(name);
        }
        var begin = fields[1].Split(':');
        var find = fields[2].Split(':');
        return new KeySpec
        {
            Flags = flags,
            Notes = fields[3].Length == 0 ? null : fields[3],
            BeginSearch = begin[0] switch
            {
                "index" => BeginSearchKind.Index,
                "keyword" => BeginSearchKind.Keyword,
                _ => BeginSearchKind.Unknown,
            },
            Index = begin[0] == "index" ? Int(begin[1]) : 0,
            Keyword = begin[0] == "keyword" ? begin[1] : "",
            StartFrom = begin[0] == "keyword" ? Int(begin[2]) : 0,
            FindKeys = find[0] switch
            {
                "range" => FindKeysKind.Range,
                "keynum" => FindKeysKind.KeyNum,
                _ => FindKeysKind.Unknown,
            },
            LastKey = find[0] == "range" ? Int(find[1]) : 0,
            KeyStep = find[0] switch
            {
                "range" => Int(find[2]),
                "keynum" => Int(find[3]),
                _ => 0,
            },
            Limit = find[0] == "range" ? Int(find[3]) : 0,
            KeyNumIndex = find[0] == "keynum" ? Int(find[1]) : 0,
            FirstKey = find[0] == "keynum" ? Int(find[2]) : 0,
        };
    }

    private static void AddArgument(CommandMetadata command, List<ArgumentDoc> parents, string body)
    {
        var f = body.Split('|');
        var depth = Int(f[0]);
        var flags = ArgumentFlags.None;
        foreach (var name in f[3].Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            flags |= name switch
            {
                "optional" => ArgumentFlags.Optional,
                "multiple" => ArgumentFlags.Multiple,
                "multiple_token" => ArgumentFlags.MultipleToken,
                _ => throw new FormatException($"unknown argument flag '{name}'"),
            };
        }
        var argument = new ArgumentDoc
        {
            Name = f[1],
            Type = f[2],
            Flags = flags,
            KeySpecIndex = f[4].Length == 0 ? -1 : Int(f[4]),
            Token = f[5].StartsWith("t:", StringComparison.Ordinal) ? f[5][2..] : null,
            Since = f[6].Length == 0 ? null : f[6],
            DeprecatedSince = f[7].Length == 0 ? null : f[7],
        };
        if (depth == 0)
        {
            command.Arguments.Add(argument);
        }
        else
        {
            parents[depth - 1].Arguments.Add(argument);
        }
        if (parents.Count > depth)
        {
            parents.RemoveRange(depth, parents.Count - depth);
        }
        parents.Add(argument);
    }

    private static int Int(string text) => int.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
}
