using System.Text;
using Basalt.Protocol;
using Basalt.Text;
using Basalt.Types;
using Basalt.Types.Geo;

namespace Basalt.Commands;

/// <summary>
/// The geo commands that add and read points (geo.c): GEOADD, GEOPOS, GEODIST, GEOHASH. A geo
/// set is a sorted set whose scores are 52-bit geohashes (<see cref="GeoHash"/>); the searches
/// are in <see cref="GeoSearchCommands"/>.
/// </summary>
public static class GeoCommands
{
    /// <summary>The base-32 alphabet of standard geohash strings.</summary>
    private static readonly byte[] GeohashAlphabet = "0123456789bcdefghjkmnpqrstuvwxyz"u8.ToArray();

    private static readonly byte[] ZAddName = "zadd"u8.ToArray();
    private static readonly byte[] NxOption = "nx"u8.ToArray();
    private static readonly byte[] XxOption = "xx"u8.ToArray();
    private static readonly byte[] ChOption = "ch"u8.ToArray();

    public static void Register(CommandTable table)
    {
        table.Add(new CommandSpec("geoadd", -5, CommandFlags.Write | CommandFlags.DenyOom, 1, 1, 1, "@write @geo @slow", "geo", "3.2.0",
            "Add one or more geospatial items in the geospatial index represented using a sorted set", GeoAdd));
        table.Add(new CommandSpec("geopos", -2, CommandFlags.ReadOnly, 1, 1, 1, "@read @geo @slow", "geo", "3.2.0",
            "Returns longitude and latitude of members of a geospatial index", GeoPos));
        table.Add(new CommandSpec("geodist", -4, CommandFlags.ReadOnly, 1, 1, 1, "@read @geo @slow", "geo", "3.2.0",
            "Returns the distance between two members of a geospatial index", GeoDist));
        table.Add(new CommandSpec("geohash", -2, CommandFlags.ReadOnly, 1, 1, 1, "@read @geo @slow", "geo", "3.2.0",
            "Returns members of a geospatial index as standard geohash strings", GeoHashStrings));
        GeoSearchCommands.Register(table);
    }

    /// <summary>extractLongLatOrReply: a longitude and a latitude, both numbers and inside the geo set's limits.</summary>
    internal static bool TryGetLongLat(CommandContext ctx, int index, out double longitude, out double latitude)
    {
        latitude = 0;
        if (!ctx.TryGetDouble(index, out longitude) || !ctx.TryGetDouble(index + 1, out latitude))
        {
            return false;
        }
        if (!GeoHash.IsValid(longitude, latitude))
        {
            ctx.Reply.Error($"ERR invalid longitude,latitude pair {PrintfFixed.Format(longitude, 6)},{PrintfFixed.Format(latitude, 6)}");
            return false;
        }
        return true;
    }

    /// <summary>extractUnitOrReply: meters per unit of M, KM, FT or MI.</summary>
    internal static bool TryGetUnit(CommandContext ctx, int index, out double metersPerUnit)
    {
        metersPerUnit = ctx.Is(index, "m") ? 1
            : ctx.Is(index, "km") ? 1000
            : ctx.Is(index, "ft") ? 0.3048
            : ctx.Is(index, "mi") ? 1609.34
            : -1;
        if (metersPerUnit < 0)
        {
            ctx.Reply.Error("ERR unsupported unit provided. please use M, KM, FT, MI");
            return false;
        }
        return true;
    }

    /// <summary>longLatFromMember: the position of a member; false when it is not in the set.</summary>
    internal static bool TryGetMemberPosition(RedisSortedSet set, ReadOnlySpan<byte> member, out double longitude, out double latitude)
    {
        if (!set.TryGetScore(member, out var score))
        {
            longitude = latitude = 0;
            return false;
        }
        (longitude, latitude) = GeoHash.DecodeScore(score);
        return true;
    }

    /// <summary>addReplyHumanLongDouble: "%.17Lf" without trailing zeros, a bulk string in RESP2 and a double in RESP3.</summary>
    internal static void WriteCoordinate(ReplyWriter reply, double value)
    {
        Span<byte> text = stackalloc byte[64];
        var length = LongDouble.FromDouble(value).FormatHuman(text);
        reply.DoubleText(text[..length]);
    }

    /// <summary>addReplyDoubleDistance: 4 digits after the dot, always a bulk string.</summary>
    internal static void WriteDistance(ReplyWriter reply, double value)
    {
        Span<byte> text = stackalloc byte[FixedPointDistance.MaxChars];
        reply.Bulk(text[..FixedPointDistance.Format(value, 4, text)]);
    }

    /// <summary>
    /// GEOADD key [NX|XX] [CH] longitude latitude member [...]: every pair is checked, then the
    /// command runs as the ZADD it stands for (the same options, each point's score), and that
    /// ZADD is what the AOF gets, as Redis replaces the command vector.
    /// </summary>
    private static void GeoAdd(CommandContext ctx)
    {
        var nx = false;
        var xx = false;
        var first = 2;
        for (; first < ctx.ArgCount; first++)
        {
            if (ctx.Is(first, "nx"))
            {
                nx = true;
            }
            else if (ctx.Is(first, "xx"))
            {
                xx = true;
            }
            else if (!ctx.Is(first, "ch"))
            {
                break;
            }
        }
        if ((ctx.ArgCount - first) % 3 != 0 || (xx && nx))
        {
            ctx.SyntaxError();
            return;
        }
        var elements = (ctx.ArgCount - first) / 3;
        var zadd = new byte[first + elements * 2][];
        zadd[0] = ZAddName;
        zadd[1] = ctx.Args.ToArray(1);
        // ZADD runs with the options spelled plainly (an option ending in a NUL byte counts, as
        // in Redis's strcasecmp); the AOF gets them as the client sent them.
        var options = new byte[first][];
        for (var i = 2; i < first; i++)
        {
            zadd[i] = ctx.Args.ToArray(i);
            options[i] = ctx.Is(i, "nx") ? NxOption : ctx.Is(i, "xx") ? XxOption : ChOption;
        }
        for (var i = 0; i < elements; i++)
        {
            var at = first + i * 3;
            if (!TryGetLongLat(ctx, at, out var longitude, out var latitude))
            {
                return;
            }
            zadd[first + i * 2] = RedisNumber.FormatInt64((long)GeoHash.Score(longitude, latitude));
            zadd[first + i * 2 + 1] = ctx.Args.ToArray(at + 2);
        }
        var called = ctx.Args;
        var run = (byte[][])zadd.Clone();
        options.AsSpan(2).CopyTo(run.AsSpan(2));
        ctx.Args = CommandArgs.FromBytes(run);
        try
        {
            SortedSetCommands.ZAdd(ctx, ZAddOptions.None);
        }
        finally
        {
            ctx.Args = called;
        }
        PropagatedForm.Rewrite(ctx, zadd);
    }

    /// <summary>GEOPOS key [member ...]: each member's position, or a null array when it is missing.</summary>
    private static void GeoPos(CommandContext ctx)
    {
        if (!ctx.TryRead<RedisSortedSet>(ctx.Arg(1), out var set))
        {
            return;
        }
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (set is null || !TryGetMemberPosition(set, ctx.Arg(i), out var longitude, out var latitude))
            {
                ctx.Reply.NullArray();
                continue;
            }
            ctx.Reply.ArrayHeader(2);
            WriteCoordinate(ctx.Reply, longitude);
            WriteCoordinate(ctx.Reply, latitude);
        }
    }

    /// <summary>GEODIST key member1 member2 [M|KM|FT|MI]: the unit is checked before the key is looked up.</summary>
    private static void GeoDist(CommandContext ctx)
    {
        double metersPerUnit = 1;
        if (ctx.ArgCount == 5)
        {
            if (!TryGetUnit(ctx, 4, out metersPerUnit))
            {
                return;
            }
        }
        else if (ctx.ArgCount > 5)
        {
            ctx.SyntaxError();
            return;
        }
        if (!ctx.TryRead<RedisSortedSet>(ctx.Arg(1), out var set))
        {
            return;
        }
        if (set is null ||
            !TryGetMemberPosition(set, ctx.Arg(2), out var longitude1, out var latitude1) ||
            !TryGetMemberPosition(set, ctx.Arg(3), out var longitude2, out var latitude2))
        {
            ctx.Reply.NullBulk();
            return;
        }
        WriteDistance(ctx.Reply, GeoDistance.Between(longitude1, latitude1, longitude2, latitude2) / metersPerUnit);
    }

    /// <summary>
    /// GEOHASH key [member ...]: 11-character standard geohashes. The stored hash spans latitudes
    /// ±85.05 where the standard one spans ±90, so each position is decoded and encoded again
    /// over the standard ranges; the 11th character stands for bits a 52-bit hash does not have.
    /// </summary>
    private static void GeoHashStrings(CommandContext ctx)
    {
        if (!ctx.TryRead<RedisSortedSet>(ctx.Arg(1), out var set))
        {
            return;
        }
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        Span<byte> text = stackalloc byte[11];
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            if (set is null || !TryGetMemberPosition(set, ctx.Arg(i), out var longitude, out var latitude))
            {
                ctx.Reply.NullBulk();
                continue;
            }
            GeoHash.TryEncode(GeoHashRange.Longitude, GeoHashRange.StandardLatitude, longitude, latitude, GeoHash.MaxStep, out var hash);
            for (var c = 0; c < 10; c++)
            {
                text[c] = GeohashAlphabet[(int)((hash.Bits >> (52 - (c + 1) * 5)) & 0x1f)];
            }
            text[10] = GeohashAlphabet[0];
            ctx.Reply.Bulk(text);
        }
    }
}
