using System.Text;
using Basalt.Commands;
using Basalt.Text;
using Basalt.Types.Geo;
using Xunit;

namespace Basalt.Tests.Types;

/// <summary>The geohash encoding and decoding, the distance function and the search cells, against values redis-server 7.0.15 gave.</summary>
public sealed class GeoHashTests
{
    private static string Human(double value)
    {
        Span<byte> text = stackalloc byte[64];
        return Encoding.ASCII.GetString(text[..LongDouble.FromDouble(value).FormatHuman(text)]);
    }

    private static string Distance(double meters)
    {
        Span<byte> text = stackalloc byte[FixedPointDistance.MaxChars];
        return Encoding.ASCII.GetString(text[..FixedPointDistance.Format(meters, 4, text)]);
    }

    [Theory]
    [InlineData(13.361389, 38.115556, 3479099956230698UL)]
    [InlineData(15.087269, 37.502669, 3479447370796909UL)]
    [InlineData(0, 0, 3377699720527872UL)]
    [InlineData(-180, -85.05112878, 0UL)]
    // On the upper limits the offsets reach 2^26, one bit above a 52-bit score.
    [InlineData(180, 85.05112878, 13510798882111488UL)]
    public void Scores_are_redis_scores(double longitude, double latitude, ulong score) =>
        Assert.Equal(score, GeoHash.Score(longitude, latitude));

    [Theory]
    [InlineData(3479099956230698.0, "13.36138933897018433", "38.11555639549629859")]
    [InlineData(3377699720527872.0, "0.00000268220901489", "0.00000126736058093")]
    [InlineData(0.0, "-179.99999731779098511", "-85.05112751263942528")]
    [InlineData(13510798882111488.0, "180", "85.0511287799999991")]
    // Scores GEOADD never writes decode through C's (uint64_t) conversion: -5 wraps to all ones,
    // 1e30 is out of range and becomes 0.
    [InlineData(-5.0, "180", "85.0511287799999991")]
    [InlineData(1e30, "-179.99999731779098511", "-85.05112751263942528")]
    public void Scores_decode_to_redis_positions(double score, string longitude, string latitude)
    {
        var (decodedLongitude, decodedLatitude) = GeoHash.DecodeScore(score);
        Assert.Equal(longitude, Human(decodedLongitude));
        Assert.Equal(latitude, Human(decodedLatitude));
    }

    [Fact]
    public void Score_bits_follow_the_x86_conversion_not_the_saturating_one()
    {
        Assert.Equal(0xFFFFFFFFFFFFFFFBUL, GeoHash.ScoreBits(-5.0));
        Assert.Equal(1UL << 63, GeoHash.ScoreBits(9223372036854775808.0));
        Assert.Equal(0UL, GeoHash.ScoreBits(1e30));
        Assert.Equal(0UL, GeoHash.ScoreBits(double.PositiveInfinity));
        Assert.Equal(1UL << 63, GeoHash.ScoreBits(double.NegativeInfinity));
        Assert.Equal(1UL << 63, GeoHash.ScoreBits(double.NaN));
        Assert.Equal(3479099956230698UL, GeoHash.ScoreBits(3479099956230698.0));
        Assert.Equal(3UL, GeoHash.ScoreBits(3.99));
    }

    [Fact]
    public void Interleaving_puts_the_first_value_in_the_even_bits_and_round_trips()
    {
        Assert.Equal(0b01UL, GeoHash.Interleave(1, 0));
        Assert.Equal(0b10UL, GeoHash.Interleave(0, 1));
        Assert.Equal(0x5555555555555555UL, GeoHash.Interleave(uint.MaxValue, 0));
        var random = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var even = (uint)random.NextInt64(0, 1L << 32);
            var odd = (uint)random.NextInt64(0, 1L << 32);
            var separated = GeoHash.Deinterleave(GeoHash.Interleave(even, odd));
            Assert.Equal(even, (uint)separated);
            Assert.Equal(odd, (uint)(separated >> 32));
        }
    }

    [Fact]
    public void Every_point_decodes_inside_the_cell_it_encodes_to()
    {
        var random = new Random(11);
        for (var i = 0; i < 1000; i++)
        {
            var longitude = random.NextDouble() * 360 - 180;
            var latitude = random.NextDouble() * 170.1 - 85.05;
            Assert.True(GeoHash.TryEncode(longitude, latitude, GeoHash.MaxStep, out var hash));
            Assert.True(GeoHash.TryDecode(hash, out var area));
            Assert.InRange(longitude, area.LongitudeMin, area.LongitudeMax);
            Assert.InRange(latitude, area.LatitudeMin, area.LatitudeMax);
            var (decodedLongitude, decodedLatitude) = GeoHash.DecodeScore(GeoHash.Score(longitude, latitude));
            Assert.True(Math.Abs(decodedLongitude - longitude) < 1e-5 && Math.Abs(decodedLatitude - latitude) < 1e-5);
        }
    }

    [Fact]
    public void Encoding_refuses_what_redis_refuses()
    {
        Assert.False(GeoHash.TryEncode(180.0000001, 0, GeoHash.MaxStep, out _));
        Assert.False(GeoHash.TryEncode(0, 85.05112879, GeoHash.MaxStep, out _));
        Assert.False(GeoHash.TryEncode(0, 0, 0, out _));
        Assert.False(GeoHash.TryEncode(0, 0, 33, out _));
        Assert.False(GeoHash.IsValid(-180.0000001, 0));
        Assert.True(GeoHash.IsValid(-180, -85.05112878));
        Assert.False(GeoHash.TryDecode(default, out _));
    }

    [Fact]
    public void Neighbours_are_one_cell_away_and_wrap_around_the_antimeridian()
    {
        GeoHash.TryEncode(13.361389, 38.115556, 10, out var hash);
        var neighbors = GeoHash.Neighbors(hash);
        Assert.Equal(hash, GeoHash.Neighbors(neighbors.East).West);
        Assert.Equal(hash, GeoHash.Neighbors(neighbors.North).South);
        Assert.Equal(neighbors.NorthEast, GeoHash.Neighbors(neighbors.North).East);
        Assert.Equal(neighbors.SouthWest, GeoHash.Neighbors(neighbors.South).West);
        GeoHash.TryDecode(hash, out var cell);
        GeoHash.TryDecode(neighbors.East, out var east);
        Assert.Equal(cell.LongitudeMax, east.LongitudeMin);

        GeoHash.TryEncode(179.99, 0, 10, out var eastmost);
        GeoHash.TryDecode(GeoHash.Neighbors(eastmost).East, out var wrapped);
        Assert.Equal(-180, wrapped.LongitudeMin);
    }

    [Fact]
    public void A_cell_spans_the_scores_of_its_points()
    {
        GeoHash.TryEncode(13.361389, 38.115556, 8, out var hash);
        var range = GeoSearchArea.Scores(hash);
        Assert.True(range.Contains(GeoHash.Score(13.361389, 38.115556)));
        Assert.Equal(GeoHash.Align52(hash), range.Min);
        Assert.Equal(range.Min + (1UL << 36), range.Max);
        Assert.False(range.Contains(range.Max));
    }

    [Theory]
    [InlineData(0, 37.0, 26)]
    [InlineData(200000, 37.0, 6)]
    [InlineData(200000, 70.0, 5)]
    [InlineData(200000, -81.0, 4)]
    [InlineData(1, 0.0, 24)]
    [InlineData(1e-300, 0.0, 26)]
    [InlineData(double.PositiveInfinity, 0.0, 1)]
    public void Search_precision_follows_the_radius_and_latitude(double meters, double latitude, int step) =>
        Assert.Equal(step, GeoSearchArea.EstimateSteps(meters, latitude));

    [Fact]
    public void Distances_are_redis_distances()
    {
        var (palermoLongitude, palermoLatitude) = GeoHash.DecodeScore(3479099956230698.0);
        var (cataniaLongitude, cataniaLatitude) = GeoHash.DecodeScore(3479447370796909.0);
        Assert.Equal("166274.1516", Distance(GeoDistance.Between(palermoLongitude, palermoLatitude, cataniaLongitude, cataniaLatitude)));
        Assert.Equal("166.2742", Distance(GeoDistance.Between(palermoLongitude, palermoLatitude, cataniaLongitude, cataniaLatitude) / 1000));

        var (northEastLongitude, northEastLatitude) = GeoHash.DecodeScore(13510798882111488.0);
        var (southWestLongitude, southWestLatitude) = GeoHash.DecodeScore(0);
        Assert.Equal("18919.8446", Distance(GeoDistance.Between(northEastLongitude, northEastLatitude, southWestLongitude, southWestLatitude) / 1000));
    }

    [Fact]
    public void Points_on_one_meridian_are_measured_along_it()
    {
        Assert.Equal(GeoDistance.AlongMeridian(10, 20), GeoDistance.Between(5, 10, 5, 20));
        Assert.Equal(GeoDistance.EarthRadiusMeters * Math.PI / 2, GeoDistance.AlongMeridian(0, 90), 6);
        Assert.Equal(0, GeoDistance.Between(1, 1, 1, 1));
    }

    [Fact]
    public void Shapes_contain_what_their_radius_or_box_covers()
    {
        var circle = new GeoShape { Longitude = 0, Latitude = 0, Radius = 111.3, Conversion = 1000 };
        Assert.True(circle.Contains(1, 0, out var distance));
        Assert.Equal("111.2263", Distance(distance / 1000));
        Assert.False(circle.Contains(1, 0.1, out _));

        var box = new GeoShape { Longitude = 0, Latitude = 0, IsBox = true, Width = 224, Height = 20, Conversion = 1000 };
        Assert.True(box.Contains(1, 0.05, out _));
        Assert.False(box.Contains(0, 0.1, out _));
        var (minLongitude, minLatitude, maxLongitude, maxLatitude) = box.BoundingBox();
        Assert.True(minLongitude < -1 && maxLongitude > 1 && minLatitude > -0.1 && maxLatitude < 0.1);
    }

    [Theory]
    [InlineData(0.0, "0.0000")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(6.0642951598391699e-05, "0.0001")]
    [InlineData(0.01, "0.0100")]
    [InlineData(-0.01, "-0.0100")]
    [InlineData(0.775, "0.7750")]
    [InlineData(166274.15156960033, "166274.1516")]
    [InlineData(0.00005, "0.0000")]
    // 0.00015 · 10^4 is 1.4999999999999998 in doubles: rounded before llrint sees it.
    [InlineData(0.00015, "0.0001")]
    [InlineData(0.00025, "0.0002")]
    [InlineData(0.00035, "0.0004")]
    [InlineData(double.NaN, "-922337203685477.5808")]
    public void Distances_print_with_four_digits_as_fixedpoint_d2string(double value, string expected) =>
        Assert.Equal(expected, Distance(value));

    [Theory]
    [InlineData(180.0000001, "180.000000")]
    [InlineData(-0.0, "-0.000000")]
    [InlineData(-1e-9, "-0.000000")]
    [InlineData(0.5, "0.500000")]
    [InlineData(1e300, "1000000000000000052504760255204420248704468581108159154915854115511802457988908195786371375080447864043704443832883878176942523235360430575644792184786706982848387200926575803737830233794788090059368953234970799945081119038967640880074652742780142494579258788820056842838115669472196386865459400540160.000000")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NegativeInfinity, "-inf")]
    public void Printf_fixed_prints_the_exact_value(double value, string expected) =>
        Assert.Equal(expected, PrintfFixed.Format(value, 6));

    [Fact]
    public void Printf_fixed_rounds_ties_to_even()
    {
        Assert.Equal("0", PrintfFixed.Format(0.5, 0));
        Assert.Equal("2", PrintfFixed.Format(1.5, 0));
        Assert.Equal("2", PrintfFixed.Format(2.5, 0));
        Assert.Equal("0.12", PrintfFixed.Format(0.125, 2));
        Assert.Equal("0.38", PrintfFixed.Format(0.375, 2));
    }

    [Fact]
    public void The_merge_sort_is_stable_as_glibcs_qsort()
    {
        var items = Enumerable.Range(0, 200).Select(i => (Key: i % 7, Order: i)).ToArray();
        LibcMergeSort.Sort<(int Key, int Order)>(items, (a, b) => a.Key.CompareTo(b.Key));
        Assert.Equal(Enumerable.Range(0, 200).Select(i => (Key: i % 7, Order: i)).OrderBy(x => x.Key).ToArray(), items);
    }
}
