namespace Basalt.Tests.Persistence;

/// <summary>A fresh directory under the temp dir for a server's files, deleted with everything in it on dispose.</summary>
internal sealed class ScratchDirectory : IDisposable
{
    public ScratchDirectory(string purpose)
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "basalt-tests", $"{purpose}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string DumpFile => System.IO.Path.Combine(Path, "dump.rdb");

    /// <summary>A sub-directory, created.</summary>
    public string Sub(string name)
    {
        var dir = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(dir);
        return dir;
    }

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(Path))
            {
                Directory.Delete(Path, recursive: true);
            }
        }
        catch (IOException)
        {
            // A server that has not quite exited may still hold a file; the temp dir is cleaned eventually.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
