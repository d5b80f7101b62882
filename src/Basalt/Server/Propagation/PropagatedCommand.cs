namespace Basalt.Server.Propagation;

/// <summary>A write as it goes to the AOF (and, one day, to replicas): the database it applies to and its arguments.</summary>
public readonly record struct PropagatedCommand(int Db, byte[][] Args);
