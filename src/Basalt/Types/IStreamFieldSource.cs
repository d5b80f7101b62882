namespace Basalt.Types;

/// <summary>The field/value pairs of an entry being added (XADD's arguments, or a loaded entry).</summary>
public interface IStreamFieldSource
{
    int PairCount { get; }

    ReadOnlySpan<byte> Field(int index);

    ReadOnlySpan<byte> Value(int index);
}
