using System.Buffers;
using System.Text;

namespace Basalt.Text;

/// <summary>
/// Text that carries arbitrary bytes (PEP 383's "surrogateescape"): bytes that are valid UTF-8 decode
/// as usual, and every other byte b becomes the lone surrogate U+DC00+b, which no valid UTF-8 decodes
/// to. <see cref="Encoding"/> turns such text back into exactly the original bytes, so a key name
/// that is not UTF-8 prints as its raw bytes (as C's printf("%s") prints it) while UTF-8 names and
/// paths stay readable strings in between.
/// </summary>
public static class SurrogateEscape
{
    private const char EscapeBase = '\uDC00';

    /// <summary>Writes escaped text as the bytes it came from (valid text as UTF-8); no byte-order mark.</summary>
    public static Encoding Encoding { get; } = new EscapingEncoding();

    /// <summary>Decodes <paramref name="bytes"/> as UTF-8, escaping each byte that is not part of a valid sequence.</summary>
    public static string Decode(ReadOnlySpan<byte> bytes)
    {
        if (System.Text.Unicode.Utf8.IsValid(bytes))
        {
            return System.Text.Encoding.UTF8.GetString(bytes);
        }
        var text = new StringBuilder(bytes.Length);
        Span<char> pair = stackalloc char[2];
        while (!bytes.IsEmpty)
        {
            if (Rune.DecodeFromUtf8(bytes, out var rune, out var consumed) == OperationStatus.Done)
            {
                text.Append(pair[..rune.EncodeToUtf16(pair)]);
                bytes = bytes[consumed..];
            }
            else
            {
                text.Append((char)(EscapeBase + bytes[0]));
                bytes = bytes[1..];
            }
        }
        return text.ToString();
    }

    /// <summary>The text of bytes held one per char (<see cref="System.Text.Encoding.Latin1"/>), escaped as <see cref="Decode"/> does.</summary>
    public static string FromLatin1(string latin1) => Decode(System.Text.Encoding.Latin1.GetBytes(latin1));

    /// <summary>
    /// Encodes <paramref name="chars"/>; a high surrogate at the end is left in <paramref name="pendingHigh"/>
    /// unless <paramref name="flush"/> (a stream writer may cut a pair between two buffers).
    /// Returns the bytes written (or, with <paramref name="measureOnly"/>, that would be).
    /// </summary>
    private static int Encode(ReadOnlySpan<char> chars, Span<byte> bytes, bool measureOnly, ref char pendingHigh, bool flush)
    {
        var written = 0;
        Span<byte> utf8 = stackalloc byte[4];
        var i = 0;
        while (true)
        {
            char c;
            if (pendingHigh != 0)
            {
                c = pendingHigh;
                pendingHigh = '\0';
            }
            else if (i < chars.Length)
            {
                c = chars[i++];
            }
            else
            {
                break;
            }
            int n;
            if (char.IsHighSurrogate(c))
            {
                if (i == chars.Length && !flush)
                {
                    pendingHigh = c;
                    break;
                }
                if (i < chars.Length && char.IsLowSurrogate(chars[i]))
                {
                    n = new Rune(c, chars[i++]).EncodeToUtf8(utf8);
                }
                else
                {
                    n = Rune.ReplacementChar.EncodeToUtf8(utf8);
                }
            }
            else if (c is >= (char)(EscapeBase + 0x80) and <= (char)(EscapeBase + 0xFF))
            {
                utf8[0] = (byte)(c - EscapeBase);
                n = 1;
            }
            else if (char.IsSurrogate(c))
            {
                n = Rune.ReplacementChar.EncodeToUtf8(utf8);
            }
            else
            {
                n = new Rune(c).EncodeToUtf8(utf8);
            }
            if (!measureOnly)
            {
                utf8[..n].CopyTo(bytes[written..]);
            }
            written += n;
        }
        return written;
    }

    private sealed class EscapingEncoding : Encoding
    {
        public override string EncodingName => "UTF-8 with escaped bytes";

        public override int GetByteCount(char[] chars, int index, int count)
        {
            char pending = '\0';
            return Encode(chars.AsSpan(index, count), [], true, ref pending, flush: true);
        }

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex)
        {
            char pending = '\0';
            return Encode(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex), false, ref pending, flush: true);
        }

        // Decoding chunk by chunk (the default decoder) may escape the bytes of a sequence cut between
        // two chunks instead of decoding it; encoding the result still gives back the same bytes.
        public override int GetCharCount(byte[] bytes, int index, int count) => Decode(bytes.AsSpan(index, count)).Length;

        public override int GetChars(byte[] bytes, int byteIndex, int byteCount, char[] chars, int charIndex)
        {
            var text = Decode(bytes.AsSpan(byteIndex, byteCount));
            text.CopyTo(chars.AsSpan(charIndex));
            return text.Length;
        }

        // A char is at most 3 bytes (a pair is 4 for 2 chars), plus one pending high surrogate.
        public override int GetMaxByteCount(int charCount) => (charCount + 1) * 3;

        public override int GetMaxCharCount(int byteCount) => byteCount;

        public override Encoder GetEncoder() => new EscapingEncoder();
    }

    /// <summary>The stateful encoder a <see cref="StreamWriter"/> uses: keeps a high surrogate cut off at a buffer's end.</summary>
    private sealed class EscapingEncoder : Encoder
    {
        private char _pendingHigh;

        public override int GetByteCount(char[] chars, int index, int count, bool flush) =>
            GetByteCount(chars.AsSpan(index, count), flush);

        public override int GetByteCount(ReadOnlySpan<char> chars, bool flush)
        {
            var pending = _pendingHigh;
            return Encode(chars, [], true, ref pending, flush);
        }

        public override int GetBytes(char[] chars, int charIndex, int charCount, byte[] bytes, int byteIndex, bool flush) =>
            GetBytes(chars.AsSpan(charIndex, charCount), bytes.AsSpan(byteIndex), flush);

        public override int GetBytes(ReadOnlySpan<char> chars, Span<byte> bytes, bool flush) =>
            Encode(chars, bytes, false, ref _pendingHigh, flush);

        public override void Reset() => _pendingHigh = '\0';
    }
}
