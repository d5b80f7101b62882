namespace Basalt.Persistence.Rdb;

/// <summary>Where in an RDB file the record being handled ends (the offset errors and progress report).</summary>
public interface IRdbPosition
{
    long Offset { get; }
}
