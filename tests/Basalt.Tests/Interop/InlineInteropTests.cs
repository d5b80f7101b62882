using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>Inline (telnet-style) requests, side by side with redis-server.</summary>
public sealed class InlineInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Inline_requests_match_redis() => ProbeComparison.CompareAsync(
    [
        ProbeCase.Of("ping crlf", "PING\r\n"),
        ProbeCase.Of("ping lf only", "ping\n"),
        ProbeCase.Of("set and get", "SET a b\r\nGET a\r\n"),
        ProbeCase.Of("double quotes with escapes", "SET \"a b\" \"c\\x41\\n\\t\\\"\"\r\nGET \"a b\"\r\nSTRLEN \"a b\"\r\n"),
        ProbeCase.Of("single quotes", "SET 'x y' 'it\\'s'\r\nGET 'x y'\r\n"),
        ProbeCase.Of("extra spaces", "   ECHO    spaced     \r\n"),
        ProbeCase.Of("tabs", "ECHO\thello\r\n"),
        ProbeCase.Of("empty lines are skipped", "\r\n\r\n\nPING\r\n"),
        ProbeCase.Of("unknown inline command", "foo a b\r\n"),
        ProbeCase.Of("arity error inline", "GET\r\n"),
        ProbeCase.Of("inline then multibulk", "PING\r\n*1\r\n$4\r\nPING\r\n"),
        ProbeCase.Of("pipelined inline", "INCR n\r\nINCR n\r\nINCR n\r\nGET n\r\n"),
        ProbeCase.Of("unbalanced double quote", "SET \"a b\r\n"),
        ProbeCase.Of("unbalanced single quote", "SET 'a b\r\n"),
        ProbeCase.Of("closing quote followed by a char", "ECHO \"a\"b\r\n"),
        ProbeCase.Of("hex escape", "ECHO \"\\x4a\\x4B\\xzz\"\r\n"),
        ProbeCase.Of("quoted empty", "ECHO \"\"\r\n"),
        ProbeCase.Of("partial inline with no newline", "PING"),
        ProbeCase.Of("inline lowercase set with ex", "set k v ex 100\r\nttl k\r\n"),
        ProbeCase.Of("inline binary", "ECHO \"\\x00\\xff\"\r\n"),
        ProbeCase.Of("carriage return only", "PING\rPING\r\n"),
    ], output);
}
