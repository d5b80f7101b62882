namespace Basalt.Types.Geo;

/// <summary>The rectangle of coordinates a geohash cell covers.</summary>
public readonly record struct GeoHashArea(GeoHashBits Hash, double LongitudeMin, double LongitudeMax, double LatitudeMin, double LatitudeMax);
