using Basalt.Config;

namespace Basalt.Persistence.Rdb;

/// <summary>
/// What decides how loaded values are held (the encoding thresholds of the configuration, as
/// Redis's loader reads them from the server) and how strictly they are checked.
/// </summary>
/// <param name="DeepSanitize">sanitize-dump-payload in effect: check every entry of compact
/// encodings for duplicates and consistency. Without it, blobs are still walked entry by entry
/// (a listpack's count must be known, and no corrupt blob may reach the commands), but pairs are
/// not checked for duplicate fields, as Redis does not.</param>
/// <param name="Databases">The number of databases, for sinks deciding whether a SELECTDB is acceptable.</param>
/// <param name="VerifyChecksum">False when rdbchecksum is no: the CRC trailer is read but not compared.</param>
/// <param name="CheckMode">redis-check-rdb's mode: module values (MODULE_2) and MODULE_AUX
/// data are parsed and skipped instead of failing for want of the module.</param>
public sealed record RdbLoadOptions(
    long HashMaxListpackEntries = 512,
    long HashMaxListpackValue = 64,
    long ZsetMaxListpackEntries = 128,
    long ZsetMaxListpackValue = 64,
    long SetMaxIntsetEntries = 512,
    int ListMaxListpackSize = -2,
    long StreamNodeMaxBytes = 4096,
    long StreamNodeMaxEntries = 100,
    bool DeepSanitize = false,
    int Databases = 16,
    bool VerifyChecksum = true,
    bool CheckMode = false)
{
    /// <summary>Redis 7.0's defaults.</summary>
    public static RdbLoadOptions Default { get; } = new();

    /// <summary>The thresholds of <paramref name="config"/>; sanitization as its caller decides (yes, or clients for RESTORE).</summary>
    public static RdbLoadOptions FromConfig(ServerConfig config, bool deepSanitize) => new(
        config.HashMaxListpackEntries,
        config.HashMaxListpackValue,
        config.ZsetMaxListpackEntries,
        config.ZsetMaxListpackValue,
        config.SetMaxIntsetEntries,
        config.ListMaxListpackSize,
        config.StreamNodeMaxBytes,
        config.StreamNodeMaxEntries,
        deepSanitize,
        config.Databases,
        config.RdbChecksum);
}
