namespace Basalt.Server;

/// <summary>
/// The function libraries of the server, kept as their source text (<c>#!lua name=lib ...</c>).
/// Basalt has no script engine: libraries found in an RDB file are kept and written back to every
/// snapshot unchanged, so that a dataset moved from Redis and back loses none of them.
/// FLUSHALL does not remove them, as in Redis.
/// </summary>
public sealed class FunctionLibraries
{
    private readonly List<byte[]> _sources = [];

    public IReadOnlyList<byte[]> Sources => _sources;

    public int Count => _sources.Count;

    /// <summary>Adds a library; false when one with the same name exists (unless <paramref name="replace"/>).</summary>
    public bool Add(byte[] source, bool replace)
    {
        var name = NameOf(source);
        var existing = -1;
        for (var i = 0; i < _sources.Count && existing < 0; i++)
        {
            if (NameOf(_sources[i]).SequenceEqual(name))
            {
                existing = i;
            }
        }
        if (existing >= 0)
        {
            if (!replace)
            {
                return false;
            }
            _sources[existing] = source;
            return true;
        }
        _sources.Add(source);
        return true;
    }

    public void Clear() => _sources.Clear();

    /// <summary>The library name from the shebang line (<c>name=</c>), or empty when there is none.</summary>
    public static ReadOnlySpan<byte> NameOf(ReadOnlySpan<byte> source)
    {
        var end = source.IndexOf((byte)'\n');
        var shebang = end < 0 ? source : source[..end];
        var at = shebang.IndexOf("name="u8);
        if (at < 0)
        {
            return [];
        }
        var name = shebang[(at + 5)..];
        var stop = name.IndexOfAny((byte)' ', (byte)'\r');
        return stop < 0 ? name : name[..stop];
    }
}
