using System.Diagnostics;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>A tmpfs of a given size mounted on a directory for the length of a test (needs CAP_SYS_ADMIN).</summary>
internal sealed class SmallTmpfs : IDisposable
{
    private readonly string _path;

    private SmallTmpfs(string path) => _path = path;

    /// <summary>True when this process may mount a tmpfs (probed once, on a throwaway directory).</summary>
    public static bool Permitted => LazyPermitted.Value;

    private static readonly Lazy<bool> LazyPermitted = new(() =>
    {
        var probe = Path.Combine(Path.GetTempPath(), "basalt-tests", $"tmpfs-probe-{Guid.NewGuid():N}");
        Directory.CreateDirectory(probe);
        try
        {
            if (!OperatingSystem.IsLinux() || Run("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", probe) != 0)
            {
                return false;
            }
            Run("umount", probe);
            return true;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
        finally
        {
            Directory.Delete(probe);
        }
    });

    public static SmallTmpfs Mount(string path, string size)
    {
        var code = Run("mount", "-t", "tmpfs", "-o", $"size={size}", "tmpfs", path);
        Assert.True(code == 0, $"mount -t tmpfs on {path} failed with {code}");
        return new SmallTmpfs(path);
    }

    /// <summary>Unmounts; the servers using it must have exited (the test disposes them first).</summary>
    public void Dispose() => Run("umount", _path);

    private static int Run(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        process.WaitForExit();
        return process.ExitCode;
    }
}

/// <summary>A theory skipped, with the reason, where a tmpfs cannot be mounted (not root, no CAP_SYS_ADMIN, not Linux).</summary>
public sealed class TmpfsTheoryAttribute : TheoryAttribute
{
    public TmpfsTheoryAttribute()
    {
        if (!SmallTmpfs.Permitted)
        {
            Skip = "needs permission to mount a tmpfs (run as root or with CAP_SYS_ADMIN) to fill a disk";
        }
    }
}
