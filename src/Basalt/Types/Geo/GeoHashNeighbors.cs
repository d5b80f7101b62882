namespace Basalt.Types.Geo;

/// <summary>The eight cells around a geohash cell, at its precision.</summary>
public struct GeoHashNeighbors
{
    public GeoHashBits North;
    public GeoHashBits South;
    public GeoHashBits East;
    public GeoHashBits West;
    public GeoHashBits NorthEast;
    public GeoHashBits NorthWest;
    public GeoHashBits SouthEast;
    public GeoHashBits SouthWest;
}
