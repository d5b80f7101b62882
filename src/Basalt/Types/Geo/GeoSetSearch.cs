namespace Basalt.Types.Geo;

/// <summary>
/// Finds the members of a geo set inside a shape (membersOfAllNeighbors, geoGetPointsInRange):
/// cell by cell in <see cref="GeoSearchArea.Cells"/> order, each cell's members in score order,
/// so the points come out in the order Redis collects them.
/// </summary>
public static class GeoSetSearch
{
    /// <summary>
    /// Appends the members inside <paramref name="shape"/> to <paramref name="found"/>. With a
    /// <paramref name="limit"/> (ANY; 0 for none) it stops as soon as that many were found.
    /// </summary>
    public static void Collect(RedisSortedSet set, in GeoShape shape, long limit, List<GeoPoint> found)
    {
        var cells = GeoSearchArea.Cells(shape);
        // As in Redis, "the cell just searched" is never the centre cell (index 0 counts as none).
        var lastVisited = 0;
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = cells[i];
            if (cell.IsZero)
            {
                continue;
            }
            // With a huge radius, neighbours can be the same cell: a cell equal to the one just
            // searched is not searched again (its members would come twice).
            if (lastVisited != 0 && cell == cells[lastVisited])
            {
                continue;
            }
            if (LimitReached(found, limit))
            {
                break;
            }
            CollectCell(set, shape, GeoSearchArea.Scores(cell), limit, found);
            lastVisited = i;
        }
    }

    private static bool LimitReached(List<GeoPoint> found, long limit) => found.Count > 0 && limit > 0 && found.Count >= limit;

    private static void CollectCell(RedisSortedSet set, in GeoShape shape, in ScoreRange range, long limit, List<GeoPoint> found)
    {
        for (var cursor = set.FirstInRange(range); cursor.IsValid; cursor.MoveNext())
        {
            var score = cursor.Score;
            if (!range.BelowMax(score))
            {
                break;
            }
            var (longitude, latitude) = GeoHash.DecodeScore(score);
            if (shape.Contains(longitude, latitude, out var distance))
            {
                found.Add(new GeoPoint(cursor.MemberArray(), longitude, latitude, distance, score));
            }
            if (LimitReached(found, limit))
            {
                break;
            }
        }
    }
}
