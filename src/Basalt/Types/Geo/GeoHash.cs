namespace Basalt.Types.Geo;

/// <summary>
/// Redis's geohash (geohash.c): coordinates become a 52-bit integer, 26 bits of latitude and 26
/// of longitude interleaved, and that integer is the member's score in the sorted set. Every
/// operation does the same floating point steps as Redis, in the same order, so that a score, a
/// decoded position and a search cell come out bit for bit as Redis's do.
/// </summary>
public static class GeoHash
{
    /// <summary>Bits per coordinate of a stored score (GEO_STEP_MAX): 26 · 2 = 52 bits.</summary>
    public const int MaxStep = 26;

    public const double LongitudeMin = -180;
    public const double LongitudeMax = 180;
    public const double LatitudeMin = -85.05112878;
    public const double LatitudeMax = 85.05112878;

    /// <summary>Whether GEOADD and the searches accept the pair (extractLongLatOrReply).</summary>
    public static bool IsValid(double longitude, double latitude) =>
        !(longitude < LongitudeMin || longitude > LongitudeMax || latitude < LatitudeMin || latitude > LatitudeMax);

    /// <summary>
    /// geohashEncode: false when the step is not 1-32 or the point lies outside the geo set's
    /// limits or outside the ranges. The offsets are truncated to integers as C converts a double
    /// to uint32_t, so a coordinate on its upper limit gives 2^step (one bit above the cell bits).
    /// </summary>
    public static bool TryEncode(in GeoHashRange longitudeRange, in GeoHashRange latitudeRange, double longitude, double latitude, int step, out GeoHashBits hash)
    {
        hash = default;
        if (step > 32 || step == 0 || latitudeRange.IsZero || longitudeRange.IsZero)
        {
            return false;
        }
        if (longitude > LongitudeMax || longitude < LongitudeMin || latitude > LatitudeMax || latitude < LatitudeMin)
        {
            return false;
        }
        hash = new GeoHashBits(0, step);
        if (latitude < latitudeRange.Min || latitude > latitudeRange.Max || longitude < longitudeRange.Min || longitude > longitudeRange.Max)
        {
            return false;
        }
        var latitudeOffset = (latitude - latitudeRange.Min) / (latitudeRange.Max - latitudeRange.Min);
        var longitudeOffset = (longitude - longitudeRange.Min) / (longitudeRange.Max - longitudeRange.Min);
        latitudeOffset *= 1UL << step;
        longitudeOffset *= 1UL << step;
        hash = new GeoHashBits(Interleave((uint)latitudeOffset, (uint)longitudeOffset), step);
        return true;
    }

    /// <summary>geohashEncodeWGS84 with the geo set's ranges.</summary>
    public static bool TryEncode(double longitude, double latitude, int step, out GeoHashBits hash) =>
        TryEncode(GeoHashRange.Longitude, GeoHashRange.Latitude, longitude, latitude, step, out hash);

    /// <summary>The score GEOADD stores for a valid point: its 26-step hash, aligned to 52 bits.</summary>
    public static ulong Score(double longitude, double latitude)
    {
        TryEncode(longitude, latitude, MaxStep, out var hash);
        return Align52(hash);
    }

    /// <summary>geohashAlign52Bits: the cell's bits shifted to the top of a 52-bit score.</summary>
    public static ulong Align52(GeoHashBits hash) => hash.Bits << (52 - hash.Step * 2);

    /// <summary>geohashDecode: the rectangle a cell covers; false for the zero cell or empty ranges.</summary>
    public static bool TryDecode(in GeoHashRange longitudeRange, in GeoHashRange latitudeRange, GeoHashBits hash, out GeoHashArea area)
    {
        area = default;
        if (hash.IsZero || latitudeRange.IsZero || longitudeRange.IsZero)
        {
            return false;
        }
        var separated = Deinterleave(hash.Bits);
        var latitudeScale = latitudeRange.Max - latitudeRange.Min;
        var longitudeScale = longitudeRange.Max - longitudeRange.Min;
        var latitudeCell = (uint)separated;
        var longitudeCell = (uint)(separated >> 32);
        double cells = 1UL << hash.Step;
        // The cell index plus one wraps as C's uint32_t does (only garbage scores get there).
        area = new GeoHashArea(
            hash,
            longitudeRange.Min + (longitudeCell * 1.0 / cells) * longitudeScale,
            longitudeRange.Min + (unchecked(longitudeCell + 1u) * 1.0 / cells) * longitudeScale,
            latitudeRange.Min + (latitudeCell * 1.0 / cells) * latitudeScale,
            latitudeRange.Min + (unchecked(latitudeCell + 1u) * 1.0 / cells) * latitudeScale);
        return true;
    }

    public static bool TryDecode(GeoHashBits hash, out GeoHashArea area) =>
        TryDecode(GeoHashRange.Longitude, GeoHashRange.Latitude, hash, out area);

    /// <summary>geohashDecodeAreaToLongLat: the centre of a cell, held inside the geo set's limits.</summary>
    public static (double Longitude, double Latitude) Center(in GeoHashArea area)
    {
        var longitude = (area.LongitudeMin + area.LongitudeMax) / 2;
        longitude = Math.Min(longitude, LongitudeMax);
        longitude = Math.Max(longitude, LongitudeMin);
        var latitude = (area.LatitudeMin + area.LatitudeMax) / 2;
        latitude = Math.Min(latitude, LatitudeMax);
        latitude = Math.Max(latitude, LatitudeMin);
        return (longitude, latitude);
    }

    /// <summary>
    /// decodeGeohash: the position a score stands for. Any score decodes (a sorted set made with
    /// ZADD may hold anything): it is first converted to an integer as C's (uint64_t) cast does it
    /// on x86-64.
    /// </summary>
    public static (double Longitude, double Latitude) DecodeScore(double score)
    {
        TryDecode(new GeoHashBits(ScoreBits(score), MaxStep), out var area);
        return Center(area);
    }

    /// <summary>
    /// (uint64_t)score as gcc compiles it for x86-64: values below 2^63 go through the signed
    /// truncating conversion (negative values wrap, out of range or NaN give 2^63), larger ones
    /// are converted after subtracting 2^63 and get the top bit flipped (2^64 and above give 0).
    /// .NET's own conversion saturates instead, so it is spelled out.
    /// </summary>
    public static ulong ScoreBits(double score)
    {
        const double TwoTo63 = 9223372036854775808.0;
        if (!(score >= TwoTo63))
        {
            return unchecked((ulong)TruncateToInt64(score));
        }
        return unchecked((ulong)TruncateToInt64(score - TwoTo63)) ^ (1UL << 63);
    }

    /// <summary>cvttsd2si: truncation, or the "integer indefinite" value for NaN and out of range.</summary>
    private static long TruncateToInt64(double value) =>
        value is >= -9223372036854775808.0 and < 9223372036854775808.0 ? (long)value : long.MinValue;

    /// <summary>geohashNeighbors: the eight cells around <paramref name="hash"/>, wrapping around at the edges.</summary>
    public static GeoHashNeighbors Neighbors(GeoHashBits hash) => new()
    {
        East = MoveX(hash, 1),
        West = MoveX(hash, -1),
        South = MoveY(hash, -1),
        North = MoveY(hash, 1),
        NorthWest = MoveY(MoveX(hash, -1), 1),
        NorthEast = MoveY(MoveX(hash, 1), 1),
        SouthEast = MoveY(MoveX(hash, 1), -1),
        SouthWest = MoveY(MoveX(hash, -1), -1),
    };

    /// <summary>One cell east (+1) or west (-1): longitude is in the odd bits.</summary>
    private static GeoHashBits MoveX(GeoHashBits hash, int direction)
    {
        var x = hash.Bits & 0xaaaaaaaaaaaaaaaaUL;
        var y = hash.Bits & 0x5555555555555555UL;
        var zz = 0x5555555555555555UL >> (64 - hash.Step * 2);
        x = direction > 0 ? unchecked(x + (zz + 1)) : unchecked((x | zz) - (zz + 1));
        x &= 0xaaaaaaaaaaaaaaaaUL >> (64 - hash.Step * 2);
        return hash with { Bits = x | y };
    }

    /// <summary>One cell north (+1) or south (-1): latitude is in the even bits.</summary>
    private static GeoHashBits MoveY(GeoHashBits hash, int direction)
    {
        var x = hash.Bits & 0xaaaaaaaaaaaaaaaaUL;
        var y = hash.Bits & 0x5555555555555555UL;
        var zz = 0xaaaaaaaaaaaaaaaaUL >> (64 - hash.Step * 2);
        y = direction > 0 ? unchecked(y + (zz + 1)) : unchecked((y | zz) - (zz + 1));
        y &= 0x5555555555555555UL >> (64 - hash.Step * 2);
        return hash with { Bits = x | y };
    }

    /// <summary>Spreads the bits of <paramref name="even"/> over the even positions and those of <paramref name="odd"/> over the odd ones.</summary>
    public static ulong Interleave(uint even, uint odd)
    {
        ulong x = even;
        ulong y = odd;
        x = (x | (x << 16)) & 0x0000FFFF0000FFFFUL;
        y = (y | (y << 16)) & 0x0000FFFF0000FFFFUL;
        x = (x | (x << 8)) & 0x00FF00FF00FF00FFUL;
        y = (y | (y << 8)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x << 4)) & 0x0F0F0F0F0F0F0F0FUL;
        y = (y | (y << 4)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x << 2)) & 0x3333333333333333UL;
        y = (y | (y << 2)) & 0x3333333333333333UL;
        x = (x | (x << 1)) & 0x5555555555555555UL;
        y = (y | (y << 1)) & 0x5555555555555555UL;
        return x | (y << 1);
    }

    /// <summary>The inverse of <see cref="Interleave"/>: the even bits in the low half, the odd bits in the high half.</summary>
    public static ulong Deinterleave(ulong interleaved)
    {
        var x = interleaved;
        var y = interleaved >> 1;
        x &= 0x5555555555555555UL;
        y &= 0x5555555555555555UL;
        x = (x | (x >> 1)) & 0x3333333333333333UL;
        y = (y | (y >> 1)) & 0x3333333333333333UL;
        x = (x | (x >> 2)) & 0x0F0F0F0F0F0F0F0FUL;
        y = (y | (y >> 2)) & 0x0F0F0F0F0F0F0F0FUL;
        x = (x | (x >> 4)) & 0x00FF00FF00FF00FFUL;
        y = (y | (y >> 4)) & 0x00FF00FF00FF00FFUL;
        x = (x | (x >> 8)) & 0x0000FFFF0000FFFFUL;
        y = (y | (y >> 8)) & 0x0000FFFF0000FFFFUL;
        x = (x | (x >> 16)) & 0x00000000FFFFFFFFUL;
        y = (y | (y >> 16)) & 0x00000000FFFFFFFFUL;
        return x | (y << 32);
    }
}
