using System.Text;

namespace Basalt.Protocol;

/// <summary>
/// The arguments of one command as ranges into a byte buffer. The parser fills an instance that
/// points into the connection's receive buffer (zero-copy); <see cref="Clone"/> makes an owned
/// copy for commands that must outlive the buffer (MULTI queue, slowlog, blocked clients).
/// </summary>
public sealed class CommandArgs
{
    private byte[] _buffer = [];
    private int[] _offsets = new int[8];
    private int[] _lengths = new int[8];

    public int Count { get; private set; }

    internal byte[] Buffer => _buffer;

    public ReadOnlySpan<byte> this[int index] => new(_buffer, _offsets[index], _lengths[index]);

    public ReadOnlyMemory<byte> Memory(int index) => new(_buffer, _offsets[index], _lengths[index]);

    public int Length(int index) => _lengths[index];

    public byte[] ToArray(int index) => this[index].ToArray();

    public string ToStringAt(int index) => Encoding.UTF8.GetString(this[index]);

    /// <summary>
    /// ASCII-case-insensitive comparison with an option keyword such as "NX", as Redis's strcasecmp
    /// compares: the argument ends at its first NUL byte, so "nx\0anything" is NX too.
    /// </summary>
    public bool Is(int index, string keyword)
    {
        var span = this[index];
        var nul = span.IndexOf((byte)0);
        if (nul >= 0)
        {
            span = span[..nul];
        }
        if (span.Length != keyword.Length)
        {
            return false;
        }
        for (var i = 0; i < span.Length; i++)
        {
            var c = span[i];
            if (c is >= (byte)'a' and <= (byte)'z')
            {
                c -= 32;
            }
            var k = keyword[i];
            if (k is >= 'a' and <= 'z')
            {
                k = (char)(k - 32);
            }
            if (c != k)
            {
                return false;
            }
        }
        return true;
    }

    internal void Reset(byte[] buffer)
    {
        _buffer = buffer;
        Count = 0;
    }

    internal void Add(int offset, int length)
    {
        if (Count == _offsets.Length)
        {
            Array.Resize(ref _offsets, Count * 2);
            Array.Resize(ref _lengths, Count * 2);
        }
        _offsets[Count] = offset;
        _lengths[Count] = length;
        Count++;
    }

    /// <summary>Rebases offsets after the underlying buffer was compacted or moved.</summary>
    internal void Rebase(byte[] buffer, int delta)
    {
        _buffer = buffer;
        for (var i = 0; i < Count; i++)
        {
            _offsets[i] += delta;
        }
    }

    public static CommandArgs FromStrings(params string[] args)
    {
        var bytes = new byte[args.Length][];
        for (var i = 0; i < args.Length; i++)
        {
            bytes[i] = Encoding.UTF8.GetBytes(args[i]);
        }
        return FromBytes(bytes);
    }

    public static CommandArgs FromBytes(IReadOnlyList<byte[]> args)
    {
        var total = 0;
        foreach (var a in args)
        {
            total += a.Length;
        }
        var buffer = new byte[total];
        var result = new CommandArgs();
        result.Reset(buffer);
        var pos = 0;
        foreach (var a in args)
        {
            a.CopyTo(buffer, pos);
            result.Add(pos, a.Length);
            pos += a.Length;
        }
        return result;
    }

    /// <summary>An owned copy whose bytes do not depend on the receive buffer.</summary>
    public CommandArgs Clone()
    {
        var total = 0;
        for (var i = 0; i < Count; i++)
        {
            total += _lengths[i];
        }
        var buffer = new byte[total];
        var copy = new CommandArgs();
        copy.Reset(buffer);
        var pos = 0;
        for (var i = 0; i < Count; i++)
        {
            this[i].CopyTo(buffer.AsSpan(pos));
            copy.Add(pos, _lengths[i]);
            pos += _lengths[i];
        }
        return copy;
    }

    /// <summary>Every argument as its own array.</summary>
    public byte[][] ToArrays()
    {
        var result = new byte[Count][];
        for (var i = 0; i < Count; i++)
        {
            result[i] = ToArray(i);
        }
        return result;
    }
}
