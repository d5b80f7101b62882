using Basalt.Protocol;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>The field/value pairs of XADD read straight from the command arguments.</summary>
internal readonly struct StreamArgFields(CommandArgs args, int first, int pairs) : IStreamFieldSource
{
    public int PairCount => pairs;

    public ReadOnlySpan<byte> Field(int index) => args[first + (index * 2)];

    public ReadOnlySpan<byte> Value(int index) => args[first + (index * 2) + 1];
}
