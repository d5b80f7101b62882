namespace Basalt.Commands.Docs;

/// <summary>How a command touches the keys a key spec finds (Redis's CMD_KEY_* flags).</summary>
[Flags]
public enum KeySpecFlags
{
    None = 0,
    RO = 1 << 0,
    RW = 1 << 1,
    OW = 1 << 2,
    RM = 1 << 3,
    Access = 1 << 4,
    Update = 1 << 5,
    Insert = 1 << 6,
    Delete = 1 << 7,
    NotKey = 1 << 8,
    Incomplete = 1 << 9,
    VariableFlags = 1 << 10,
}

/// <summary>The names COMMAND INFO and COMMAND GETKEYSANDFLAGS give key spec flags, in Redis's reply order.</summary>
public static class KeySpecFlagNames
{
    private static readonly (KeySpecFlags Flag, string Name)[] Names =
    [
        (KeySpecFlags.RO, "RO"),
        (KeySpecFlags.RW, "RW"),
        (KeySpecFlags.OW, "OW"),
        (KeySpecFlags.RM, "RM"),
        (KeySpecFlags.Access, "access"),
        (KeySpecFlags.Update, "update"),
        (KeySpecFlags.Insert, "insert"),
        (KeySpecFlags.Delete, "delete"),
        (KeySpecFlags.NotKey, "not_key"),
        (KeySpecFlags.Incomplete, "incomplete"),
        (KeySpecFlags.VariableFlags, "variable_flags"),
    ];

    /// <summary>The reply names of the flags set in <paramref name="flags"/>, in Redis's order.</summary>
    public static List<string> NamesOf(KeySpecFlags flags)
    {
        var names = new List<string>();
        foreach (var (flag, name) in Names)
        {
            if ((flags & flag) != 0)
            {
                names.Add(name);
            }
        }
        return names;
    }

    /// <summary>Parses a flag by its reply name ("RW", "access"...).</summary>
    public static KeySpecFlags Parse(string name)
    {
        foreach (var (flag, flagName) in Names)
        {
            if (flagName == name)
            {
                return flag;
            }
        }
        throw new FormatException($"unknown key spec flag '{name}'");
    }
}
