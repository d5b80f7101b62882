namespace Basalt.Types.Geo;

/// <summary>
/// A geohash cell: <see cref="Step"/> bits of latitude and as many of longitude, interleaved
/// (latitude in the even bits, longitude in the odd ones). The all-zero value (no bits, step 0)
/// marks a neighbour cell left out of a search (GZERO in geohash_helper.c).
/// </summary>
public readonly record struct GeoHashBits(ulong Bits, int Step)
{
    public bool IsZero => Bits == 0 && Step == 0;
}
