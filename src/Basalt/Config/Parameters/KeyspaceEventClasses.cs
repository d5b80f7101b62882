namespace Basalt.Config.Parameters;

/// <summary>The keyspace notification classes, with Redis's bit values (NOTIFY_* in server.h).</summary>
[Flags]
public enum KeyspaceEventClasses
{
    None = 0,
    Keyspace = 1 << 0,
    KeyEvent = 1 << 1,
    Generic = 1 << 2,
    String = 1 << 3,
    List = 1 << 4,
    Set = 1 << 5,
    Hash = 1 << 6,
    ZSet = 1 << 7,
    Expired = 1 << 8,
    Evicted = 1 << 9,
    Stream = 1 << 10,
    KeyMiss = 1 << 11,
    Module = 1 << 13,
    New = 1 << 14,

    /// <summary>What 'A' stands for; key-miss and new-key events are deliberately not part of it.</summary>
    All = Generic | String | List | Set | Hash | ZSet | Expired | Evicted | Stream | Module,
}
