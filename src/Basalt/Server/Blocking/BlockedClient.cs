using Basalt.Commands;
using Basalt.Protocol;
using Basalt.Types;

namespace Basalt.Server.Blocking;

/// <summary>
/// A client waiting in a blocking command (Redis's client->bpop): the command and an owned copy
/// of its arguments, the keys it waits on, its deadline and how to serve it. Created by
/// <see cref="BlockingRegistry.Block"/>; all members are read and changed under the server lock,
/// except <see cref="Unblocked"/>, which the client's connection awaits.
/// </summary>
public sealed class BlockedClient
{
    private readonly TaskCompletionSource<bool> _unblocked = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal BlockedClient(CommandContext context, CommandSpec command, CommandArgs args, RedisType waitsFor,
        long deadlineMs, BlockedKeyHandler handler, object? state)
    {
        Context = context;
        Client = context.Client;
        Command = command;
        Args = args;
        DbIndex = context.Client.DbIndex;
        WaitsFor = waitsFor;
        DeadlineMs = deadlineMs;
        Handler = handler;
        State = state;
    }

    public ClientSession Client { get; }

    /// <summary>The client's own command context, which serving uses (its reply buffer and database).</summary>
    public CommandContext Context { get; }

    /// <summary>The blocking command, whose statistics the serving completes.</summary>
    public CommandSpec Command { get; }

    /// <summary>The blocking command's arguments (an owned copy: the receive buffer moves on).</summary>
    public CommandArgs Args { get; }

    public int DbIndex { get; }

    /// <summary>The value type whose arrival on a key serves this client (list, zset, stream).</summary>
    public RedisType WaitsFor { get; }

    /// <summary>Unix milliseconds after which the client times out; 0 waits forever.</summary>
    public long DeadlineMs { get; }

    public BlockedKeyHandler Handler { get; }

    /// <summary>Whatever the blocking command parsed and needs when served (direction, count, ids...).</summary>
    public object? State { get; }

    /// <summary>
    /// Also call the handler when a waited-on key is signalled but missing or of another type
    /// (XREADGROUP must then fail with -UNBLOCKED, as Redis's unblockDeletedStreamReadgroupClients).
    /// </summary>
    public bool ServeWhenGone { get; set; }

    /// <summary>
    /// The reply on timeout (and CLIENT UNBLOCK ... TIMEOUT); null means the null array, which is
    /// what Redis 7.0 replies to lists, sorted sets and streams.
    /// </summary>
    public Action<ReplyWriter>? TimeoutReply { get; set; }

    /// <summary>The keys waited on, each once, with the client's place in that key's queue.</summary>
    internal List<(byte[] Key, LinkedListNode<BlockedClient> Place)> Waits { get; } = [];

    /// <summary>How long the command ran before it blocked (c->duration), added to its statistics when served.</summary>
    internal long CallMicros { get; set; }

    /// <summary>
    /// Completes when the client stops waiting (served, timed out, unblocked): true when its
    /// reply is written and the connection may send it and go on, false when it disconnected.
    /// </summary>
    public Task<bool> Unblocked => _unblocked.Task;

    internal void Release(bool proceed) => _unblocked.TrySetResult(proceed);
}
