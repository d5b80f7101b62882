using Basalt.Commands;
using Basalt.Keyspace;

namespace Basalt.Server.Blocking;

/// <summary>
/// Serves a blocked client from a key that became ready: the blocking command's second half
/// (Redis's serveClientBlockedOnList and friends). It runs under the server lock with the blocked
/// client's own context: <c>ctx.Args</c> and <c>ctx.Command</c> are those of the blocking command,
/// <c>ctx.Db</c> is its database and <c>ctx.Reply</c> its reply buffer. <paramref name="entry"/> is
/// the key's live entry found with <see cref="Database.LookupWrite"/> (so the handler may change it
/// in place, then call <see cref="Database.Modified"/>). It holds a value of the type the client
/// waits for, except for clients that asked to hear about a key that is gone
/// (<see cref="BlockedClient.ServeWhenGone"/>): they also get null or a value of another type.
/// Returns true after replying (the client is unblocked), false to keep the client waiting.
/// </summary>
public delegate bool BlockedKeyHandler(CommandContext ctx, BlockedClient blocked, byte[] key, KeyEntry? entry);
