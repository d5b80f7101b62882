namespace Basalt.Tests.Server;

/// <summary>
/// One command of a propagation script: which client sends it (each client its own connection,
/// starting in database 0) and whether it blocks (its reply comes later, when another client serves it).
/// </summary>
public sealed record PropagationStep(int Client, string[] Args, bool Blocks)
{
    /// <summary>A command sent by client 0.</summary>
    public static PropagationStep Cmd(params string[] args) => new(0, args, false);

    /// <summary>A command sent by another client.</summary>
    public static PropagationStep On(int client, params string[] args) => new(client, args, false);

    /// <summary>A command that blocks its client until a later step serves it.</summary>
    public static PropagationStep Blocking(int client, params string[] args) => new(client, args, true);

    public override string ToString() => $"[{Client}]{(Blocks ? " (blocks)" : "")} {string.Join(' ', Args)}";
}
