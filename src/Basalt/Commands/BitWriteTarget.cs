using Basalt.Keyspace;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// A string made ready for bit writes up to a given bit (lookupStringForBitCommand): a missing key
/// gets a zeroed string just long enough, an existing string becomes raw and is padded with zeros
/// to that length. A new string is only added to the keyspace by <see cref="Commit"/>, which also
/// counts the changes, so that a command whose writes all failed creates its key as Redis does:
/// without a change (no dirty count, no WATCH invalidation, nothing propagated).
/// </summary>
internal readonly ref struct BitWriteTarget
{
    private readonly byte[]? _created;
    private readonly KeyEntry? _entry;

    private BitWriteTarget(Span<byte> bytes, bool grew, byte[]? created, KeyEntry? entry)
    {
        Bytes = bytes;
        Grew = grew;
        _created = created;
        _entry = entry;
    }

    /// <summary>All the string's bytes, long enough to hold the bit asked for.</summary>
    public Span<byte> Bytes { get; }

    /// <summary>Whether the string was created or lengthened: every write then counts as a change.</summary>
    public bool Grew { get; }

    /// <summary>
    /// Finds <paramref name="key"/> for writing and makes room for bit <paramref name="maxBit"/>;
    /// false (after replying WRONGTYPE) when the key holds another type.
    /// </summary>
    public static bool TryLookup(CommandContext ctx, ReadOnlySpan<byte> key, long maxBit, out BitWriteTarget target)
    {
        target = default;
        if (!StringCommands.TryWriteString(ctx, key, out var value, out var entry))
        {
            return false;
        }
        var length = (int)(maxBit >> 3) + 1;
        if (value is null)
        {
            var created = new byte[length];
            target = new BitWriteTarget(created, grew: true, created, null);
            return true;
        }
        var oldLength = value.Length;
        var bytes = value.GrowRawForWrite(length);
        target = new BitWriteTarget(bytes, bytes.Length != oldLength, null, entry);
        return true;
    }

    /// <summary>
    /// Adds the string when it is new, and counts <paramref name="changes"/> changes of the key
    /// (Redis's server.dirty += changes, with WATCH invalidated when there is at least one).
    /// </summary>
    public void Commit(CommandContext ctx, ReadOnlySpan<byte> key, long changes)
    {
        if (_created is not null)
        {
            ctx.Db.Add(key, RedisString.FromRawBytes(_created), counted: changes > 0);
        }
        else if (changes > 0)
        {
            ctx.Db.Modified(_entry!);
        }
        if (changes > 1)
        {
            ctx.Databases.Dirty += changes - 1;
        }
    }
}
