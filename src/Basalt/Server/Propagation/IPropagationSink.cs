namespace Basalt.Server.Propagation;

/// <summary>Where propagated writes go (the AOF). Called under the server lock, in execution order.</summary>
public interface IPropagationSink
{
    /// <summary>
    /// Appends the writes of one top-level execution; <paramref name="transaction"/> asks for them to
    /// be wrapped in MULTI/EXEC (two or more writes from one command or EXEC).
    /// </summary>
    void Append(IReadOnlyList<PropagatedCommand> commands, bool transaction);
}
