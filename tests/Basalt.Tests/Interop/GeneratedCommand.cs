using System.Text;
using Basalt.Tests.Infrastructure;

namespace Basalt.Tests.Interop;

/// <summary>How two replies to the same command are compared.</summary>
public enum ReplyCheck
{
    /// <summary>Byte for byte.</summary>
    Exact,

    /// <summary>An integer in seconds that depends on the clock (TTL, EXPIRETIME): equal, or both &gt;= 0 and at most 1 apart.</summary>
    ClockSeconds,

    /// <summary>An integer in milliseconds that depends on the clock (PTTL, PEXPIRETIME): equal, or both &gt;= 0 and at most 1000 apart.</summary>
    ClockMillis,

    /// <summary>An array or set whose order is unspecified (KEYS): same header and the same elements in any order.</summary>
    Unordered,

    /// <summary>An EXEC reply: if both are arrays of the expected size, elements are compared with <see cref="GeneratedCommand.ExecChecks"/>.</summary>
    Exec,

    /// <summary>A HELLO reply: the same fields with the same values, except the client id.</summary>
    Hello,
}

/// <summary>One command of a generated script, sent on connection <see cref="Connection"/> of both servers.</summary>
public sealed record GeneratedCommand(int Connection, byte[][] Args, ReplyCheck Check)
{
    /// <summary>For <see cref="ReplyCheck.Exec"/>: the checks of the queued commands, in order.</summary>
    public IReadOnlyList<ReplyCheck> ExecChecks { get; init; } = [];

    public override string ToString() =>
        (Connection == 0 ? "" : $"[conn {Connection}] ") + RespFormat.DescribeCommand(Args) +
        (Check == ReplyCheck.Exact ? "" : $"  ({Check})");

    public string Name => Encoding.UTF8.GetString(Args[0]).ToUpperInvariant();
}
