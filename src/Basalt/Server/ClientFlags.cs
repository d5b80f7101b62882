namespace Basalt.Server;

[Flags]
public enum ClientFlags
{
    None = 0,
    /// <summary>Inside MULTI: commands are queued.</summary>
    Multi = 1 << 0,
    /// <summary>A command was rejected while queuing: EXEC must abort (EXECABORT).</summary>
    DirtyExec = 1 << 1,
    /// <summary>Close the connection once the pending replies are sent (QUIT, protocol error).</summary>
    CloseAfterReply = 1 << 2,
    Monitor = 1 << 3,
    NoEvict = 1 << 4,
    /// <summary>Close as soon as possible without sending more (CLIENT KILL).</summary>
    CloseAsap = 1 << 5,
    UnixSocket = 1 << 6,
    NoTouch = 1 << 7,
    /// <summary>CLIENT REPLY OFF: replies are discarded until CLIENT REPLY ON.</summary>
    ReplyOff = 1 << 8,
    /// <summary>The reply of the command being run is discarded (set by CLIENT REPLY SKIP for the next one).</summary>
    ReplySkip = 1 << 9,
    /// <summary>CLIENT REPLY SKIP was just run: the next command's reply is discarded.</summary>
    ReplySkipNext = 1 << 10,
    /// <summary>The client cannot block (inside EXEC): MONITOR and blocking commands refuse or do not wait.</summary>
    DenyBlocking = 1 << 11,
    /// <summary>Waiting in a blocking command (BLPOP...): the connection runs nothing else until released.</summary>
    Blocked = 1 << 12,
    /// <summary>Subscribed to a channel, pattern or shard channel: in RESP2 only the pub/sub commands run.</summary>
    PubSub = 1 << 13,
    /// <summary>
    /// The command's reply is a push (a pub/sub confirmation), which CLIENT REPLY OFF/SKIP do not
    /// drop (Redis's CLIENT_PUSHING); set only while a reply mode is on, cleared with it.
    /// </summary>
    Pushing = 1 << 14,
}
