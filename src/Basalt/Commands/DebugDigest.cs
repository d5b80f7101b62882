using Basalt.Keyspace;
using Basalt.Text;
using Basalt.Types;

namespace Basalt.Commands;

/// <summary>
/// DEBUG DIGEST and DEBUG DIGEST-VALUE with Redis's algorithm (<see cref="RedisDigest"/>), so that
/// the same data gives the same 40 hex digits in Basalt and in Redis. Like Redis, both read the
/// table directly: keys that are logically expired but not yet deleted are included.
/// </summary>
public static class DebugDigest
{
    /// <summary>DEBUG DIGEST: one digest of every key, value and TTL presence in every database.</summary>
    public static void Dataset(CommandContext ctx)
    {
        Span<byte> dataset = stackalloc byte[RedisDigest.Size];
        Span<byte> keyDigest = stackalloc byte[RedisDigest.Size];
        dataset.Clear();
        foreach (var db in ctx.Databases.All)
        {
            if (db.KeyCount == 0)
            {
                continue;
            }
            RedisDigest.BeginDatabase(dataset, db.Index);
            foreach (var entry in db.KeyTable.Entries())
            {
                RedisDigest.BeginKey(keyDigest, entry.Key);
                if (!TryMixValue(keyDigest, entry))
                {
                    UnsupportedType(ctx, entry);
                    return;
                }
                RedisDigest.AddKey(dataset, keyDigest);
            }
        }
        ReplyHex(ctx, dataset);
    }

    /// <summary>DEBUG DIGEST-VALUE key [key ...]: each value's digest; 40 zeros for a missing key.</summary>
    public static void Values(CommandContext ctx)
    {
        Span<byte> digest = stackalloc byte[RedisDigest.Size];
        var start = ctx.Reply.Length;
        ctx.Reply.ArrayHeader(ctx.ArgCount - 2);
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            digest.Clear();
            if (ctx.Db.Peek(ctx.Arg(i)) is { } entry && !TryMixValue(digest, entry))
            {
                ctx.Reply.Truncate(start);
                UnsupportedType(ctx, entry);
                return;
            }
            ReplyHex(ctx, digest);
        }
    }

    /// <summary>xorObjectDigest: the value's type, content and TTL presence mixed into <paramref name="digest"/>.</summary>
    private static bool TryMixValue(Span<byte> digest, KeyEntry entry)
    {
        switch (entry.Value)
        {
            case RedisString s:
                Span<byte> scratch = stackalloc byte[RedisNumber.MaxInt64Chars];
                RedisDigest.MixStringValue(digest, s.AsSpan(scratch), entry.HasExpiry);
                return true;
            case RedisList list:
                MixCollection(digest, RedisDigest.TypeList, list.MixDigest, entry);
                return true;
            case RedisSet set:
                MixCollection(digest, RedisDigest.TypeSet, set.MixDigest, entry);
                return true;
            case RedisSortedSet zset:
                MixCollection(digest, RedisDigest.TypeZSet, zset.MixDigest, entry);
                return true;
            case RedisHash hash:
                MixCollection(digest, RedisDigest.TypeHash, hash.MixDigest, entry);
                return true;
            case RedisStream stream:
                MixCollection(digest, RedisDigest.TypeStream, stream.MixDigest, entry);
                return true;
            default:
                return false;
        }
    }

    private delegate void ContentDigest(Span<byte> digest);

    /// <summary>A collection's part of xorObjectDigest: its type code, its content, then the expiry mark.</summary>
    private static void MixCollection(Span<byte> digest, int typeCode, ContentDigest content, KeyEntry entry)
    {
        RedisDigest.MixType(digest, typeCode);
        content(digest);
        RedisDigest.MixExpire(digest, entry.HasExpiry);
    }

    private static void UnsupportedType(CommandContext ctx, KeyEntry entry) =>
        ctx.Reply.Error($"ERR DEBUG DIGEST does not support values of type '{entry.Value.Type.Name()}' yet");

    private static void ReplyHex(CommandContext ctx, ReadOnlySpan<byte> digest)
    {
        Span<byte> hex = stackalloc byte[RedisDigest.HexSize];
        RedisDigest.FormatHex(digest, hex);
        ctx.Reply.Simple(hex);
    }
}
