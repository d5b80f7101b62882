using Basalt.Keyspace;
using Basalt.Protocol;
using Basalt.Server;
using Basalt.Text;

namespace Basalt.Commands;

/// <summary>
/// Everything a command handler works with: the server, the client, the arguments and the reply.
/// One instance per connection is reused for every command (no allocation per command).
/// </summary>
public sealed class CommandContext
{
    public CommandContext(BasaltServer server, ClientSession client)
    {
        Server = server;
        Client = client;
    }

    public BasaltServer Server { get; }

    public ClientSession Client { get; }

    public CommandArgs Args { get; set; } = new();

    public CommandSpec Command { get; set; } = null!;

    public ReplyWriter Reply => Client.Reply;

    public DatabaseSet Databases => Server.Databases;

    public Database Db => Server.Databases[Client.DbIndex];

    /// <summary>A keyspace event on a key of the client's database (notifyKeyspaceEvent), published if configured.</summary>
    public void Notify(Config.Parameters.KeyspaceEventClasses type, string name, ReadOnlySpan<byte> key) =>
        Server.KeyspaceEvents.Notify(type, name, Client.DbIndex, key);

    /// <summary>A keyspace event on a key of database <paramref name="db"/> (MOVE, COPY ... DB).</summary>
    public void Notify(Config.Parameters.KeyspaceEventClasses type, string name, ReadOnlySpan<byte> key, int db) =>
        Server.KeyspaceEvents.Notify(type, name, db, key);

    public int ArgCount => Args.Count;

    public ReadOnlySpan<byte> Arg(int index) => Args[index];

    public bool Is(int index, string keyword) => Args.Is(index, keyword);

    private readonly List<int> _redacted = [];

    /// <summary>
    /// Hides argument <paramref name="index"/> of the running command (a password) from SLOWLOG and
    /// MONITOR, which show "(redacted)" in its place (redactClientCommandArgument).
    /// </summary>
    public void Redact(int index) => _redacted.Add(index);

    /// <summary>Whether <see cref="Redact"/> hid argument <paramref name="index"/> of the running command.</summary>
    public bool IsRedacted(int index) => _redacted.Count > 0 && _redacted.Contains(index);

    /// <summary>Called before each command runs, so that redactions apply to that command only.</summary>
    internal void ClearRedactions() => _redacted.Clear();

    /// <summary>Parses an integer argument, replying the standard error when it is not one.</summary>
    public bool TryGetLong(int index, out long value, string error = Errors.NotInteger)
    {
        if (RedisNumber.TryParseInt64(Args[index], out value))
        {
            return true;
        }
        Reply.Error(error);
        return false;
    }

    /// <summary>Parses a double argument (strtod semantics, no NaN), replying the standard error otherwise.</summary>
    public bool TryGetDouble(int index, out double value, string error = Errors.NotFloat)
    {
        if (RedisNumber.TryParseDouble(Args[index], out value))
        {
            return true;
        }
        Reply.Error(error);
        return false;
    }

    public void WrongType() => Reply.Error(Errors.WrongType);

    /// <summary>
    /// Finds a key for reading (lookupKeyRead) and checks that it holds a <typeparamref name="T"/>;
    /// false, after replying WRONGTYPE, when it holds another type. A missing key gives true and null.
    /// </summary>
    public bool TryRead<T>(ReadOnlySpan<byte> key, out T? value, out KeyEntry? entry) where T : Types.RedisObject =>
        CheckType(entry = Db.LookupRead(key), out value);

    public bool TryRead<T>(ReadOnlySpan<byte> key, out T? value) where T : Types.RedisObject => TryRead(key, out value, out _);

    /// <summary>
    /// Finds a key for an in-place change (lookupKeyWrite) and checks that it holds a
    /// <typeparamref name="T"/>; false after replying WRONGTYPE on a clash. The caller calls
    /// <see cref="Database.Modified"/> after changing the value.
    /// </summary>
    public bool TryWrite<T>(ReadOnlySpan<byte> key, out T? value, out KeyEntry? entry) where T : Types.RedisObject =>
        CheckType(entry = Db.LookupWrite(key), out value);

    private bool CheckType<T>(KeyEntry? entry, out T? value) where T : Types.RedisObject
    {
        value = entry?.Value as T;
        if (entry is not null && value is null)
        {
            WrongType();
            return false;
        }
        return true;
    }

    public void SyntaxError() => Reply.Error(Errors.Syntax);
}
