namespace Basalt.Types.Geo;

/// <summary>
/// The geohash cells a search visits (geohashCalculateAreasByShapeWGS84): the cell holding the
/// centre, at a precision whose cells are about as large as the area, and its eight neighbours,
/// minus those the area's bounding box does not reach.
/// </summary>
public static class GeoSearchArea
{
    /// <summary>MERCATOR_MAX: half the earth's circumference in the projection, meters.</summary>
    private const double MercatorMax = 20037726.37;

    /// <summary>
    /// The cells in the order Redis visits them: centre, north, south, east, west, north-east,
    /// north-west, south-east, south-west; zero cells are skipped.
    /// </summary>
    public static GeoHashBits[] Cells(in GeoShape shape)
    {
        var (minLongitude, minLatitude, maxLongitude, maxLatitude) = shape.BoundingBox();
        var steps = EstimateSteps(shape.ReachMeters(), shape.Latitude);
        GeoHash.TryEncode(shape.Longitude, shape.Latitude, steps, out var hash);
        var neighbors = GeoHash.Neighbors(hash);
        GeoHash.TryDecode(hash, out var area);

        // Near the edge of the centre cell a neighbour may not reach the edge of the area: one
        // step coarser then (cells twice as large).
        GeoHash.TryDecode(neighbors.North, out var north);
        GeoHash.TryDecode(neighbors.South, out var south);
        GeoHash.TryDecode(neighbors.East, out var east);
        GeoHash.TryDecode(neighbors.West, out var west);
        var decreaseStep = north.LatitudeMax < maxLatitude || south.LatitudeMin > minLatitude ||
            east.LongitudeMax < maxLongitude || west.LongitudeMin > minLongitude;
        if (steps > 1 && decreaseStep)
        {
            steps--;
            GeoHash.TryEncode(shape.Longitude, shape.Latitude, steps, out hash);
            neighbors = GeoHash.Neighbors(hash);
            GeoHash.TryDecode(hash, out area);
        }

        // Leave out the neighbours on a side where the centre cell already covers the area.
        if (steps >= 2)
        {
            if (area.LatitudeMin < minLatitude)
            {
                neighbors.South = neighbors.SouthWest = neighbors.SouthEast = default;
            }
            if (area.LatitudeMax > maxLatitude)
            {
                neighbors.North = neighbors.NorthEast = neighbors.NorthWest = default;
            }
            if (area.LongitudeMin < minLongitude)
            {
                neighbors.West = neighbors.SouthWest = neighbors.NorthWest = default;
            }
            if (area.LongitudeMax > maxLongitude)
            {
                neighbors.East = neighbors.SouthEast = neighbors.NorthEast = default;
            }
        }
        return
        [
            hash, neighbors.North, neighbors.South, neighbors.East, neighbors.West,
            neighbors.NorthEast, neighbors.NorthWest, neighbors.SouthEast, neighbors.SouthWest,
        ];
    }

    /// <summary>
    /// geohashEstimateStepsByRadius: the precision whose cells are just larger than the radius,
    /// coarser near the poles where meridians converge; 26 for a zero radius.
    /// </summary>
    public static int EstimateSteps(double rangeMeters, double latitude)
    {
        if (rangeMeters == 0)
        {
            return GeoHash.MaxStep;
        }
        var step = 1;
        while (rangeMeters < MercatorMax)
        {
            rangeMeters *= 2;
            step++;
        }
        step -= 2;
        if (latitude > 66 || latitude < -66)
        {
            step--;
            if (latitude > 80 || latitude < -80)
            {
                step--;
            }
        }
        return Math.Clamp(step, 1, GeoHash.MaxStep);
    }

    /// <summary>
    /// scoresOfGeoHashBox: the scores of the points in a cell, from the first (included) to the
    /// first of the next cell (excluded).
    /// </summary>
    public static ScoreRange Scores(GeoHashBits cell) =>
        new(GeoHash.Align52(cell), false, GeoHash.Align52(cell with { Bits = cell.Bits + 1 }), true);
}
