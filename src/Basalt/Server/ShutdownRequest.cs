namespace Basalt.Server;

/// <summary>How a shutdown was asked for: by a signal or by SHUTDOWN with its options.</summary>
public sealed record ShutdownRequest(string Reason, bool? Save, bool Now, bool Force);
