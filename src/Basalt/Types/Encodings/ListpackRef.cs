using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using Basalt.Text;
using static Basalt.Types.Encodings.Listpack;

namespace Basalt.Types.Encodings;

/// <summary>
/// What a <see cref="Listpack"/> does, on a buffer kept in a field of its owner's: a growing or
/// shrinking listpack gets a new array, which this writes back into that field. A small hash or
/// sorted set keeps its listpack's array itself this way, without a <see cref="Listpack"/> object
/// (24 bytes on the 64-bit CoreCLR), as a set keeps its intset's. The <see cref="Listpack"/> class
/// is this over its own field, for owners of many (list and stream nodes, files).
/// </summary>
public readonly ref struct ListpackRef
{
    private readonly ref byte[] _buffer;

    public ListpackRef(ref byte[] buffer)
    {
        _buffer = ref buffer;
    }

    /// <summary>
    /// The listpack whose array an owner keeps in a field typed <c>object</c> (a small hash's or
    /// sorted set's one encoding field), which it replaces there when it grows or shrinks.
    /// </summary>
    internal static ListpackRef InField(ref object field)
    {
        // Never reinterpret another object as an array.
        if (field is not byte[])
        {
            throw new InvalidOperationException("not a listpack");
        }
        return new(ref Unsafe.As<object, byte[]>(ref field));
    }

    /// <summary>The buffer; only its first <see cref="ByteLength"/> bytes are the listpack.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Size of the listpack in bytes (its total_bytes header).</summary>
    public int ByteLength
    {
        get => (int)BinaryPrimitives.ReadUInt32LittleEndian(_buffer);
        private set => BinaryPrimitives.WriteUInt32LittleEndian(_buffer, (uint)value);
    }

    /// <summary>
    /// Number of entries, exact even when the header says unknown (lpLength): then the entries are
    /// counted, and the count is written back when it fits the header again.
    /// </summary>
    public int Count
    {
        get
        {
            int header = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));
            if (header != UnknownCount)
            {
                return header;
            }
            var count = 0;
            for (var pos = First; pos >= 0; pos = Next(pos))
            {
                count++;
            }
            if (count < UnknownCount)
            {
                SetHeaderCount(count);
            }
            return count;
        }
    }

    /// <summary>Exactly the Redis blob.</summary>
    public ReadOnlySpan<byte> AsSpan() => _buffer.AsSpan(0, ByteLength);

    /// <summary>The heap bytes of the array, room included (for memory accounting).</summary>
    public long BufferBytes => Keyspace.DatabaseMemory.ByteArray(_buffer.Length);

    /// <summary>Position of the first entry, or -1 when empty.</summary>
    public int First => _buffer[HeaderSize] == Eof ? -1 : HeaderSize;

    /// <summary>Position of the last entry, or -1 when empty.</summary>
    public int Last => _buffer[HeaderSize] == Eof ? -1 : Prev(ByteLength - 1);

    /// <summary>Position of the entry after <paramref name="pos"/>, or -1 at the end.</summary>
    public int Next(int pos)
    {
        var next = Skip(pos);
        return _buffer[next] == Eof ? -1 : next;
    }

    /// <summary>Position of the entry before <paramref name="pos"/>, or -1 at the start.
    /// <paramref name="pos"/> may also be the terminator's position.</summary>
    public int Prev(int pos)
    {
        if (pos <= HeaderSize)
        {
            return -1;
        }
        var encodedSize = DecodeBacklen(_buffer, pos - 1);
        return pos - (int)encodedSize - BacklenSize((long)encodedSize);
    }

    /// <summary>
    /// Position of the entry at <paramref name="index"/> (negative counts from the tail, -1 being
    /// the last), or -1 when out of range. Walks from whichever end is nearer, as lpSeek.
    /// </summary>
    public int Seek(long index)
    {
        if (index < 0)
        {
            index += Count;
        }
        if (index < 0 || index >= Count)
        {
            return -1;
        }
        if (index > Count / 2)
        {
            var pos = Last;
            for (var i = Count - 1; i > index; i--)
            {
                pos = Prev(pos);
            }
            return pos;
        }
        else
        {
            var pos = HeaderSize;
            for (var i = 0; i < index; i++)
            {
                pos = Skip(pos);
            }
            return pos;
        }
    }

    /// <summary>The entry at <paramref name="pos"/>.</summary>
    public ListpackEntry Get(int pos)
    {
        var b = _buffer;
        var first = b[pos];
        if (first < 0x80)
        {
            return new ListpackEntry(first);
        }
        switch (first >> 4)
        {
            case 0x8:
            case 0x9:
            case 0xA:
            case 0xB:
                return new ListpackEntry(b.AsSpan(pos + 1, first & 0x3F));
            case 0xC:
            case 0xD:
                {
                    var raw = ((first & 0x1F) << 8) | b[pos + 1];
                    return new ListpackEntry(raw >= 4096 ? raw - 8192 : raw);
                }
            case 0xE:
                return new ListpackEntry(b.AsSpan(pos + 2, ((first & 0x0F) << 8) | b[pos + 1]));
        }
        return first switch
        {
            0xF0 => new ListpackEntry(b.AsSpan(pos + 5, (int)BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(pos + 1)))),
            0xF1 => new ListpackEntry(BinaryPrimitives.ReadInt16LittleEndian(b.AsSpan(pos + 1))),
            0xF2 => new ListpackEntry(((b[pos + 1] | (b[pos + 2] << 8) | (b[pos + 3] << 16)) << 8) >> 8),
            0xF3 => new ListpackEntry(BinaryPrimitives.ReadInt32LittleEndian(b.AsSpan(pos + 1))),
            0xF4 => new ListpackEntry(BinaryPrimitives.ReadInt64LittleEndian(b.AsSpan(pos + 1))),
            // Only reachable on a corrupt buffer; lpGet answers the same marker value.
            _ => new ListpackEntry(12345678900000000L + first),
        };
    }

    /// <summary>
    /// lpFind: from <paramref name="startPos"/>, compares every (skip+1)-th entry with
    /// <paramref name="value"/> and returns the position of the first equal one, or -1.
    /// With skip 1 it looks up fields of a field/value listpack.
    /// </summary>
    public int Find(int startPos, ReadOnlySpan<byte> value, int skip)
    {
        if (startPos < 0)
        {
            return -1;
        }
        var isInteger = RedisNumber.TryParseInt64(value, out var integer);
        var b = _buffer;
        var pos = startPos;
        var skipCount = 0;
        while (b[pos] != Eof)
        {
            if (skipCount == 0)
            {
                var entry = Get(pos);
                if (entry.IsInteger ? isInteger && entry.Integer == integer : entry.Bytes.SequenceEqual(value))
                {
                    return pos;
                }
                skipCount = skip;
            }
            else
            {
                skipCount--;
            }
            pos = Skip(pos);
        }
        return -1;
    }

    public void Append(ReadOnlySpan<byte> value) => InsertString(ByteLength - 1, 0, value, isInsert: true);

    public void Append(long value) => InsertInteger(ByteLength - 1, 0, value, isInsert: true);

    public void Prepend(ReadOnlySpan<byte> value) => InsertString(HeaderSize, 0, value, isInsert: true);

    public void Prepend(long value) => InsertInteger(HeaderSize, 0, value, isInsert: true);

    /// <summary>
    /// Inserts before or after the entry at <paramref name="pos"/> (the terminator's position,
    /// <see cref="ByteLength"/> - 1, appends); returns the new entry's position.
    /// </summary>
    public int Insert(int pos, ReadOnlySpan<byte> value, bool after)
    {
        var at = after && _buffer[pos] != Eof ? Skip(pos) : pos;
        InsertString(at, 0, value, isInsert: true);
        return at;
    }

    /// <summary>
    /// Inserts before or after the entry at <paramref name="pos"/> (the terminator's position,
    /// <see cref="ByteLength"/> - 1, appends); returns the new entry's position.
    /// </summary>
    public int Insert(int pos, long value, bool after)
    {
        var at = after && _buffer[pos] != Eof ? Skip(pos) : pos;
        InsertInteger(at, 0, value, isInsert: true);
        return at;
    }

    /// <summary>Replaces the entry at <paramref name="pos"/>; returns its position (unchanged).</summary>
    public int Replace(int pos, ReadOnlySpan<byte> value)
    {
        InsertString(pos, Skip(pos) - pos, value, isInsert: false);
        return pos;
    }

    /// <summary>Replaces the entry at <paramref name="pos"/>; returns its position (unchanged).</summary>
    public int Replace(int pos, long value)
    {
        InsertInteger(pos, Skip(pos) - pos, value, isInsert: false);
        return pos;
    }

    /// <summary>Deletes the entry at <paramref name="pos"/>; returns the position of the entry that followed it, or -1.</summary>
    public int Delete(int pos) => DeleteEntries(pos, 1);

    /// <summary>
    /// Deletes up to <paramref name="count"/> entries starting at <paramref name="pos"/>; returns
    /// the position of the entry that followed them, or -1.
    /// </summary>
    public int DeleteEntries(int pos, int count)
    {
        var end = pos;
        var deleted = 0;
        while (deleted < count && _buffer[end] != Eof)
        {
            end = Skip(end);
            deleted++;
        }
        Resize(pos, end - pos, 0);
        AddToHeaderCount(-deleted);
        return _buffer[pos] == Eof ? -1 : pos;
    }

    /// <summary>
    /// lpDeleteRange: deletes up to <paramref name="count"/> entries starting at
    /// <paramref name="index"/> (negative counts from the tail); nothing when out of range.
    /// </summary>
    public void DeleteRange(long index, long count)
    {
        if (count <= 0)
        {
            return;
        }
        var pos = Seek(index);
        if (pos < 0)
        {
            return;
        }
        DeleteEntries(pos, (int)Math.Min(count, Count));
    }

    /// <summary>Removes every entry.</summary>
    public void Clear()
    {
        if (_buffer.Length > 64)
        {
            _buffer = new byte[AllocationSize(EmptySize)];
        }
        ByteLength = EmptySize;
        SetHeaderCount(0);
        _buffer[HeaderSize] = Eof;
    }

    /// <summary>
    /// Makes room for <paramref name="additionalBytes"/> more bytes of entries at once (within the
    /// 1 GB limit), for a command about to add several: adding them one by one would otherwise
    /// reallocate the buffer at almost every entry while it is small, garbage that the collector
    /// would have to clear or, once promoted, keep as holes in the heap.
    /// </summary>
    public void Reserve(long additionalBytes)
    {
        var wanted = Math.Min(ByteLength + additionalBytes, MaxSafetySize);
        if (wanted > _buffer.Length)
        {
            var target = new byte[AllocationSize((int)wanted)];
            AsSpan().CopyTo(target);
            _buffer = target;
        }
    }

    /// <summary>lpSafeToAdd: whether <paramref name="add"/> more bytes keep the listpack within 1 GB.</summary>
    public bool SafeToAdd(long add) => ByteLength + add <= MaxSafetySize;

    /// <summary>The position just past the entry at <paramref name="pos"/> (the next entry or the terminator).</summary>
    private int Skip(int pos)
    {
        var encodedSize = EncodedSize(_buffer, pos);
        return pos + (int)encodedSize + BacklenSize(encodedSize);
    }

    private void InsertString(int at, int replacedSize, ReadOnlySpan<byte> value, bool isInsert)
    {
        if (RedisNumber.TryParseInt64(value, out var n))
        {
            InsertInteger(at, replacedSize, n, isInsert);
            return;
        }
        if (value.Overlaps(_buffer))
        {
            // The value lives in this buffer, which is about to move under it.
            value = value.ToArray();
        }
        var encodedSize = StringEncodingSize(value.Length);
        var backlenSize = BacklenSize(encodedSize);
        Resize(at, replacedSize, encodedSize + backlenSize);
        var dst = _buffer.AsSpan(at);
        var header = WriteStringHeader(dst, value.Length);
        value.CopyTo(dst[header..]);
        WriteBacklen(dst[encodedSize..], encodedSize);
        if (isInsert)
        {
            AddToHeaderCount(1);
        }
    }

    private void InsertInteger(int at, int replacedSize, long value, bool isInsert)
    {
        Span<byte> encoded = stackalloc byte[MaxIntegerEncodingSize];
        var encodedSize = EncodeInteger(value, encoded);
        var backlenSize = BacklenSize(encodedSize);
        Resize(at, replacedSize, encodedSize + backlenSize);
        var dst = _buffer.AsSpan(at);
        encoded[..encodedSize].CopyTo(dst);
        WriteBacklen(dst[encodedSize..], encodedSize);
        if (isInsert)
        {
            AddToHeaderCount(1);
        }
    }

    /// <summary>
    /// Replaces <paramref name="removed"/> bytes at <paramref name="at"/> with room for
    /// <paramref name="inserted"/> bytes, moving the tail and growing or shrinking the buffer.
    /// </summary>
    private void Resize(int at, int removed, int inserted)
    {
        var oldLength = ByteLength;
        var newLength = (long)oldLength - removed + inserted;
        if (newLength > Array.MaxLength)
        {
            throw new InvalidOperationException("listpack too large");
        }
        var tail = oldLength - at - removed;
        var target = _buffer;
        // Shrinks only when entries go (not while a reserved buffer fills up).
        if (newLength > _buffer.Length || (newLength < oldLength && newLength < _buffer.Length / 2 && _buffer.Length > 64))
        {
            // Allocation sizes follow jemalloc's classes, so a grown listpack holds about what it holds in Redis.
            target = new byte[AllocationSize((int)newLength)];
            _buffer.AsSpan(0, at).CopyTo(target);
        }
        _buffer.AsSpan(at + removed, tail).CopyTo(target.AsSpan(at + inserted));
        _buffer = target;
        ByteLength = (int)newLength;
    }

    private void SetHeaderCount(int count) =>
        BinaryPrimitives.WriteUInt16LittleEndian(_buffer.AsSpan(4), (ushort)Math.Min(count, UnknownCount));

    /// <summary>
    /// Moves the header count by <paramref name="delta"/> entries; an unknown count stays unknown,
    /// as lpInsert and lpDelete leave it (<see cref="Count"/> counts and fixes it when read).
    /// </summary>
    private void AddToHeaderCount(int delta)
    {
        int header = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan(4));
        if (header != UnknownCount)
        {
            SetHeaderCount(header + delta);
        }
    }

    /// <summary>Appends every entry of the listpack <paramref name="blob"/> of <paramref name="count"/> entries (lpMerge's byte concatenation: entries carry no offsets).</summary>
    public void AppendAll(ReadOnlySpan<byte> blob, int count)
    {
        var entries = blob[HeaderSize..^1];
        if (entries.Overlaps(_buffer))
        {
            entries = entries.ToArray();
        }
        var at = ByteLength - 1;
        Resize(at, 0, entries.Length);
        entries.CopyTo(_buffer.AsSpan(at));
        AddToHeaderCount(count);
    }
}
