using Basalt.Keyspace;
using Basalt.Protocol;

namespace Basalt.Server;

/// <summary>
/// The state of one client that commands read and change: selected database, authentication,
/// protocol version, transaction, watches, name, and the figures CLIENT LIST shows.
/// </summary>
public sealed class ClientSession
{
    public ClientSession(long id, IClientChannel channel, ReplyWriter reply, long nowMs)
    {
        Id = id;
        Channel = channel;
        Reply = reply;
        CreatedMs = nowMs;
        LastInteractionMs = nowMs;
    }

    public long Id { get; }

    public IClientChannel Channel { get; }

    public ReplyWriter Reply { get; }

    public int DbIndex { get; set; }

    public string Name { get; set; } = "";

    public string LibName { get; set; } = "";

    public string LibVersion { get; set; } = "";

    public bool Authenticated { get; set; }

    public string User { get; set; } = "default";

    public ClientFlags Flags { get; set; }

    public int Protocol
    {
        get => Reply.Protocol;
        set => Reply.Protocol = value;
    }

    public long CreatedMs { get; }

    public long LastInteractionMs { get; set; }

    /// <summary>The last command's full name, for CLIENT LIST cmd=.</summary>
    public string LastCommand { get; set; } = "NULL";

    /// <summary>Commands queued by MULTI, owned copies.</summary>
    public List<Commands.QueuedCommand> MultiQueue { get; } = [];

    public WatchState Watch { get; } = new();

    /// <summary>The channels and patterns listened to; null when none (see <see cref="PubSub.PubSubHub"/>).</summary>
    public PubSub.ClientSubscriptions? Subscriptions { get; set; }

    public bool Has(ClientFlags flag) => (Flags & flag) != 0;

    public void Set(ClientFlags flag) => Flags |= flag;

    public void Clear(ClientFlags flag) => Flags &= ~flag;
}
