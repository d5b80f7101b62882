using System.Text;
using Basalt.Persistence.Rdb;
using Basalt.Types;

namespace Basalt.Tests.Persistence;

/// <summary>An <see cref="IRdbLoadSink"/> that keeps everything it is told, for assertions.</summary>
internal sealed class RecordingRdbSink : IRdbLoadSink
{
    public sealed record LoadedKey(RedisObject Value, long ExpireAtMs, long LruIdle, int LfuFrequency);

    public List<(string Key, string Value)> Aux { get; } = [];

    public List<string> Functions { get; } = [];

    public SortedDictionary<int, SortedDictionary<string, LoadedKey>> Databases { get; } = [];

    public List<string> EmptyKeys { get; } = [];

    public List<(ulong Keys, ulong Expires)> Resizes { get; } = [];

    public List<string> ModuleAux { get; } = [];

    public int CurrentDb { get; private set; }

    public void OnAux(byte[] key, byte[] value) => Aux.Add((Latin1(key), Latin1(value)));

    public void OnFunction(byte[] librarySource) => Functions.Add(Latin1(librarySource));

    public void OnSelectDb(int db) => CurrentDb = db;

    public void OnResizeDb(ulong keys, ulong expires) => Resizes.Add((keys, expires));

    public void OnKey(ReadOnlySpan<byte> key, RedisObject value, long expireAtMs, long lruIdleSeconds, int lfuFrequency)
    {
        if (!Databases.TryGetValue(CurrentDb, out var db))
        {
            db = new SortedDictionary<string, LoadedKey>(StringComparer.Ordinal);
            Databases[CurrentDb] = db;
        }
        db.Add(Latin1(key), new LoadedKey(value, expireAtMs, lruIdleSeconds, lfuFrequency));
    }

    public void OnEmptyKeySkipped(ReadOnlySpan<byte> key) => EmptyKeys.Add(Latin1(key));

    public void OnModuleAuxSkipped(string moduleName) => ModuleAux.Add(moduleName);

    public LoadedKey Get(string key, int db = 0) => Databases[db][key];

    public static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
