namespace Basalt.Types.Geo;

/// <summary>
/// Distances on the earth as Redis computes them (geohash_helper.c): the haversine formula on a
/// sphere of Redis's radius, with Redis's degree-to-radian factor and its shortcut for points on
/// one meridian. The operations and their order are Redis's, and Math.Sin/Cos/Asin are the C
/// library's, so distances match to the last bit.
/// </summary>
public static class GeoDistance
{
    /// <summary>The earth's quadratic mean radius for WGS-84, in meters (EARTH_RADIUS_IN_METERS).</summary>
    public const double EarthRadiusMeters = 6372797.560856;

    /// <summary>D_R, M_PI / 180.0.</summary>
    private const double RadiansPerDegree = Math.PI / 180.0;

    public static double ToRadians(double degrees) => degrees * RadiansPerDegree;

    public static double ToDegrees(double radians) => radians / RadiansPerDegree;

    /// <summary>geohashGetLatDistance: the distance between two latitudes along a meridian.</summary>
    public static double AlongMeridian(double latitude1, double latitude2) =>
        EarthRadiusMeters * Math.Abs(ToRadians(latitude2) - ToRadians(latitude1));

    /// <summary>geohashGetDistance: the great circle distance in meters.</summary>
    public static double Between(double longitude1, double latitude1, double longitude2, double latitude2)
    {
        var longitude1Radians = ToRadians(longitude1);
        var longitude2Radians = ToRadians(longitude2);
        var v = Math.Sin((longitude2Radians - longitude1Radians) / 2);
        if (v == 0.0)
        {
            // Same meridian: the haversine reduces to the latitude difference.
            return AlongMeridian(latitude1, latitude2);
        }
        var latitude1Radians = ToRadians(latitude1);
        var latitude2Radians = ToRadians(latitude2);
        var u = Math.Sin((latitude2Radians - latitude1Radians) / 2);
        var a = u * u + Math.Cos(latitude1Radians) * Math.Cos(latitude2Radians) * v * v;
        return 2.0 * EarthRadiusMeters * Math.Asin(Math.Sqrt(a));
    }

    /// <summary>
    /// geohashGetDistanceIfInRectangle: whether a point lies in the box of the given size (meters)
    /// centred on the centre point: its latitude distance within half the height, its distance
    /// along its own parallel within half the width. The distance to the centre comes out too.
    /// </summary>
    public static bool InRectangle(double widthMeters, double heightMeters, double centerLongitude, double centerLatitude,
        double longitude, double latitude, out double distance)
    {
        distance = 0;
        if (AlongMeridian(latitude, centerLatitude) > heightMeters / 2)
        {
            return false;
        }
        if (Between(longitude, latitude, centerLongitude, latitude) > widthMeters / 2)
        {
            return false;
        }
        distance = Between(centerLongitude, centerLatitude, longitude, latitude);
        return true;
    }
}
