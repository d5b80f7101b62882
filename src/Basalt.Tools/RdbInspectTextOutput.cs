using System.Globalization;
using System.Text;
using Basalt.Persistence.Rdb;
using Basalt.Text;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt rdb FILE</c> for people: the AUX fields and function libraries, one line per key
/// (names quoted as redis-cli quotes them, so binary keys stay readable), then a summary.
/// </summary>
internal sealed class RdbInspectTextOutput(TextWriter output, string fileName, long nowMs) : IRdbInspectOutput
{
    private static readonly string Columns = $"{"db",-3} {"type",-7} {"encoding",-10} {"bytes",12} {"elements",10}  {"expires at",-40} key";

    private bool _headerWritten;
    private long _keys;
    private long _withExpire;
    private long _expired;
    private long _empty;
    private readonly SortedSet<int> _databases = [];

    public void Aux(byte[] name, byte[] value) =>
        output.Write($"aux {Repr.Quote(name)} = {Repr.Quote(value)}\n");

    public void Function(byte[] libraryName) => output.Write($"function library {Repr.Quote(libraryName)}\n");

    public void Key(RdbKeyRecord key)
    {
        if (!_headerWritten)
        {
            output.Write(Columns + "\n");
            _headerWritten = true;
        }
        _keys++;
        _databases.Add(key.Db);
        var expiry = "-";
        if (key.Type == "empty")
        {
            _empty++;
        }
        if (key.ExpireAtMs != -1)
        {
            _withExpire++;
            var expired = key.ExpireAtMs < nowMs;
            _expired += expired ? 1 : 0;
            expiry = $"{key.ExpireAtMs} {RdbExpiryText.Iso(key.ExpireAtMs)}{(expired ? " (expired)" : "")}";
        }
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"{key.Db,-3} {key.Type,-7} {key.Encoding,-10} {key.SerializedBytes,12} {key.Elements,10}  {expiry,-40} {Repr.Quote(key.Key)}\n"));
    }

    public void Completed(RdbReadResult result)
    {
        var checksum = result.Checksum switch
        {
            RdbChecksumStatus.Verified => "checksum OK",
            RdbChecksumStatus.Disabled => "saved without checksum",
            RdbChecksumStatus.NotVerified => "checksum not verified",
            _ => "no checksum (version < 5)",
        };
        output.Write(string.Create(CultureInfo.InvariantCulture,
            $"{fileName}: RDB version {result.Version}, {result.BytesRead} bytes, {checksum}\n"));
        WriteCounts();
    }

    public void Failed(RdbFormatException error) => WriteCounts();

    private void WriteCounts()
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{_keys} keys in {_databases.Count} database{(_databases.Count == 1 ? "" : "s")}");
        text.Append(CultureInfo.InvariantCulture, $", {_withExpire} with an expire ({_expired} already expired)");
        if (_empty > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $", {_empty} empty (skipped on load)");
        }
        output.Write(text.Append('\n').ToString());
    }
}
