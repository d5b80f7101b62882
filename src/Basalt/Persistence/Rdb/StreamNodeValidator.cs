using Basalt.Types;
using Basalt.Types.Encodings;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// streamValidateListpackIntegrity, deep: a node listpack has the stream node layout (master entry
/// <c>count, deleted, num-fields, fields..., 0</c>, then count + deleted entries each ending with an
/// lp-count that matches its size) and nothing after the last entry. The loader runs it on every
/// node whatever sanitize-dump-payload says, because the stream code walks nodes trusting that layout.
/// </summary>
internal static class StreamNodeValidator
{
    /// <summary>Whether the structurally valid <paramref name="listpack"/> is a stream node.</summary>
    public static bool IsValid(Listpack listpack)
    {
        var pos = listpack.First;
        if (!TryInteger(listpack, ref pos, out var entryCount) ||
            !TryInteger(listpack, ref pos, out var deletedCount) ||
            !TryInteger(listpack, ref pos, out var masterFields) ||
            masterFields < 0 || entryCount < 0 || deletedCount < 0)
        {
            return false;
        }
        if (!TrySkip(listpack, ref pos, masterFields) || !TryInteger(listpack, ref pos, out var zero) || zero != 0)
        {
            return false;
        }
        for (var remaining = entryCount + deletedCount; remaining > 0; remaining--)
        {
            if (!TryInteger(listpack, ref pos, out var flags) ||
                !TryInteger(listpack, ref pos, out _) ||
                !TryInteger(listpack, ref pos, out _))
            {
                return false;
            }
            var fields = masterFields;
            long extra = 3;
            if ((flags & StreamNode.FlagSameFields) == 0)
            {
                if (!TryInteger(listpack, ref pos, out fields) || fields < 0 || !TrySkip(listpack, ref pos, fields))
                {
                    return false;
                }
                extra += fields + 1;
            }
            if (!TrySkip(listpack, ref pos, fields) || !TryInteger(listpack, ref pos, out var lpCount) || lpCount != fields + extra)
            {
                return false;
            }
        }
        return pos < 0;
    }

    /// <summary>
    /// The integer at <paramref name="pos"/>, then moves on. The stream code reads these elements as
    /// integers only, so a number stored as text (which lpAppend never produces) is refused.
    /// </summary>
    private static bool TryInteger(Listpack listpack, ref int pos, out long value)
    {
        value = 0;
        if (pos < 0)
        {
            return false;
        }
        var entry = listpack.Get(pos);
        if (!entry.IsInteger)
        {
            return false;
        }
        value = entry.Integer;
        pos = listpack.Next(pos);
        return true;
    }

    private static bool TrySkip(Listpack listpack, ref int pos, long count)
    {
        for (; count > 0; count--)
        {
            if (pos < 0)
            {
                return false;
            }
            pos = listpack.Next(pos);
        }
        return true;
    }
}
