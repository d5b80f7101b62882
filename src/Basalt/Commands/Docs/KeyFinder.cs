using Basalt.Protocol;
using Basalt.Text;

namespace Basalt.Commands.Docs;

/// <summary>A key found in a command line: its argument position and how the command accesses it.</summary>
public readonly record struct KeyReference(int Position, KeySpecFlags Flags);

/// <summary>
/// Finds the keys of a command line the way Redis 7.0's getKeysFromCommandWithSpecs does (COMMAND
/// GETKEYS / GETKEYSANDFLAGS): from the key specs when they are reliable, otherwise with the
/// command's own key-finding procedure.
/// </summary>
public sealed class KeyFinder
{
    private readonly CommandArgs _args;
    private readonly int _offset;

    /// <param name="args">The arguments holding the command line.</param>
    /// <param name="offset">Where the command line starts in <paramref name="args"/> (2 for COMMAND GETKEYS).</param>
    public KeyFinder(CommandArgs args, int offset)
    {
        _args = args;
        _offset = offset;
    }

    private int Argc => _args.Count - _offset;

    private ReadOnlySpan<byte> Arg(int index) => _args[_offset + index];

    private bool ArgIs(int index, string keyword) => _args.Is(_offset + index, keyword);

    /// <summary>
    /// COMMAND GETKEYS: the keys of the command line starting at <paramref name="offset"/>, found
    /// for <paramref name="spec"/> (null when the line names no command), or null with the error
    /// Redis replies (getKeysSubcommandImpl).
    /// </summary>
    public static List<KeyReference>? Extract(CommandSpec? spec, CommandArgs args, int offset, out string? error)
    {
        error = null;
        if (spec is null)
        {
            error = "ERR Invalid command specified";
            return null;
        }
        var metadata = CommandMetadataCatalog.For(spec);
        if (!HasKeys(metadata))
        {
            error = "ERR The command has no key arguments";
            return null;
        }
        var argc = args.Count - offset;
        if ((spec.Arity > 0 && spec.Arity != argc) || argc < -spec.Arity)
        {
            error = "ERR Invalid number of arguments specified for command";
            return null;
        }
        var keys = new KeyFinder(args, offset).Find(metadata);
        if (keys.Count == 0 && (spec.Flags & CommandFlags.NoMandatoryKeys) == 0)
        {
            error = "ERR Invalid arguments specified for command";
            return null;
        }
        return keys;
    }

    /// <summary>True when Redis considers the command to have key arguments at all (doesCommandHaveKeys).</summary>
    public static bool HasKeys(CommandMetadata metadata) =>
        metadata.GetKeysProcedure is not null || metadata.KeySpecs.Any(s => (s.Flags & KeySpecFlags.NotKey) == 0);

    /// <summary>Returns the keys (none when the arguments do not allow finding them).</summary>
    public List<KeyReference> Find(CommandMetadata metadata)
    {
        var specs = metadata.KeySpecs;
        var hasRealKeySpec = specs.Any(s => (s.Flags & KeySpecFlags.NotKey) == 0);
        var hasVariableFlags = specs.Any(s => (s.Flags & KeySpecFlags.VariableFlags) != 0);
        if (hasRealKeySpec && !hasVariableFlags && FromKeySpecs(specs) is { } found)
        {
            return found;
        }
        return metadata.GetKeysProcedure is { } procedure ? FromProcedure(procedure) : [];
    }

    // getKeysUsingKeySpecs: null when a spec is invalid for these arguments or incomplete.
    private List<KeyReference>? FromKeySpecs(List<KeySpec> specs)
    {
        var argc = Argc;
        var keys = new List<KeyReference>();
        foreach (var spec in specs)
        {
            if ((spec.Flags & KeySpecFlags.NotKey) != 0)
            {
                continue;
            }
            int first;
            if (spec.BeginSearch == BeginSearchKind.Index)
            {
                first = spec.Index;
            }
            else if (spec.BeginSearch == BeginSearchKind.Keyword)
            {
                first = FindKeyword(spec, argc);
                if (first == 0)
                {
                    continue;
                }
            }
            else
            {
                return null;
            }

            int last;
            int step;
            if (spec.FindKeys == FindKeysKind.Range)
            {
                step = spec.KeyStep;
                if (spec.LastKey >= 0)
                {
                    last = first + spec.LastKey;
                }
                else if (spec.Limit == 0)
                {
                    last = argc + spec.LastKey;
                }
                else
                {
                    last = first + ((argc - first) / spec.Limit + spec.LastKey);
                }
            }
            else if (spec.FindKeys == FindKeysKind.KeyNum)
            {
                step = spec.KeyStep;
                if (spec.KeyNumIndex >= argc || first + spec.KeyNumIndex >= argc)
                {
                    return null;
                }
                if (!RedisNumber.TryParseInt64(Arg(first + spec.KeyNumIndex), out var numKeys) || numKeys < 0)
                {
                    return null;
                }
                first += spec.FirstKey;
                // Redis keeps an int: a huge numkeys wraps, and the bounds check below rejects it.
                last = first + unchecked((int)numKeys) - 1;
            }
            else
            {
                return null;
            }

            if (last >= argc || last < first || first >= argc)
            {
                return null;
            }
            for (var i = first; i <= last; i += step)
            {
                if (i >= argc || i < first)
                {
                    // Commands of variable arity report their own error later; no keys here.
                    continue;
                }
                keys.Add(new KeyReference(i, spec.Flags));
            }
            if ((spec.Flags & KeySpecFlags.Incomplete) != 0)
            {
                return null;
            }
        }
        return keys;
    }

    private int FindKeyword(KeySpec spec, int argc)
    {
        var start = spec.StartFrom > 0 ? spec.StartFrom : argc + spec.StartFrom;
        var end = spec.StartFrom > 0 ? argc - 1 : 1;
        for (var i = start; i != end; i = start <= end ? i + 1 : i - 1)
        {
            if (i >= argc || i < 1)
            {
                break;
            }
            if (ArgIs(i, spec.Keyword))
            {
                return i + 1;
            }
        }
        return 0;
    }

    // The getkeys_proc functions of Redis 7.0 (db.c), for commands whose specs cannot say it all.
    private List<KeyReference> FromProcedure(string procedure) => procedure switch
    {
        "sintercardGetKeys" or "zunionInterDiffGetKeys" or "lmpopGetKeys" or "zmpopGetKeys" => Numbered(0, 1, 2, 1),
        "zunionInterDiffStoreGetKeys" => Numbered(1, 2, 3, 1),
        "evalGetKeys" or "functionGetKeys" or "blmpopGetKeys" or "bzmpopGetKeys" => Numbered(0, 2, 3, 1),
        "sortROGetKeys" => [new KeyReference(1, KeySpecFlags.RO | KeySpecFlags.Access)],
        "sortGetKeys" => SortKeys(),
        "migrateGetKeys" => MigrateKeys(),
        "georadiusGetKeys" => GeoRadiusKeys(),
        "xreadGetKeys" => XReadKeys(),
        "setGetKeys" => SetKeys(),
        "bitfieldGetKeys" => BitfieldKeys(),
        _ => [],
    };

    // genericGetKeys: COMMAND [destkey] numkeys key ... (numkeys read with atoi).
    private List<KeyReference> Numbered(int storeKeyOffset, int keyCountOffset, int firstKeyOffset, int keyStep)
    {
        var num = Atoi(Arg(keyCountOffset));
        if (num < 1 || num > (Argc - firstKeyOffset) / keyStep)
        {
            return [];
        }
        var keys = new List<KeyReference>();
        for (var i = 0; i < num; i++)
        {
            keys.Add(new KeyReference(firstKeyOffset + i * keyStep, KeySpecFlags.None));
        }
        if (storeKeyOffset != 0)
        {
            keys.Add(new KeyReference(storeKeyOffset, KeySpecFlags.None));
        }
        return keys;
    }

    private List<KeyReference> SortKeys()
    {
        var keys = new List<KeyReference> { new(1, KeySpecFlags.RO | KeySpecFlags.Access) };
        KeyReference? store = null;
        for (var i = 2; i < Argc; i++)
        {
            // Options with arguments are skipped whole; the last STORE wins, as in SORT itself.
            if (ArgIs(i, "limit"))
            {
                i += 2;
            }
            else if (ArgIs(i, "get") || ArgIs(i, "by"))
            {
                i += 1;
            }
            else if (ArgIs(i, "store") && i + 1 < Argc)
            {
                store = new KeyReference(i + 1, KeySpecFlags.OW | KeySpecFlags.Update);
            }
        }
        if (store is { } s)
        {
            keys.Add(s);
        }
        return keys;
    }

    private List<KeyReference> MigrateKeys()
    {
        var first = 3;
        var num = 1;
        if (Argc > 6)
        {
            for (var i = 6; i < Argc; i++)
            {
                if (ArgIs(i, "keys"))
                {
                    if (Arg(3).Length > 0)
                    {
                        num = 0;
                    }
                    else
                    {
                        first = i + 1;
                        num = Argc - first;
                    }
                    break;
                }
                if (ArgIs(i, "auth"))
                {
                    i += 1;
                }
                else if (ArgIs(i, "auth2"))
                {
                    i += 2;
                }
            }
        }
        var keys = new List<KeyReference>();
        for (var i = 0; i < num; i++)
        {
            keys.Add(new KeyReference(first + i, KeySpecFlags.RW | KeySpecFlags.Access | KeySpecFlags.Delete));
        }
        return keys;
    }

    private List<KeyReference> GeoRadiusKeys()
    {
        var stored = -1;
        for (var i = 5; i < Argc; i++)
        {
            if ((ArgIs(i, "store") || ArgIs(i, "storedist")) && i + 1 < Argc)
            {
                stored = i + 1;
                i++;
            }
        }
        var keys = new List<KeyReference> { new(1, KeySpecFlags.None) };
        if (stored != -1)
        {
            keys.Add(new KeyReference(stored, KeySpecFlags.None));
        }
        return keys;
    }

    private List<KeyReference> XReadKeys()
    {
        var streamsAt = -1;
        for (var i = 1; i < Argc; i++)
        {
            if (ArgIs(i, "block") || ArgIs(i, "count"))
            {
                i++;
            }
            else if (ArgIs(i, "group"))
            {
                i += 2;
            }
            else if (ArgIs(i, "noack"))
            {
            }
            else if (ArgIs(i, "streams"))
            {
                streamsAt = i;
                break;
            }
            else
            {
                break;
            }
        }
        var num = streamsAt == -1 ? 0 : Argc - streamsAt - 1;
        if (streamsAt == -1 || num == 0 || num % 2 != 0)
        {
            return [];
        }
        num /= 2;
        var keys = new List<KeyReference>();
        for (var i = streamsAt + 1; i < Argc - num; i++)
        {
            keys.Add(new KeyReference(i, KeySpecFlags.None));
        }
        return keys;
    }

    private List<KeyReference> SetKeys()
    {
        for (var i = 3; i < Argc; i++)
        {
            if (ArgIs(i, "get"))
            {
                return [new KeyReference(1, KeySpecFlags.RW | KeySpecFlags.Access | KeySpecFlags.Update)];
            }
        }
        return [new KeyReference(1, KeySpecFlags.OW | KeySpecFlags.Update)];
    }

    private List<KeyReference> BitfieldKeys()
    {
        var readOnly = true;
        for (var i = 2; i < Argc; i++)
        {
            var remaining = Argc - i - 1;
            if (ArgIs(i, "get") && remaining >= 2)
            {
                i += 2;
            }
            else if ((ArgIs(i, "set") || ArgIs(i, "incrby")) && remaining >= 3)
            {
                readOnly = false;
                break;
            }
            else if (ArgIs(i, "overflow") && remaining >= 1)
            {
                i += 1;
            }
            else
            {
                // A syntax error: safer to assume a write.
                readOnly = false;
                break;
            }
        }
        return [new KeyReference(1, readOnly
            ? KeySpecFlags.RO | KeySpecFlags.Access
            : KeySpecFlags.RW | KeySpecFlags.Access | KeySpecFlags.Update)];
    }

    // glibc's atoi: strtol (blanks, sign, digits, saturating at the long range) truncated to int.
    private static int Atoi(ReadOnlySpan<byte> text) => unchecked((int)CStrtol.Parse(text).Value);
}
