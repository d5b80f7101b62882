namespace Basalt.Config.Parameters;

/// <summary>How a numeric parameter is written besides plain integers (Redis's *_CONFIG numeric flags).</summary>
[Flags]
public enum NumericFormat
{
    Integer = 0,

    /// <summary>Accepts units (1k, 1kb, 1m, 1mb, 1g, 1gb); rewritten with the largest unit that divides it.</summary>
    Memory = 1 << 0,

    /// <summary>Also accepts "N%", stored as -N.</summary>
    Percent = 1 << 1,

    /// <summary>Written in octal (unixsocketperm).</summary>
    Octal = 1 << 2,
}
