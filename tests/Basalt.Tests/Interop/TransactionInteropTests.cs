using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>MULTI/EXEC/DISCARD/WATCH with a second client, side by side with redis-server.</summary>
public sealed class TransactionInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Generated_transactions_match_redis() =>
        SideBySide.RunAsync("transactions", SideBySide.SeedFor(4001), g => g.Transactions(SideBySide.Scaled(1500)), output);

    [Fact]
    public Task Transaction_edge_cases_match_redis()
    {
        var s = new List<GeneratedCommand>
        {
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Exact, "DISCARD"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "SET", "a", "1"),
            Script.On(0, ReplyCheck.Exact, "WATCH", "a"),
            Script.On(0, ReplyCheck.Exact, "INCR", "a"),
            Script.On(0, ReplyCheck.Exact, "LPOP", "a"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // Queue-time error: EXECABORT, nothing executed.
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "SET", "b", "1"),
            Script.On(0, ReplyCheck.Exact, "SET"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Exact, "GET", "b"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "NOSUCH", "x"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // WATCH touched by another client.
            Script.On(0, ReplyCheck.Exact, "WATCH", "w"),
            Script.On(1, ReplyCheck.Exact, "SET", "w", "x"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "GET", "w"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // WATCH of a missing key, then another client creates and deletes it.
            Script.On(0, ReplyCheck.Exact, "WATCH", "gone"),
            Script.On(1, ReplyCheck.Exact, "SET", "gone", "1"),
            Script.On(1, ReplyCheck.Exact, "DEL", "gone"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "PING"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // WATCH, FLUSHDB of an empty db by another client.
            Script.On(0, ReplyCheck.Exact, "SELECT", "5"),
            Script.On(0, ReplyCheck.Exact, "WATCH", "nothing"),
            Script.On(1, ReplyCheck.Exact, "SELECT", "5"),
            Script.On(1, ReplyCheck.Exact, "FLUSHDB"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "PING"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // WATCH, FLUSHALL with the key present.
            Script.On(0, ReplyCheck.Exact, "SET", "present", "1"),
            Script.On(0, ReplyCheck.Exact, "WATCH", "present"),
            Script.On(1, ReplyCheck.Exact, "FLUSHALL"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "PING"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // WATCH then a SELECT inside the transaction and the other db touched.
            Script.On(0, ReplyCheck.Exact, "SELECT", "0"),
            Script.On(0, ReplyCheck.Exact, "SET", "x", "1"),
            Script.On(0, ReplyCheck.Exact, "WATCH", "x"),
            Script.On(1, ReplyCheck.Exact, "SELECT", "1"),
            Script.On(1, ReplyCheck.Exact, "SET", "x", "other-db"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "SELECT", "1"),
            Script.On(0, ReplyCheck.Exact, "GET", "x"),
            Script.On(0, ReplyCheck.Exact, "SELECT", "0"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // UNWATCH, DISCARD forgets watches.
            Script.On(0, ReplyCheck.Exact, "WATCH", "x"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "DISCARD"),
            Script.On(1, ReplyCheck.Exact, "SELECT", "0"),
            Script.On(1, ReplyCheck.Exact, "SET", "x", "2"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "GET", "x"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            // EXPIRE of a watched key by another client counts as a touch; an expire in the past deletes it.
            Script.On(0, ReplyCheck.Exact, "WATCH", "x"),
            Script.On(1, ReplyCheck.Exact, "PEXPIRE", "x", "-1"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "EXISTS", "x"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Exact, "EXISTS", "x"),
            // Empty transaction, errors at EXEC time inside the reply.
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Exact, "SET", "s", "abc"),
            Script.On(0, ReplyCheck.Exact, "MULTI"),
            Script.On(0, ReplyCheck.Exact, "INCR", "s"),
            Script.On(0, ReplyCheck.Exact, "SET", "s", "v", "NX", "XX"),
            Script.On(0, ReplyCheck.Exact, "GET", "s"),
            Script.On(0, ReplyCheck.Exact, "EXEC"),
            Script.On(0, ReplyCheck.Exact, "MULTI", "extra"),
            Script.On(0, ReplyCheck.Exact, "WATCH"),
            Script.On(0, ReplyCheck.Exact, "UNWATCH", "x"),
        };
        return SideBySide.RunAsync("transaction-edges", 0, _ => s, output);
    }
}
