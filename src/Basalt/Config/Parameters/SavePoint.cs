namespace Basalt.Config.Parameters;

/// <summary>A snapshot trigger: save when at least <see cref="Changes"/> writes happened within <see cref="Seconds"/>.</summary>
public readonly record struct SavePoint(long Seconds, int Changes);
