namespace Basalt.Persistence.Rdb;

/// <summary>
/// LZF as Redis 7.0 uses it for RDB string encoding 0xC3 and compressed quicklist nodes (liblzf 3.6
/// in lzf_c.c / lzf_d.c, built with HLOG 16, VERY_FAST, no table initialisation).
/// </summary>
/// <remarks>
/// Stream format, one control byte at a time:
/// <c>000LLLLL</c> + L+1 literal bytes;
/// <c>LLLooooo oooooooo</c> back reference of L+2 bytes (L 1..6), offset o+1;
/// <c>111ooooo LLLLLLLL oooooooo</c> back reference of L+9 bytes, offset o+1 (at most 8192 back).
/// <para>
/// <see cref="Compress"/> reproduces lzf_compress's choices byte for byte (same hash, same match
/// rules, same budget checks), so the files Basalt writes have the bytes Redis would write for the
/// same data. Redis's table lives uninitialised on the stack; stale slots there can only ever yield
/// genuine (verified) matches, and the fixtures show the output of a zero-initialised table, which
/// is what this port reproduces: each call sees an empty table.
/// </para>
/// </remarks>
public static class Lzf
{
    private const int HashLog = 16;
    private const int HashSize = 1 << HashLog;
    private const int MaxLiteral = 1 << 5;
    private const int MaxOffset = 1 << 13;
    private const int MaxReference = (1 << 8) + (1 << 3);

    // The 256 KB position table is kept per thread (BGSAVE compresses on its own thread) and is
    // never cleared between calls: an entry counts only when it is >= the current call's base, and
    // each call moves the base past every value the previous call could have stored.
    [ThreadStatic]
    private static int[]? t_table;

    [ThreadStatic]
    private static int t_base;

    /// <summary>
    /// Compresses <paramref name="input"/> into <paramref name="output"/> and returns the number of
    /// bytes written, or 0 when the compressed form does not fit in <paramref name="output"/>
    /// (Redis passes a budget of length - 4 and stores the string raw on 0).
    /// </summary>
    public static int Compress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var inLength = input.Length;
        var outEnd = output.Length;
        if (inLength == 0 || outEnd == 0)
        {
            return 0;
        }

        var table = t_table ??= new int[HashSize];
        var bias = t_base;
        if (bias <= 0 || bias > int.MaxValue - inLength)
        {
            Array.Clear(table);
            bias = 1;
        }
        t_base = bias + inLength;

        var ip = 0;
        var op = 1; // byte 0 is reserved for the control byte of the first literal run
        var lit = 0;
        var hash = inLength >= 2 ? (uint)((input[0] << 8) | input[1]) : 0u;

        while (ip < inLength - 2)
        {
            hash = (hash << 8) | input[ip + 2];
            var slot = SlotOf(hash);
            var stored = table[slot];
            table[slot] = bias + ip;

            // Position 0 is never referenced by liblzf (ref > in_data), so 0 doubles as "empty".
            var reference = stored >= bias ? stored - bias : 0;
            var offset = ip - reference - 1;
            if (reference > 0
                && offset >= 0
                && offset < MaxOffset
                && input[reference + 2] == input[ip + 2]
                && input[reference] == input[ip]
                && input[reference + 1] == input[ip + 1])
            {
                var maxLength = inLength - ip - 2;
                if (maxLength > MaxReference)
                {
                    maxLength = MaxReference;
                }

                // liblzf's conservative test first, then the exact one (a still-empty run is dropped).
                if (op + 3 + 1 >= outEnd && op - (lit == 0 ? 1 : 0) + 3 + 1 >= outEnd)
                {
                    return 0;
                }

                output[op - lit - 1] = (byte)(lit - 1); // close the literal run
                op -= lit == 0 ? 1 : 0;

                var length = MatchLength(input, reference, ip, maxLength);

                length -= 2;
                ip++;
                if (length < 7)
                {
                    output[op++] = (byte)((offset >> 8) + (length << 5));
                }
                else
                {
                    output[op++] = (byte)((offset >> 8) + (7 << 5));
                    output[op++] = (byte)(length - 7);
                }
                output[op++] = (byte)offset;

                lit = 0;
                op++; // reserve the next run's control byte

                ip += length + 1;
                if (ip >= inLength - 2)
                {
                    break;
                }

                // VERY_FAST: back up two bytes and hash the last two positions of the match.
                ip -= 2;
                hash = (uint)((input[ip] << 8) | input[ip + 1]);
                hash = (hash << 8) | input[ip + 2];
                table[SlotOf(hash)] = bias + ip;
                ip++;
                hash = (hash << 8) | input[ip + 2];
                table[SlotOf(hash)] = bias + ip;
                ip++;
            }
            else
            {
                if (op >= outEnd)
                {
                    return 0;
                }
                lit++;
                output[op++] = input[ip++];
                if (lit == MaxLiteral)
                {
                    output[op - lit - 1] = (byte)(lit - 1);
                    lit = 0;
                    op++;
                }
            }
        }

        // At most two input bytes remain, plus possibly one run control byte.
        if (op + 3 > outEnd)
        {
            return 0;
        }
        while (ip < inLength)
        {
            lit++;
            output[op++] = input[ip++];
            if (lit == MaxLiteral)
            {
                output[op - lit - 1] = (byte)(lit - 1);
                lit = 0;
                op++;
            }
        }
        output[op - lit - 1] = (byte)(lit - 1);
        op -= lit == 0 ? 1 : 0;
        return op;
    }

    /// <summary>
    /// Decompresses <paramref name="input"/> into <paramref name="output"/> and returns the number of
    /// bytes written. Corrupt input (truncated control sequence, back reference before the start of
    /// the output, more output than <paramref name="output"/> holds) throws
    /// <see cref="InvalidDataException"/>; nothing outside either span is ever touched.
    /// </summary>
    public static int Decompress(ReadOnlySpan<byte> input, Span<byte> output)
    {
        var written = Decode(input, output, out var errorOffset, out var error);
        if (error is not null)
        {
            throw new InvalidDataException($"Invalid LZF data at input offset {errorOffset}: {error}");
        }
        return written;
    }

    /// <summary>
    /// As <see cref="Decompress"/>, but reports corrupt input by returning false instead of throwing.
    /// </summary>
    public static bool TryDecompress(ReadOnlySpan<byte> input, Span<byte> output, out int written)
    {
        written = Decode(input, output, out _, out var error);
        if (error is not null)
        {
            written = 0;
            return false;
        }
        return true;
    }

    private static int SlotOf(uint hash) => (int)(((hash >> ((3 * 8) - HashLog)) - (hash * 5)) & (HashSize - 1));

    /// <summary>
    /// Length of the match at <paramref name="ip"/> against <paramref name="reference"/>, whose first
    /// 3 bytes are known equal, with liblzf's exact stopping rule: an unrolled run of 16 compares when
    /// more than 16 bytes may match (it can pass <paramref name="maxLength"/> by up to 2 bytes, which
    /// Redis's output then contains), then one byte at a time up to <paramref name="maxLength"/>.
    /// </summary>
    private static int MatchLength(ReadOnlySpan<byte> input, int reference, int ip, int maxLength)
    {
        var length = 2;
        if (maxLength > 16)
        {
            for (var i = 0; i < 16; i++)
            {
                length++;
                if (input[reference + length] != input[ip + length])
                {
                    return length;
                }
            }
        }
        do
        {
            length++;
        }
        while (length < maxLength && input[reference + length] == input[ip + length]);
        return length;
    }

    private static int Decode(ReadOnlySpan<byte> input, Span<byte> output, out int errorOffset, out string? error)
    {
        var ip = 0;
        var op = 0;
        while (ip < input.Length)
        {
            var controlOffset = ip;
            int control = input[ip++];
            if (control < MaxLiteral)
            {
                var count = control + 1;
                if (op + count > output.Length)
                {
                    return Fail(controlOffset, $"literal run of {count} bytes exceeds the output size {output.Length}", out errorOffset, out error);
                }
                if (ip + count > input.Length)
                {
                    return Fail(controlOffset, $"literal run of {count} bytes is truncated", out errorOffset, out error);
                }
                input.Slice(ip, count).CopyTo(output[op..]);
                ip += count;
                op += count;
                continue;
            }

            var length = control >> 5;
            var reference = op - ((control & 0x1F) << 8) - 1;
            if (ip >= input.Length)
            {
                return Fail(controlOffset, "back reference is truncated", out errorOffset, out error);
            }
            if (length == 7)
            {
                length += input[ip++];
                if (ip >= input.Length)
                {
                    return Fail(controlOffset, "back reference is truncated", out errorOffset, out error);
                }
            }
            reference -= input[ip++];
            length += 2;
            if (op + length > output.Length)
            {
                return Fail(controlOffset, $"back reference of {length} bytes exceeds the output size {output.Length}", out errorOffset, out error);
            }
            if (reference < 0)
            {
                return Fail(controlOffset, "back reference points before the start of the output", out errorOffset, out error);
            }

            if (op >= reference + length)
            {
                output.Slice(reference, length).CopyTo(output[op..]);
                op += length;
            }
            else if (op - reference == 1)
            {
                // A run of one byte: the usual overlap (the padding of a value, a string of one letter).
                output.Slice(op, length).Fill(output[reference]);
                op += length;
            }
            else
            {
                // An overlapping copy repeats the op - reference bytes before op. What is already
                // written from reference on repeats them, so it can be copied in chunks that double.
                while (length > 0)
                {
                    var chunk = Math.Min(op - reference, length);
                    output.Slice(reference, chunk).CopyTo(output[op..]);
                    op += chunk;
                    length -= chunk;
                }
            }
        }
        errorOffset = 0;
        error = null;
        return op;
    }

    private static int Fail(int offset, string message, out int errorOffset, out string? error)
    {
        errorOffset = offset;
        error = message;
        return -1;
    }
}
