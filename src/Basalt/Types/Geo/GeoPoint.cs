namespace Basalt.Types.Geo;

/// <summary>A member found by a search: where it is, how far from the centre (meters), and its score.</summary>
public readonly record struct GeoPoint(byte[] Member, double Longitude, double Latitude, double Distance, double Score);
