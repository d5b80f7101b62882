namespace Basalt.Commands;

/// <summary>Executes one command; the context holds the arguments, the client and the reply.</summary>
public delegate void CommandHandler(CommandContext ctx);
