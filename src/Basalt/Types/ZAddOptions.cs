namespace Basalt.Types;

/// <summary>What ZADD / ZINCRBY ask of <see cref="RedisSortedSet.Add"/> (zsetAdd's ZADD_IN_* flags).</summary>
[Flags]
public enum ZAddOptions
{
    None = 0,

    /// <summary>Add the score to the current one (0 for a new member).</summary>
    Increment = 1,

    /// <summary>Only add new members.</summary>
    OnlyNew = 2,

    /// <summary>Only update existing members.</summary>
    OnlyExisting = 4,

    /// <summary>Only update when the new score is greater.</summary>
    GreaterThan = 8,

    /// <summary>Only update when the new score is less.</summary>
    LessThan = 16,
}

/// <summary>What <see cref="RedisSortedSet.Add"/> did (zsetAdd's ZADD_OUT_* flags).</summary>
[Flags]
public enum ZAddOutcome
{
    /// <summary>Nothing changed although the member was considered (same score, zero increment).</summary>
    None = 0,

    /// <summary>The member was new.</summary>
    Added = 1,

    /// <summary>The member's score changed.</summary>
    Updated = 2,

    /// <summary>Skipped because of NX, XX, GT or LT.</summary>
    Skipped = 4,

    /// <summary>The resulting score would be NaN (inf - inf): nothing was done, an error for the command.</summary>
    NotANumber = 8,
}
