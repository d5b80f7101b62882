using System.Globalization;
using System.Text;
using Basalt.Keyspace;

namespace Basalt.Commands;

/// <summary>
/// DEBUG HTSTATS and HTSTATS-KEY: the shape of a database's tables in the layout of Redis's
/// dictGetStats, describing Basalt's own structures: the segmented key table (with its segment
/// count) and the dense expiry index.
/// </summary>
public static class DebugHashTableStats
{
    /// <summary>Chains this long or longer share the last slot of the distribution, which is not printed (DICT_STATS_VECTLEN).</summary>
    private const int ChainLengthSlots = 50;

    private const string EmptyTable = "Hash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n";

    /// <summary>DEBUG HTSTATS dbid.</summary>
    public static void Database(CommandContext ctx)
    {
        if (!ctx.TryGetLong(2, out var index))
        {
            return;
        }
        if (index < 0 || index >= ctx.Databases.Count)
        {
            ctx.Reply.Error("ERR Out of range database");
            return;
        }
        var db = ctx.Databases[(int)index];
        var sb = new StringBuilder();
        sb.Append("[Dictionary HT]\n");
        AppendKeyTable(sb, db.KeyTable);
        sb.Append("[Expires HT]\n");
        if (db.ExpiresCount == 0)
        {
            sb.Append(EmptyTable);
        }
        else
        {
            sb.Append(CultureInfo.InvariantCulture,
                $"Expiry index stats (dense array, sampled at random):\n number of elements: {db.ExpiresCount}\n");
        }
        ctx.Reply.Verbatim(sb.ToString());
    }

    /// <summary>
    /// DEBUG HTSTATS-KEY key. Redis answers only for values held in a hash table (hash, set, zset
    /// encodings Basalt does not have yet), so every value gets its refusal.
    /// </summary>
    public static void Key(CommandContext ctx)
    {
        // objectCommandLookup: expires the key and counts a hit or miss, without touching its access time.
        if (ctx.Db.LookupRead(ctx.Arg(2), touch: false) is null)
        {
            ctx.Reply.Error(Errors.NoSuchKey);
            return;
        }
        ctx.Reply.Error("ERR The value stored at the specified key is not represented using an hash table");
    }

    private static void AppendKeyTable(StringBuilder sb, KeyTable table)
    {
        if (table.Count == 0)
        {
            sb.Append(EmptyTable);
            return;
        }
        var distribution = new long[ChainLengthSlots];
        long buckets = 0, usedBuckets = 0, chainTotal = 0, maxChain = 0;
        var segments = 0;
        foreach (var segment in table.Segments())
        {
            segments++;
            for (var index = 0; index < segment.BucketCount; index++)
            {
                buckets++;
                long length = segment.ChainLength(index);
                distribution[Math.Min(length, ChainLengthSlots - 1)]++;
                if (length == 0)
                {
                    continue;
                }
                usedBuckets++;
                chainTotal += length;
                maxChain = Math.Max(maxChain, length);
            }
        }

        var inv = CultureInfo.InvariantCulture;
        sb.Append("Hash table 0 stats (main hash table):\n");
        sb.Append(inv, $" table size: {buckets}\n");
        sb.Append(inv, $" segments: {segments}\n");
        sb.Append(inv, $" number of elements: {table.Count}\n");
        sb.Append(inv, $" different slots: {usedBuckets}\n");
        sb.Append(inv, $" max chain length: {maxChain}\n");
        sb.Append(inv, $" avg chain length (counted): {(float)chainTotal / usedBuckets:0.00}\n");
        sb.Append(inv, $" avg chain length (computed): {(float)table.Count / usedBuckets:0.00}\n");
        sb.Append(" Chain length distribution:\n");
        for (var i = 0; i < ChainLengthSlots - 1; i++)
        {
            if (distribution[i] == 0)
            {
                continue;
            }
            sb.Append(inv, $"   {i}: {distribution[i]} ({(float)distribution[i] / buckets * 100:0.00}%)\n");
        }
    }
}
