using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Basalt.Text;

/// <summary>
/// The building blocks of DEBUG DIGEST / DEBUG DIGEST-VALUE (Redis 7.0 debug.c), so that a test
/// suite comparing digests between Basalt and Redis (as Redis's own tests do after
/// DEBUG RELOAD, replication, etc.) sees identical 40-hex strings for identical data.
/// </summary>
/// <remarks>
/// Two primitives, both over a 20-byte running digest:
/// <list type="bullet">
/// <item><see cref="Xor"/>: digest ^= SHA1(data). Order-insensitive "add", used for unordered
///   collections (keys of a db, set members, hash/zset entries).</item>
/// <item><see cref="Mix"/>: digest = SHA1(digest ^ SHA1(data)). Order-sensitive, used for
///   sequences (list elements, stream entries) and for fields of one entry.</item>
/// </list>
/// Note that an element digest is folded in with <c>Xor(digest, elementDigest)</c>, i.e. the
/// SHA1 <em>of</em> the 20 element bytes is xored, not the bytes themselves.
///
/// Per value (xorObjectDigest), starting from whatever digest is passed in:
///   Mix(BE32(type code));
///   then per type:
///     string: Mix(value bytes)   (integer-encoded strings hash their decimal text)
///     list:   Mix(element) for each element head to tail
///     set:    Xor(member) for each member (intset members as decimal text)
///     zset:   for each member: e = 20 zero bytes; Mix(e, member); Mix(e, "%.17g" of score,
///             i.e. RedisNumber.FormatDouble); Xor(digest, e)
///     hash:   for each field: e = 20 zero bytes; Mix(e, field); Mix(e, value); Xor(digest, e)
///     stream: for each entry in id order: Mix("&lt;ms&gt;.&lt;seq&gt;") (a dot, not the usual '-'),
///             then Mix(field), Mix(value) for each field. Consumer groups are not hashed.
///   finally, if the key has an expire (any TTL, its value does not matter): Xor("!!expire!!").
/// DEBUG DIGEST-VALUE key: the above from 20 zero bytes (all zeros if the key is missing).
/// DEBUG DIGEST: final = zeros; for each non-empty db j in order: Mix(final, BE32(j)); then for
///   each key: k = zeros; Mix(k, key name); per-value steps on k; Xor(final, k).
///   An empty dataset therefore digests to 40 zeros.
/// </remarks>
public static class RedisDigest
{
    /// <summary>Digest length in bytes (SHA1).</summary>
    public const int Size = 20;

    /// <summary>Length of the lowercase hex form that DEBUG DIGEST replies with.</summary>
    public const int HexSize = 40;

    /// <summary>Redis's OBJ_* type codes, which are hashed into every value digest.</summary>
    public const int TypeString = 0;

    public const int TypeList = 1;

    public const int TypeSet = 2;

    public const int TypeZSet = 3;

    public const int TypeHash = 4;

    public const int TypeModule = 5;

    public const int TypeStream = 6;

    /// <summary>xorDigest: digest ^= SHA1(data).</summary>
    public static void Xor(Span<byte> digest, ReadOnlySpan<byte> data)
    {
        Span<byte> hash = stackalloc byte[Size];
        SHA1.HashData(data, hash);
        for (int i = 0; i < Size; i++)
        {
            digest[i] ^= hash[i];
        }
    }

    /// <summary>mixDigest: digest = SHA1(digest ^ SHA1(data)).</summary>
    public static void Mix(Span<byte> digest, ReadOnlySpan<byte> data)
    {
        Xor(digest, data);
        Span<byte> copy = stackalloc byte[Size];
        digest[..Size].CopyTo(copy);
        SHA1.HashData(copy, digest);
    }

    /// <summary>First step of every value digest: Mix the type code as a big-endian uint32 (htonl).</summary>
    public static void MixType(Span<byte> digest, int typeCode) => MixUInt32BigEndian(digest, (uint)typeCode);

    /// <summary>Last step of every value digest: keys with a TTL get "!!expire!!" xored in.</summary>
    public static void MixExpire(Span<byte> digest, bool hasExpire)
    {
        if (hasExpire)
        {
            Xor(digest, "!!expire!!"u8);
        }
    }

    /// <summary>
    /// The full value digest of a string (xorObjectDigest for OBJ_STRING), mixed into
    /// <paramref name="digest"/>. Starting from zeros this is one DEBUG DIGEST-VALUE reply.
    /// </summary>
    public static void MixStringValue(Span<byte> digest, ReadOnlySpan<byte> value, bool hasExpire)
    {
        MixType(digest, TypeString);
        Mix(digest, value);
        MixExpire(digest, hasExpire);
    }

    /// <summary>Starts a per-key digest (zeros, then the key name mixed in); follow with the value steps.</summary>
    public static void BeginKey(Span<byte> keyDigest, ReadOnlySpan<byte> key)
    {
        keyDigest[..Size].Clear();
        Mix(keyDigest, key);
    }

    /// <summary>Per-key digest of a string key as DEBUG DIGEST computes it.</summary>
    public static void ComputeStringKey(Span<byte> keyDigest, ReadOnlySpan<byte> key, ReadOnlySpan<byte> value, bool hasExpire)
    {
        BeginKey(keyDigest, key);
        MixStringValue(keyDigest, value, hasExpire);
    }

    /// <summary>Called once per non-empty database, before its keys, in database order.</summary>
    public static void BeginDatabase(Span<byte> dataset, int dbIndex) => MixUInt32BigEndian(dataset, (uint)dbIndex);

    /// <summary>Adds one finished per-key digest to the dataset digest (order-insensitive).</summary>
    public static void AddKey(Span<byte> dataset, ReadOnlySpan<byte> keyDigest) => Xor(dataset, keyDigest[..Size]);

    /// <summary>Writes the 40 lowercase hex characters DEBUG DIGEST replies with.</summary>
    public static void FormatHex(ReadOnlySpan<byte> digest, Span<byte> destination)
    {
        const string Hex = "0123456789abcdef";
        for (int i = 0; i < Size; i++)
        {
            destination[2 * i] = (byte)Hex[digest[i] >> 4];
            destination[(2 * i) + 1] = (byte)Hex[digest[i] & 0xF];
        }
    }

    /// <summary>Convenience: hex digest as a string.</summary>
    public static string ToHex(ReadOnlySpan<byte> digest)
    {
        Span<byte> hex = stackalloc byte[HexSize];
        FormatHex(digest, hex);
        return System.Text.Encoding.ASCII.GetString(hex);
    }

    private static void MixUInt32BigEndian(Span<byte> digest, uint value)
    {
        Span<byte> be = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(be, value);
        Mix(digest, be);
    }
}
