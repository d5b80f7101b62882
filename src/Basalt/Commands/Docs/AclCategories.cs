namespace Basalt.Commands.Docs;

/// <summary>
/// Redis 7.0's ACL command categories, in the order COMMAND INFO lists them, and the categories a
/// command gets implicitly from its flags (setImplicitACLCategories).
/// </summary>
public static class AclCategories
{
    private static readonly string[] Order =
    [
        "keyspace", "read", "write", "set", "sortedset", "list", "hash", "string", "bitmap", "hyperloglog",
        "geo", "stream", "pubsub", "admin", "fast", "slow", "blocking", "dangerous", "connection",
        "transaction", "scripting",
    ];

    /// <summary>True when <paramref name="name"/> (without '@') is a category, compared case-insensitively.</summary>
    public static bool IsCategory(string name) => Order.Any(c => c.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The command's categories (declared and implicit), without '@', in Redis's order.</summary>
    public static List<string> Of(CommandSpec spec)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var declared in spec.Categories)
        {
            set.Add(declared.TrimStart('@').ToLowerInvariant());
        }
        var flags = spec.Flags;
        if ((flags & CommandFlags.Write) != 0)
        {
            set.Add("write");
        }
        if ((flags & CommandFlags.ReadOnly) != 0 && !set.Contains("scripting"))
        {
            set.Add("read");
        }
        if ((flags & CommandFlags.Admin) != 0)
        {
            set.Add("admin");
            set.Add("dangerous");
        }
        if ((flags & CommandFlags.PubSub) != 0)
        {
            set.Add("pubsub");
        }
        if ((flags & CommandFlags.Fast) != 0)
        {
            set.Add("fast");
        }
        if ((flags & CommandFlags.Blocking) != 0)
        {
            set.Add("blocking");
        }
        if (!set.Contains("fast"))
        {
            set.Add("slow");
        }
        return Order.Where(set.Contains).ToList();
    }
}
