namespace Basalt.Types;

/// <summary>What BITFIELD's SET and INCRBY do with a result the field cannot hold (OVERFLOW WRAP|SAT|FAIL).</summary>
public enum BitFieldOverflow
{
    /// <summary>Keep the low bits, as two's complement arithmetic does (the default).</summary>
    Wrap,
    /// <summary>Clamp to the type's minimum or maximum.</summary>
    Sat,
    /// <summary>Write nothing and reply null.</summary>
    Fail,
}
