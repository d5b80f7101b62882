namespace Basalt.Config;

/// <summary>Where a value being set comes from, for the parameters whose parsing depends on it.</summary>
internal sealed class ConfigSetContext
{
    public static readonly ConfigSetContext Runtime = new(readingConfigFile: false);
    public static readonly ConfigSetContext ConfigFile = new(readingConfigFile: true);

    private ConfigSetContext(bool readingConfigFile) => ReadingConfigFile = readingConfigFile;

    /// <summary>
    /// True while redis.conf is being read. Only <c>save</c> cares: in a file the first save line
    /// replaces the default save points and later ones add to it, while CONFIG SET replaces them.
    /// </summary>
    public bool ReadingConfigFile { get; }
}
