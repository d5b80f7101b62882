using System.Globalization;

namespace Basalt.Tools;

/// <summary>An absolute expire time as <c>basalt rdb</c> shows it: ISO 8601 in UTC, to the millisecond.</summary>
internal static class RdbExpiryText
{
    public static string Iso(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Math.Clamp(unixMs, -62135596800000L, 253402300799999L))
            .UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
