namespace Basalt.Commands;

/// <summary>A command queued by MULTI: the resolved command and an owned copy of its arguments.</summary>
public sealed record QueuedCommand(CommandSpec Spec, Protocol.CommandArgs Args);
