namespace Basalt.Types.Geo;

/// <summary>The interval one coordinate is encoded over.</summary>
public readonly record struct GeoHashRange(double Min, double Max)
{
    /// <summary>Longitudes of a geo set: -180 to 180.</summary>
    public static readonly GeoHashRange Longitude = new(GeoHash.LongitudeMin, GeoHash.LongitudeMax);

    /// <summary>
    /// Latitudes of a geo set: ±85.05112878, the limits of the Web Mercator projection
    /// (EPSG:900913), so that no point sits on a pole.
    /// </summary>
    public static readonly GeoHashRange Latitude = new(GeoHash.LatitudeMin, GeoHash.LatitudeMax);

    /// <summary>The latitudes of the standard geohash alphabet strings (GEOHASH): -90 to 90.</summary>
    public static readonly GeoHashRange StandardLatitude = new(-90, 90);

    public bool IsZero => Max == 0 && Min == 0;
}
