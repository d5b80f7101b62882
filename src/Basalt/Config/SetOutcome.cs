namespace Basalt.Config;

/// <summary>What setting a parameter did; Redis's set() returns 0, 1 or 2 for these.</summary>
internal enum SetOutcome
{
    Failed,
    Changed,
    Unchanged,
}
