using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Basalt.Persistence.Rdb;

namespace Basalt.Tools;

/// <summary>
/// <c>basalt rdb FILE --json</c>: one JSON document for scripts, streamed (keys are written as they
/// are read, so a file of millions of keys needs no memory for them):
/// <code>
/// {"file": "...", "keys": [{"db", "key", "type", "encoding", "bytes", "elements", "expire_ms", "expire", "expired"}...],
///  "aux": {"name": "value"...}, "functions": ["lib"...], "version", "bytes", "checksum", "error"}
/// </code>
/// Names that are not valid UTF-8 also come as "key_base64" (or "value_base64" under "aux_base64"),
/// so that scripts can get their exact bytes. A corrupt file still gives a complete document,
/// with "error" set.
/// </summary>
internal sealed class RdbInspectJsonOutput : IRdbInspectOutput
{
    private const int FlushThreshold = 64 * 1024;

    private readonly TextWriter _output;
    private readonly long _nowMs;
    private readonly ArrayBufferWriter<byte> _buffer = new();
    private readonly Utf8JsonWriter _json;
    private readonly List<(byte[] Name, byte[] Value)> _aux = [];
    private readonly List<byte[]> _functions = [];

    public RdbInspectJsonOutput(TextWriter output, string fileName, long nowMs)
    {
        _output = output;
        _nowMs = nowMs;
        _json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        _json.WriteStartObject();
        _json.WriteString("file", fileName);
        _json.WriteStartArray("keys");
    }

    public void Aux(byte[] name, byte[] value) => _aux.Add((name, value));

    public void Function(byte[] libraryName) => _functions.Add(libraryName);

    public void Key(RdbKeyRecord key)
    {
        _json.WriteStartObject();
        _json.WriteNumber("db", key.Db);
        WriteBytes("key", key.Key);
        _json.WriteString("type", key.Type);
        _json.WriteString("encoding", key.Encoding);
        _json.WriteNumber("bytes", key.SerializedBytes);
        _json.WriteNumber("elements", key.Elements);
        if (key.ExpireAtMs == -1)
        {
            _json.WriteNull("expire_ms");
            _json.WriteNull("expire");
            _json.WriteBoolean("expired", false);
        }
        else
        {
            _json.WriteNumber("expire_ms", key.ExpireAtMs);
            _json.WriteString("expire", RdbExpiryText.Iso(key.ExpireAtMs));
            _json.WriteBoolean("expired", key.ExpireAtMs < _nowMs);
        }
        _json.WriteEndObject();
        FlushIfFull();
    }

    public void Completed(RdbReadResult result)
    {
        WriteTail();
        _json.WriteNumber("version", result.Version);
        _json.WriteNumber("bytes", result.BytesRead);
        _json.WriteString("checksum", result.Checksum switch
        {
            RdbChecksumStatus.Verified => "ok",
            RdbChecksumStatus.Disabled => "disabled",
            RdbChecksumStatus.NotVerified => "not-verified",
            _ => "absent",
        });
        _json.WriteNull("error");
        End();
    }

    public void Failed(RdbFormatException error)
    {
        WriteTail();
        _json.WriteStartObject("error");
        _json.WriteString("message", error.Message);
        _json.WriteNumber("offset", error.Offset);
        _json.WriteString("stage", error.Stage);
        if (error.Key is null)
        {
            _json.WriteNull("key");
        }
        else
        {
            WriteBytes("key", error.Key);
        }
        _json.WriteEndObject();
        End();
    }

    /// <summary>What is known only once the keys are out: AUX fields and functions (few and small).</summary>
    private void WriteTail()
    {
        _json.WriteEndArray();
        _json.WriteStartObject("aux");
        foreach (var (name, value) in _aux)
        {
            _json.WriteString(Text(name), Text(value));
        }
        _json.WriteEndObject();
        if (_aux.Exists(a => !IsUtf8(a.Name) || !IsUtf8(a.Value)))
        {
            _json.WriteStartObject("aux_base64");
            foreach (var (name, value) in _aux)
            {
                _json.WriteString(Text(name), Convert.ToBase64String(value));
            }
            _json.WriteEndObject();
        }
        _json.WriteStartArray("functions");
        foreach (var name in _functions)
        {
            _json.WriteStringValue(Text(name));
        }
        _json.WriteEndArray();
    }

    private void End()
    {
        _json.WriteEndObject();
        _json.Flush();
        Drain();
        _output.Write('\n');
        _output.Flush();
    }

    private void WriteBytes(string property, byte[] bytes)
    {
        _json.WriteString(property, Text(bytes));
        if (!IsUtf8(bytes))
        {
            _json.WriteString(property + "_base64", Convert.ToBase64String(bytes));
        }
    }

    private void FlushIfFull()
    {
        if (_json.BytesPending + _buffer.WrittenCount >= FlushThreshold)
        {
            _json.Flush();
            Drain();
        }
    }

    /// <summary>The writer emits whole tokens, so the buffer always ends on a character boundary.</summary>
    private void Drain()
    {
        _output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        _buffer.ResetWrittenCount();
    }

    private static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    private static bool IsUtf8(byte[] bytes) => System.Text.Unicode.Utf8.IsValid(bytes);
}
