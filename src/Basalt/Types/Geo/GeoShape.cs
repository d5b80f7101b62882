namespace Basalt.Types.Geo;

/// <summary>
/// The area of a search (GeoShape): a circle of <see cref="Radius"/> or a box of
/// <see cref="Width"/> by <see cref="Height"/> around a centre, the sizes in the unit the client
/// gave, <see cref="Conversion"/> meters per unit.
/// </summary>
public struct GeoShape
{
    public double Longitude;
    public double Latitude;
    public bool IsBox;
    public double Radius;
    public double Width;
    public double Height;
    public double Conversion;

    /// <summary>
    /// geoWithinShape: whether a point (decoded from its score) lies in the area, and its distance
    /// from the centre in meters.
    /// </summary>
    public readonly bool Contains(double longitude, double latitude, out double distance)
    {
        if (IsBox)
        {
            return GeoDistance.InRectangle(Width * Conversion, Height * Conversion, Longitude, Latitude, longitude, latitude, out distance);
        }
        distance = GeoDistance.Between(Longitude, Latitude, longitude, latitude);
        return !(distance > Radius * Conversion);
    }

    /// <summary>
    /// geohashBoundingBox: the longitudes and latitudes the area spans. A box's sides are curved
    /// on the sphere, so its widest longitudes are those of its edge nearer the equator.
    /// </summary>
    public readonly (double LongitudeMin, double LatitudeMin, double LongitudeMax, double LatitudeMax) BoundingBox()
    {
        var height = Conversion * (IsBox ? Height / 2 : Radius);
        var width = Conversion * (IsBox ? Width / 2 : Radius);
        var latitudeDelta = GeoDistance.ToDegrees(height / GeoDistance.EarthRadiusMeters);
        var longitudeDeltaTop = GeoDistance.ToDegrees(width / GeoDistance.EarthRadiusMeters / Math.Cos(GeoDistance.ToRadians(Latitude + latitudeDelta)));
        var longitudeDeltaBottom = GeoDistance.ToDegrees(width / GeoDistance.EarthRadiusMeters / Math.Cos(GeoDistance.ToRadians(Latitude - latitudeDelta)));
        var southern = Latitude < 0;
        return (
            southern ? Longitude - longitudeDeltaBottom : Longitude - longitudeDeltaTop,
            Latitude - latitudeDelta,
            southern ? Longitude + longitudeDeltaBottom : Longitude + longitudeDeltaTop,
            Latitude + latitudeDelta);
    }

    /// <summary>The distance from the centre to the farthest point of the area, in meters: the radius, or half the box's diagonal.</summary>
    public readonly double ReachMeters()
    {
        var reach = IsBox ? Math.Sqrt((Width / 2) * (Width / 2) + (Height / 2) * (Height / 2)) : Radius;
        return reach * Conversion;
    }
}
