namespace Basalt.Persistence;

/// <summary>
/// A SELECTDB beyond the configured number of databases: Redis stops with
/// "FATAL: Data file was created with a Redis server configured to handle more than N databases. Exiting".
/// </summary>
public sealed class RdbDatabaseCountException(int databases)
    : Exception($"FATAL: Data file was created with a Redis server configured to handle more than {databases} databases. Exiting\n")
{
}
