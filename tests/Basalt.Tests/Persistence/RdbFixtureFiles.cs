namespace Basalt.Tests.Persistence;

/// <summary>
/// Locates the files real Redis 7.0.15 wrote under <c>shared/fixtures/redis-7.0</c> (a sibling of the
/// repository), and the raw pieces the persistence primitives are checked against.
/// </summary>
internal static class RdbFixtureFiles
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The <c>fixtures/redis-7.0</c> folder.</summary>
    public static string Root => LazyRoot.Value;

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    /// <summary>Every .rdb file Redis wrote intact (the deliberately damaged ones under corrupt/ excluded).</summary>
    public static IReadOnlyList<string> IntactRdbFiles()
    {
        var corrupt = Path.Combine(Root, "corrupt") + Path.DirectorySeparatorChar;
        return Directory.EnumerateFiles(Root, "*.rdb", SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(corrupt, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    private static string FindRoot()
    {
        var environment = Environment.GetEnvironmentVariable("BASALT_FIXTURES");
        if (!string.IsNullOrEmpty(environment) && Directory.Exists(environment))
        {
            return environment;
        }
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", "fixtures", "redis-7.0");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException(
            $"shared/fixtures/redis-7.0 not found above {AppContext.BaseDirectory} (set BASALT_FIXTURES)");
    }
}
