namespace Basalt.Commands.Docs;

/// <summary>
/// The (first, last, step) triple COMMAND INFO still reports, derived from the key specs as Redis's
/// populateCommandLegacyRangeSpec does, together with whether the keys are "movable" (not all
/// covered by that triple), which makes COMMAND INFO show the movablekeys flag.
/// </summary>
public readonly record struct LegacyKeyRange(int First, int Last, int Step, bool MovableKeys)
{
    public static LegacyKeyRange From(IReadOnlyList<KeySpec> specs)
    {
        if (specs.Count == 0)
        {
            return default;
        }
        if (specs.Count == 1 && specs[0].IsPlainRange)
        {
            var only = specs[0];
            return new LegacyKeyRange(only.Index, Absolute(only.LastKey, only.Index), only.KeyStep,
                (only.Flags & KeySpecFlags.Incomplete) != 0);
        }

        var movable = false;
        var first = int.MaxValue;
        var last = 0;
        var previousLast = 0;
        foreach (var spec in specs)
        {
            if (!spec.IsPlainRange)
            {
                movable = true;
                continue;
            }
            // Only consecutive step-1 ranges can be glued into one triple.
            if (spec.KeyStep != 1 || (previousLast != 0 && previousLast != spec.Index - 1))
            {
                movable = true;
                continue;
            }
            if ((spec.Flags & KeySpecFlags.Incomplete) != 0)
            {
                movable = true;
            }
            first = Math.Min(first, spec.Index);
            // Redis compares as unsigned, so a negative (from the end) last key wins over any positive one.
            last = (int)Math.Max((uint)last, (uint)Absolute(spec.LastKey, spec.Index));
            previousLast = last;
        }
        if (first == int.MaxValue)
        {
            return new LegacyKeyRange(0, 0, 0, MovableKeys: true);
        }
        return new LegacyKeyRange(first, last, 1, movable);
    }

    // In a range spec lastkey is relative to the first key; COMMAND INFO shows it absolute.
    private static int Absolute(int lastKey, int index) => lastKey >= 0 ? lastKey + index : lastKey;
}
