using Basalt.Types;

namespace Basalt.Commands;

/// <summary>One GET, SET or INCRBY of a BITFIELD call, parsed before any of them runs.</summary>
internal readonly record struct BitFieldOperation(BitFieldOperation.Kind Action, BitFieldType Type, long Offset, long Operand,
    BitFieldOverflow Overflow)
{
    public enum Kind
    {
        Get,
        Set,
        IncrBy,
    }
}
