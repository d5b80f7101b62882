using Basalt.Commands;
using Basalt.Protocol;

namespace Basalt.Server;

/// <summary>
/// A client with no connection that runs commands through the normal executor: what loads an AOF
/// (Redis's fake client) and what tests use to drive the server in-process. It is not listed in
/// CLIENT LIST and its replies are only kept until the next command.
/// </summary>
public sealed class InternalClient : IDisposable
{
    private readonly BasaltServer _server;
    private readonly CommandContext _context;
    private readonly ReplyWriter _reply = new();

    public InternalClient(BasaltServer server)
    {
        _server = server;
        Session = new ClientSession(server.Clients.NextId(), new DetachedChannel(), _reply, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        _context = new CommandContext(server, Session);
    }

    public ClientSession Session { get; }

    /// <summary>The reply of the last command run.</summary>
    public ReadOnlyMemory<byte> LastReply => _reply.Written;

    /// <summary>Runs one command (the caller holds the server lock) and returns its reply bytes.</summary>
    public ReadOnlyMemory<byte> Execute(CommandArgs args)
    {
        _reply.Clear();
        _context.Args = args;
        _server.Executor.BeginBatch();
        _server.Executor.Process(_context);
        return _reply.Written;
    }

    /// <summary>Runs a command read from an AOF (no checks, MULTI queues); false when the command is unknown.</summary>
    public bool ExecuteLoaded(CommandArgs args) => ExecuteLoaded(args, out _);

    /// <summary>
    /// <see cref="ExecuteLoaded(CommandArgs)"/>, also giving the command run (null when unknown). The
    /// arguments may point into a buffer the caller reuses: they are only read while the command runs.
    /// </summary>
    public bool ExecuteLoaded(CommandArgs args, out CommandSpec? spec)
    {
        _reply.Clear();
        _context.Args = args;
        return _server.Executor.ExecuteLoaded(_context, out spec);
    }

    /// <summary>Runs one command given as strings; for tests and tools.</summary>
    public ReadOnlyMemory<byte> Execute(params string[] args) => Execute(CommandArgs.FromStrings(args));

    public void Dispose() => _reply.Dispose();

    /// <summary>The connection an internal client does not have.</summary>
    private sealed class DetachedChannel : IClientChannel
    {
        public void SendOutOfBand(byte[] data)
        {
        }

        public void Close()
        {
        }

        public string RemoteAddress => "";

        public string LocalAddress => "";

        public (int Used, int Free) QueryBuffer => (0, 0);

        public int PendingOutput => 0;

        public (int Size, int Peak) ReplyBuffer => (0, 0);

        public (int Count, long Bytes) OutOfBandBacklog => (0, 0);

        public int FileDescriptor => -1;
    }
}
