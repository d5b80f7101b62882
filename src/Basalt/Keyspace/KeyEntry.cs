using System.Diagnostics;
using Basalt.Types;

namespace Basalt.Keyspace;

/// <summary>
/// One key of a database: its name, value, expiry and access information, chained in a bucket
/// of its segment. Commands get entries only through <see cref="Database"/>'s lookups.
/// </summary>
/// <remarks>
/// There is one entry per key, so every byte of it is memory per key. The name is kept inside the
/// entry object when it is short (<see cref="InlineKeyEntry{TBytes}"/>, the common case), which
/// saves the 24-byte header of an array of its own and one object for the collector to mark; a
/// longer name gets its array (<see cref="ArrayKeyEntry"/>). <see cref="ObjectBytes"/> says what
/// each costs. The chain link is a slot number and the accounted size a count of 8-byte units,
/// 4 bytes each, for the same reason; the access clock, the name's length and whether the key has
/// an expiry share 4 bytes; the expiry time itself is kept by the table's <see cref="ExpiryIndex"/>
/// (most keys have none). The common fields come to 40 bytes with the object header, so a 16-byte
/// name makes 56. Of the key's hash the entry keeps the upper half: a lookup rejects the other
/// entries of its bucket with it without reading their names (each a likely cache miss in a large
/// keyspace; without a hash a lookup of an absent key among a million took about 60% longer), and
/// the table places and splits by those upper bits.
/// </remarks>
public abstract class KeyEntry
{
    /// <summary>The bytes of the fields every entry has, header included, before the name's bytes.</summary>
    private const int FieldBytes = 40;

    /// <summary>The room for a name of the smallest inline form (<see cref="KeyBytes16"/>).</summary>
    private const int MinInlineRoom = 16;

    /// <summary>The longest name kept inside the entry (see <see cref="Create"/>).</summary>
    internal const int MaxInlineKeyLength = 64;

    private protected KeyEntry(ulong hash, RedisObject value)
    {
        _hashHigh = (uint)(hash >> 32);
        Value = value;
    }

    /// <summary>An entry for <paramref name="key"/> (copied), of the smallest form that holds it.</summary>
    internal static KeyEntry Create(ReadOnlySpan<byte> key, ulong hash, RedisObject value) => key.Length switch
    {
        <= MinInlineRoom => new InlineKeyEntry<KeyBytes16>(key, hash, value),
        <= 24 => new InlineKeyEntry<KeyBytes24>(key, hash, value),
        <= 32 => new InlineKeyEntry<KeyBytes32>(key, hash, value),
        <= 40 => new InlineKeyEntry<KeyBytes40>(key, hash, value),
        <= 48 => new InlineKeyEntry<KeyBytes48>(key, hash, value),
        <= 56 => new InlineKeyEntry<KeyBytes56>(key, hash, value),
        <= MaxInlineKeyLength => new InlineKeyEntry<KeyBytes64>(key, hash, value),
        _ => new ArrayKeyEntry(key.ToArray(), hash, value),
    };

    /// <summary>
    /// What <see cref="Create"/> allocates for a name of <paramref name="keyLength"/> bytes on the 64-bit
    /// CoreCLR: the common fields, then room for the name right after them (at least
    /// <see cref="MinInlineRoom"/> bytes), rounded up to 8 bytes; or the common fields, a reference and
    /// the name's own array.
    /// </summary>
    public static long ObjectBytes(int keyLength) => keyLength <= MaxInlineKeyLength
        ? (FieldBytes + Math.Max(keyLength, MinInlineRoom) + 7) & ~7L
        : FieldBytes + sizeof(long) + DatabaseMemory.ByteArray(keyLength);

    /// <summary>The key's name; it never changes (RENAME makes a new entry).</summary>
    public abstract ReadOnlySpan<byte> Key { get; }

    /// <summary>The upper 32 bits of the key's hash, the lower ones zero: enough to place it (see <see cref="KeyTable"/>).</summary>
    internal ulong Hash => (ulong)_hashHigh << 32;

    /// <summary>Whether the key's hash may be <paramref name="hash"/>: true when their upper halves agree.</summary>
    internal bool HashMatches(ulong hash) => _hashHigh == (uint)(hash >> 32);

    private readonly uint _hashHigh;

    /// <summary>The slot (<see cref="KeyEntrySlots"/>) of the next entry of its bucket, 0 at the end: a number, not a reference, for the collector's sake.</summary>
    internal int Next { get; set; }

    public RedisObject Value { get; internal set; }

    /// <summary>
    /// LRU clock (seconds) or LFU data (minutes and log counter), as maxmemory-policy decides: 24
    /// bits, Redis's robj "lru" field (<see cref="KeyAccessClock"/> wraps its clocks to fit).
    /// </summary>
    internal uint Access
    {
        get => _accessAndKeyLength & AccessMask;
        set => _accessAndKeyLength = (_accessAndKeyLength & ~AccessMask) | (value & AccessMask);
    }

    /// <summary>The bits of <see cref="_accessAndKeyLength"/> that hold <see cref="Access"/>.</summary>
    internal const uint AccessMask = 0xFFFFFF;

    /// <summary>
    /// <see cref="Access"/> in the low 24 bits, the length of a name kept inside the entry in the next
    /// 7 (at most <see cref="MaxInlineKeyLength"/>), <see cref="HasExpiry"/> in the top one: one field
    /// where three took 16 bytes.
    /// </summary>
    private uint _accessAndKeyLength;

    private const int KeyLengthShift = 24;
    private const uint KeyLengthMask = 0x7F;
    private const uint ExpiryBit = 1u << 31;

    /// <summary>The length of a name kept inside the entry (<see cref="InlineKeyEntry{TBytes}"/>).</summary>
    private protected int InlineKeyLength
    {
        get => (int)((_accessAndKeyLength >> KeyLengthShift) & KeyLengthMask);
        set => _accessAndKeyLength = (_accessAndKeyLength & ~(KeyLengthMask << KeyLengthShift)) | ((uint)value << KeyLengthShift);
    }

    /// <summary>Whether the key has an expiry time, which its table's <see cref="ExpiryIndex"/> keeps (and sets this).</summary>
    public bool HasExpiry
    {
        get => (_accessAndKeyLength & ExpiryBit) != 0;
        internal set => _accessAndKeyLength = value ? _accessAndKeyLength | ExpiryBit : _accessAndKeyLength & ~ExpiryBit;
    }

    /// <summary>The bytes this key was last counted for in the keyspace's memory total (<see cref="DatabaseMemory"/>), a multiple of 8; -1 once removed.</summary>
    internal long AccountedBytes
    {
        get => _accountedUnits == uint.MaxValue ? -1 : (long)_accountedUnits << 3;
        set
        {
            Debug.Assert(value < 0 || (value & 7) == 0, "DatabaseMemory.Of counts in 8-byte units");
            _accountedUnits = value < 0 ? uint.MaxValue : (uint)Math.Min(value >> 3, uint.MaxValue - 1);
        }
    }

    /// <summary>
    /// <see cref="AccountedBytes"/> in 8-byte units (up to 32 GB), uint.MaxValue once removed: 4 bytes
    /// where a long would make every entry 8 bytes larger.
    /// </summary>
    private uint _accountedUnits;
}
