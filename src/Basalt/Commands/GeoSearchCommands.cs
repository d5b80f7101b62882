using Basalt.Config.Parameters;
using System.Text;
using Basalt.Types;
using Basalt.Types.Geo;

namespace Basalt.Commands;

/// <summary>
/// The geo searches (geo.c's georadiusGeneric): GEOSEARCH, GEOSEARCHSTORE, GEORADIUS,
/// GEORADIUSBYMEMBER and their _RO forms. The members inside a circle or a box are collected
/// cell by cell (<see cref="GeoSetSearch"/>), sorted by distance when asked (or when COUNT
/// needs the nearest), then replied or stored as a sorted set.
/// </summary>
public static class GeoSearchCommands
{
    [Flags]
    private enum Variant
    {
        None = 0,

        /// <summary>GEORADIUS: the centre is a longitude and latitude after the key.</summary>
        AroundCoordinates = 1,

        /// <summary>GEORADIUSBYMEMBER: the centre is a member named after the key.</summary>
        AroundMember = 2,

        /// <summary>The _RO forms: no STORE or STOREDIST.</summary>
        NoStore = 4,

        /// <summary>GEOSEARCH's syntax: FROMMEMBER / FROMLONLAT and BYRADIUS / BYBOX.</summary>
        Search = 8,

        /// <summary>GEOSEARCHSTORE: the destination is the first key, STOREDIST a flag.</summary>
        SearchStore = 16,
    }

    private enum SortOrder
    {
        None,
        Ascending,
        Descending,
    }

    public static void Register(CommandTable table)
    {
        const CommandFlags Store = CommandFlags.Write | CommandFlags.DenyOom;
        table.Add(new CommandSpec("georadius", -6, Store | CommandFlags.MovableKeys, 1, 1, 1, "@write @geo @slow", "geo", "3.2.0",
            "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point",
            ctx => Search(ctx, 1, Variant.AroundCoordinates)));
        table.Add(new CommandSpec("georadius_ro", -6, CommandFlags.ReadOnly, 1, 1, 1, "@read @geo @slow", "geo", "3.2.10",
            "A read-only variant for GEORADIUS", ctx => Search(ctx, 1, Variant.AroundCoordinates | Variant.NoStore)));
        table.Add(new CommandSpec("georadiusbymember", -5, Store | CommandFlags.MovableKeys, 1, 1, 1, "@write @geo @slow", "geo", "3.2.0",
            "Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member",
            ctx => Search(ctx, 1, Variant.AroundMember)));
        table.Add(new CommandSpec("georadiusbymember_ro", -5, CommandFlags.ReadOnly, 1, 1, 1, "@read @geo @slow", "geo", "3.2.10",
            "A read-only variant for GEORADIUSBYMEMBER", ctx => Search(ctx, 1, Variant.AroundMember | Variant.NoStore)));
        table.Add(new CommandSpec("geosearch", -7, CommandFlags.ReadOnly, 1, 1, 1, "@read @geo @slow", "geo", "6.2.0",
            "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.",
            ctx => Search(ctx, 1, Variant.Search)));
        table.Add(new CommandSpec("geosearchstore", -8, Store, 1, 2, 1, "@write @geo @slow", "geo", "6.2.0",
            "Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.",
            ctx => Search(ctx, 2, Variant.Search | Variant.SearchStore)));
    }

    /// <summary>extractDistanceOrReply: a radius (a number, not negative) and its unit.</summary>
    private static bool TryGetRadius(CommandContext ctx, int index, ref GeoShape shape)
    {
        if (!ctx.TryGetDouble(index, out var radius, "ERR need numeric radius"))
        {
            return false;
        }
        if (radius < 0)
        {
            ctx.Reply.Error("ERR radius cannot be negative");
            return false;
        }
        shape.Radius = radius;
        return GeoCommands.TryGetUnit(ctx, index + 1, out shape.Conversion);
    }

    /// <summary>extractBoxOrReply: a width and a height (numbers, not negative) and their unit.</summary>
    private static bool TryGetBox(CommandContext ctx, int index, ref GeoShape shape)
    {
        if (!ctx.TryGetDouble(index, out var width, "ERR need numeric width") ||
            !ctx.TryGetDouble(index + 1, out var height, "ERR need numeric height"))
        {
            return false;
        }
        if (height < 0 || width < 0)
        {
            ctx.Reply.Error("ERR height or width cannot be negative");
            return false;
        }
        shape.Width = width;
        shape.Height = height;
        return GeoCommands.TryGetUnit(ctx, index + 2, out shape.Conversion);
    }

    /// <summary>
    /// georadiusGeneric. Errors come in Redis's order: WRONGTYPE for the source, then the fixed
    /// arguments, then each option as it is read (a missing FROMMEMBER member is an error at
    /// once, unless the source key does not exist), then the combinations.
    /// </summary>
    private static void Search(CommandContext ctx, int sourceIndex, Variant variant)
    {
        if (!ctx.TryRead<RedisSortedSet>(ctx.Arg(sourceIndex), out var set))
        {
            return;
        }
        var storeIndex = -1;
        var storeDistance = false;
        var shape = default(GeoShape);
        int firstOption;
        if ((variant & Variant.AroundCoordinates) != 0)
        {
            firstOption = 6;
            if (!GeoCommands.TryGetLongLat(ctx, 2, out shape.Longitude, out shape.Latitude) || !TryGetRadius(ctx, 4, ref shape))
            {
                return;
            }
        }
        else if ((variant & Variant.AroundMember) != 0)
        {
            firstOption = 5;
            // Without a source nothing is searched: the rest is parsed only to choose the reply.
            if (set is not null)
            {
                if (!GeoCommands.TryGetMemberPosition(set, ctx.Arg(2), out shape.Longitude, out shape.Latitude))
                {
                    ctx.Reply.Error("ERR could not decode requested zset member");
                    return;
                }
                if (!TryGetRadius(ctx, 3, ref shape))
                {
                    return;
                }
            }
        }
        else
        {
            firstOption = 2;
            if ((variant & Variant.SearchStore) != 0)
            {
                firstOption = 3;
                storeIndex = 1;
            }
        }

        bool withDistance = false, withHash = false, withCoordinates = false, any = false;
        bool fromMember = false, fromCoordinates = false, byRadius = false, byBox = false;
        var sort = SortOrder.None;
        long count = 0;
        var isSearch = (variant & Variant.Search) != 0;
        var canStore = (variant & (Variant.NoStore | Variant.Search)) == 0;
        var remaining = ctx.ArgCount - firstOption;
        for (var i = 0; i < remaining; i++)
        {
            var at = firstOption + i;
            if (ctx.Is(at, "withdist"))
            {
                withDistance = true;
            }
            else if (ctx.Is(at, "withhash"))
            {
                withHash = true;
            }
            else if (ctx.Is(at, "withcoord"))
            {
                withCoordinates = true;
            }
            else if (ctx.Is(at, "any"))
            {
                any = true;
            }
            else if (ctx.Is(at, "asc"))
            {
                sort = SortOrder.Ascending;
            }
            else if (ctx.Is(at, "desc"))
            {
                sort = SortOrder.Descending;
            }
            else if (ctx.Is(at, "count") && i + 1 < remaining)
            {
                if (!ctx.TryGetLong(at + 1, out count))
                {
                    return;
                }
                if (count <= 0)
                {
                    ctx.Reply.Error("ERR COUNT must be > 0");
                    return;
                }
                i++;
            }
            else if (ctx.Is(at, "store") && i + 1 < remaining && canStore)
            {
                storeIndex = at + 1;
                storeDistance = false;
                i++;
            }
            else if (ctx.Is(at, "storedist") && i + 1 < remaining && canStore)
            {
                storeIndex = at + 1;
                storeDistance = true;
                i++;
            }
            else if (ctx.Is(at, "storedist") && (variant & Variant.SearchStore) != 0)
            {
                storeDistance = true;
            }
            else if (ctx.Is(at, "frommember") && i + 1 < remaining && isSearch && !fromCoordinates)
            {
                if (set is not null && !GeoCommands.TryGetMemberPosition(set, ctx.Arg(at + 1), out shape.Longitude, out shape.Latitude))
                {
                    ctx.Reply.Error("ERR could not decode requested zset member");
                    return;
                }
                fromMember = true;
                i++;
            }
            else if (ctx.Is(at, "fromlonlat") && i + 2 < remaining && isSearch && !fromMember)
            {
                if (!GeoCommands.TryGetLongLat(ctx, at + 1, out shape.Longitude, out shape.Latitude))
                {
                    return;
                }
                fromCoordinates = true;
                i += 2;
            }
            else if (ctx.Is(at, "byradius") && i + 2 < remaining && isSearch && !byBox)
            {
                if (!TryGetRadius(ctx, at + 1, ref shape))
                {
                    return;
                }
                shape.IsBox = false;
                byRadius = true;
                i += 2;
            }
            else if (ctx.Is(at, "bybox") && i + 3 < remaining && isSearch && !byRadius)
            {
                if (!TryGetBox(ctx, at + 1, ref shape))
                {
                    return;
                }
                shape.IsBox = true;
                byBox = true;
                i += 3;
            }
            else
            {
                ctx.SyntaxError();
                return;
            }
        }

        if (storeIndex >= 0 && (withDistance || withHash || withCoordinates))
        {
            ctx.Reply.Error((variant & Variant.SearchStore) != 0
                ? "ERR GEOSEARCHSTORE is not compatible with WITHDIST, WITHHASH and WITHCOORD options"
                : "ERR STORE option in GEORADIUS is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
            return;
        }
        if (isSearch && !(fromMember || fromCoordinates))
        {
            // The command's name as the client spelled it.
            ctx.Reply.Error("ERR exactly one of FROMMEMBER or FROMLONLAT can be specified for " + Encoding.UTF8.GetString(ctx.Arg(0)));
            return;
        }
        if (isSearch && !(byRadius || byBox))
        {
            ctx.Reply.Error("ERR exactly one of BYRADIUS and BYBOX can be specified for " + Encoding.UTF8.GetString(ctx.Arg(0)));
            return;
        }
        if (any && count == 0)
        {
            ctx.Reply.Error("ERR the ANY argument requires COUNT argument");
            return;
        }

        if (set is null)
        {
            if (storeIndex >= 0)
            {
                if (ctx.Db.Delete(ctx.Arg(storeIndex)))
                {
                    ctx.Notify(KeyspaceEventClasses.Generic, "del", ctx.Arg(storeIndex));
                }
                ctx.Reply.Integer(0);
            }
            else
            {
                ctx.Reply.ArrayHeader(0);
            }
            return;
        }

        // COUNT asks for the nearest ones unless ANY says any will do.
        if (count != 0 && sort == SortOrder.None && !any)
        {
            sort = SortOrder.Ascending;
        }
        var found = new List<GeoPoint>();
        GeoSetSearch.Collect(set, shape, any ? count : 0, found);
        if (found.Count == 0 && storeIndex < 0)
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        var returned = count == 0 || found.Count < count ? found.Count : (int)count;
        if (sort != SortOrder.None)
        {
            Sort(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(found), returned, sort == SortOrder.Descending);
        }
        if (storeIndex < 0)
        {
            Reply(ctx, found, returned, shape.Conversion, withDistance, withHash, withCoordinates);
        }
        else
        {
            Store(ctx, storeIndex, found, returned, shape.Conversion, storeDistance, isSearch ? "geosearchstore" : "georadiusstore");
        }
    }

    /// <summary>
    /// As Redis: a full sort with qsort (glibc's merge sort, stable) when every point is
    /// returned, otherwise pqsort of just the first <paramref name="returned"/> positions.
    /// </summary>
    private static void Sort(Span<GeoPoint> points, int returned, bool descending)
    {
        var comparer = new DistanceComparer(descending);
        if (returned == points.Length)
        {
            LibcMergeSort.Sort(points, comparer.Compare);
        }
        else
        {
            PartialQuicksort.Sort(points, 0, returned - 1, comparer);
        }
    }

    private static void Reply(CommandContext ctx, List<GeoPoint> found, int returned, double conversion,
        bool withDistance, bool withHash, bool withCoordinates)
    {
        var extras = (withDistance ? 1 : 0) + (withHash ? 1 : 0) + (withCoordinates ? 1 : 0);
        ctx.Reply.ArrayHeader(returned);
        for (var i = 0; i < returned; i++)
        {
            var point = found[i];
            if (extras > 0)
            {
                ctx.Reply.ArrayHeader(extras + 1);
            }
            ctx.Reply.Bulk(point.Member);
            if (withDistance)
            {
                GeoCommands.WriteDistance(ctx.Reply, point.Distance / conversion);
            }
            if (withHash)
            {
                ctx.Reply.Integer((long)point.Score);
            }
            if (withCoordinates)
            {
                ctx.Reply.ArrayHeader(2);
                GeoCommands.WriteCoordinate(ctx.Reply, point.Longitude);
                GeoCommands.WriteCoordinate(ctx.Reply, point.Latitude);
            }
        }
    }

    /// <summary>
    /// STORE / STOREDIST / GEOSEARCHSTORE: the points (with their geohash, or their distance in
    /// the search's unit) become the destination's sorted set, which replaces whatever the key
    /// held; none deletes it. Redis counts one change per stored point.
    /// </summary>
    private static void Store(CommandContext ctx, int storeIndex, List<GeoPoint> found, int returned, double conversion, bool storeDistance, string storeEvent)
    {
        var dirtyBefore = ctx.Databases.Dirty;
        var output = SortedSetRangeOutput.ToStore(ctx, storeIndex, storeEvent);
        output.Begin(returned);
        for (var i = 0; i < returned; i++)
        {
            var point = found[i];
            output.Emit(storeDistance ? point.Distance / conversion : point.Score, point.Member);
        }
        output.Finish(returned);
        if (returned > 0)
        {
            SetCommands.SetDirty(ctx, dirtyBefore, returned);
        }
    }

    /// <summary>sort_gp_asc / sort_gp_desc: by distance, equal distances compare equal.</summary>
    private readonly struct DistanceComparer(bool descending) : IComparer<GeoPoint>
    {
        public int Compare(GeoPoint a, GeoPoint b)
        {
            var ascending = a.Distance > b.Distance ? 1 : a.Distance == b.Distance ? 0 : -1;
            return descending ? -ascending : ascending;
        }
    }
}
