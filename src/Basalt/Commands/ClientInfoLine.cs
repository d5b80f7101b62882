using System.Globalization;
using System.Text;
using Basalt.Server;

namespace Basalt.Commands;

/// <summary>
/// One client as CLIENT LIST and CLIENT INFO describe it (catClientInfoString): Redis 7.0's fields
/// in its order. Figures Basalt does not have (tracking) are those of a client without it.
/// </summary>
public static class ClientInfoLine
{
    /// <summary>The bytes Redis counts per argument pointer in argv-mem, multi-mem and tot-mem.</summary>
    private const int ArgumentPointerSize = 8;

    /// <summary>
    /// Appends the line (without its newline). <paramref name="current"/> is the context of the
    /// client running the command: only that client has arguments in flight (argv-mem).
    /// </summary>
    public static void Append(StringBuilder sb, ClientSession client, CommandContext current) =>
        Append(sb, client, current.Databases.NowMs, current);

    /// <summary>The line of a client described outside any command (a log line), without its newline.</summary>
    public static string Describe(ClientSession client, long nowMs)
    {
        var sb = new StringBuilder(256);
        Append(sb, client, nowMs, null);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, ClientSession client, long nowMs, CommandContext? current)
    {
        var channel = client.Channel;
        var nowSeconds = nowMs / 1000;
        var (queryUsed, queryFree) = channel.QueryBuffer;
        var (replySize, replyPeak) = channel.ReplyBuffer;
        var (outOfBandCount, outOfBandBytes) = channel.OutOfBandBacklog;
        long argvMemory = 0;
        var running = current is not null && ReferenceEquals(client, current.Client);
        if (running)
        {
            for (var i = 0; i < current!.ArgCount; i++)
            {
                argvMemory += current.Args.Length(i);
            }
        }
        var multiMemory = MultiMemory(client);
        var totalMemory = outOfBandBytes + queryUsed + queryFree + replySize + argvMemory +
            (running ? current!.ArgCount * ArgumentPointerSize : 0) + multiMemory;

        var inv = CultureInfo.InvariantCulture;
        sb.Append(inv, $"id={client.Id} addr={channel.RemoteAddress} laddr={channel.LocalAddress} fd={channel.FileDescriptor}");
        sb.Append(inv, $" name={client.Name} age={nowSeconds - client.CreatedMs / 1000} idle={nowSeconds - client.LastInteractionMs / 1000}");
        sb.Append(" flags=").Append(Flags(client));
        sb.Append(inv, $" db={client.DbIndex} sub={client.Subscriptions?.Channels.Count ?? 0} psub={client.Subscriptions?.Patterns.Count ?? 0} ssub={client.Subscriptions?.ShardChannels.Count ?? 0} multi={(client.Has(ClientFlags.Multi) ? client.MultiQueue.Count : -1)}");
        sb.Append(inv, $" qbuf={queryUsed} qbuf-free={queryFree} argv-mem={argvMemory} multi-mem={multiMemory}");
        sb.Append(inv, $" rbs={replySize} rbp={replyPeak} obl={channel.PendingOutput} oll={outOfBandCount} omem={outOfBandBytes} tot-mem={totalMemory}");
        sb.Append(" events=").Append(outOfBandCount > 0 ? "rw" : "r");
        sb.Append(inv, $" cmd={client.LastCommand} user={client.User} redir=-1 resp={client.Protocol}");
    }

    /// <summary>The line of one client followed by a newline, as CLIENT INFO replies it.</summary>
    public static string Of(ClientSession client, CommandContext current)
    {
        var sb = new StringBuilder(256);
        Append(sb, client, current);
        return sb.Append('\n').ToString();
    }

    /// <summary>The flag letters in Redis's order; N when none applies.</summary>
    private static string Flags(ClientSession client)
    {
        Span<char> letters = stackalloc char[8];
        var n = 0;
        if (client.Has(ClientFlags.Monitor))
        {
            letters[n++] = 'O';
        }
        if (client.Has(ClientFlags.PubSub))
        {
            letters[n++] = 'P';
        }
        if (client.Has(ClientFlags.Multi))
        {
            letters[n++] = 'x';
        }
        if (client.Has(ClientFlags.Blocked))
        {
            letters[n++] = 'b';
        }
        if (client.Watch.Dirty)
        {
            letters[n++] = 'd';
        }
        if (client.Has(ClientFlags.CloseAfterReply))
        {
            letters[n++] = 'c';
        }
        if (client.Has(ClientFlags.CloseAsap))
        {
            letters[n++] = 'A';
        }
        if (client.Has(ClientFlags.UnixSocket))
        {
            letters[n++] = 'U';
        }
        if (client.Has(ClientFlags.NoEvict))
        {
            letters[n++] = 'e';
        }
        return n == 0 ? "N" : new string(letters[..n]);
    }

    /// <summary>multiStateMemOverhead's argv part: the queued arguments' bytes plus a pointer each.</summary>
    private static long MultiMemory(ClientSession client)
    {
        long total = 0;
        foreach (var queued in client.MultiQueue)
        {
            var args = queued.Args;
            for (var i = 0; i < args.Count; i++)
            {
                total += args.Length(i);
            }
            total += (long)args.Count * ArgumentPointerSize;
        }
        return total;
    }
}
