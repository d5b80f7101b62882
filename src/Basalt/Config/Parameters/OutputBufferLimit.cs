namespace Basalt.Config.Parameters;

/// <summary>
/// The output buffer limits of one client class: disconnect at <see cref="HardLimitBytes"/>, or when
/// above <see cref="SoftLimitBytes"/> for <see cref="SoftLimitSeconds"/> seconds in a row (0 = no limit).
/// </summary>
public readonly record struct OutputBufferLimit(ulong HardLimitBytes, ulong SoftLimitBytes, int SoftLimitSeconds);
