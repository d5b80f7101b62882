namespace Basalt.Types;

/// <summary>The value types of the keyspace, with the names TYPE and SCAN TYPE use.</summary>
public enum RedisType : byte
{
    String,
    List,
    Set,
    SortedSet,
    Hash,
    Stream,
}

public static class RedisTypeNames
{
    public static string Name(this RedisType type) => type switch
    {
        RedisType.String => "string",
        RedisType.List => "list",
        RedisType.Set => "set",
        RedisType.SortedSet => "zset",
        RedisType.Hash => "hash",
        RedisType.Stream => "stream",
        _ => "none",
    };

    public static bool TryParse(ReadOnlySpan<byte> name, out RedisType type)
    {
        foreach (var candidate in Enum.GetValues<RedisType>())
        {
            if (System.Text.Ascii.EqualsIgnoreCase(name, candidate.Name()))
            {
                type = candidate;
                return true;
            }
        }
        type = default;
        return false;
    }
}
