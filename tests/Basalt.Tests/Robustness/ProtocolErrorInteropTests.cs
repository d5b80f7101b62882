using Basalt.Tests.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Robustness;

/// <summary>The same malformed bytes sent to redis-server and basalt-server: same replies, same closing of the connection.</summary>
public sealed class ProtocolErrorInteropTests(ITestOutputHelper output)
{
    [Fact]
    public Task Protocol_error_texts_match_redis() => ProbeComparison.CompareAsync(
    [
        ProbeCase.Of("multibulk length above INT_MAX", "*2147483648\r\n"),
        ProbeCase.Of("multibulk length not a number", "*abc\r\n"),
        ProbeCase.Of("multibulk length overflow", "*99999999999999999999\r\n"),
        ProbeCase.Of("negative bulk length", "*1\r\n$-5\r\n"),
        ProbeCase.Of("bulk length -1 in a request", "*1\r\n$-1\r\n"),
        ProbeCase.Of("bulk length 2^31-1", "*1\r\n$2147483647\r\n"),
        ProbeCase.Of("bulk length above proto-max-bulk-len", "*1\r\n$536870913\r\n"),
        ProbeCase.Of("bulk length not a number", "*1\r\n$abc\r\n"),
        ProbeCase.Of("expected $ got x", "*1\r\nx\r\n"),
        ProbeCase.Of("expected $ got :", "*2\r\n$3\r\nGET\r\n:5\r\n"),
        ProbeCase.Of("unbalanced quotes", "\"foo\r\n"),
        ProbeCase.Of("unbalanced single quotes", "SET 'a b\r\n"),
        ProbeCase.Of("too big inline request", new string('x', 70_000)),
        ProbeCase.Of("too big mbulk count string", "*" + new string('1', 70_000)),
        ProbeCase.Of("too big bulk count string", "*1\r\n$" + new string('1', 70_000)),
        ProbeCase.Of("replies before the error are sent", "*3\r\n$3\r\nSET\r\n$1\r\na\r\n$1\r\nb\r\n*1\r\n$-5\r\n"),
        ProbeCase.Of("inline reply then error", "PING\r\n*1\r\nx\r\n"),
        ProbeCase.Of("nothing after the error is executed", "*1\r\n$-5\r\n*1\r\n$4\r\nPING\r\n"),
        ProbeCase.Of("empty multibulk is skipped", "*0\r\nPING\r\n"),
        ProbeCase.Of("null multibulk is skipped", "*-1\r\nPING\r\n"),
        ProbeCase.Of("pending huge multibulk waits", "*2147483647\r\n"),
        ProbeCase.Of("pending 512MB bulk waits", "*1\r\n$536870912\r\n"),
        ProbeCase.Of("empty command name", "*1\r\n$0\r\n\r\n"),
        ProbeCase.Of("unknown command via multibulk", "*3\r\n$3\r\nfoo\r\n$3\r\nbar\r\n$0\r\n\r\n"),
    ], output);

    [Fact]
    public Task Protocol_edge_cases_match_redis() => ProbeComparison.CompareAsync(
    [
        ProbeCase.Of("bulk not followed by CRLF", "*1\r\n$4\r\nPINGxx"),
        ProbeCase.Of("NUL byte in inline", "\u0000\u0001\u0002\r\n"),
        ProbeCase.Of("multibulk header without CR", "*1\n$4\nPING\n"),
        ProbeCase.Of("bare $ request", "$4\r\nPING\r\n"),
        ProbeCase.Of("plus sign in length", "*+1\r\n$4\r\nPING\r\n"),
        ProbeCase.Of("leading zero in length", "*01\r\n$04\r\nPING\r\n"),
        ProbeCase.Of("space in length", "*1 \r\n$4\r\nPING\r\n"),
        ProbeCase.Of("expected $ got x without newline", "*1\r\nx"),
        ProbeCase.Of("big argument exact", "*2\r\n$4\r\nECHO\r\n$40000\r\n" + new string('e', 40_000) + "\r\n"),
        ProbeCase.Of("QUIT replies and closes", "QUIT\r\nPING\r\n"),
    ], output);

    [Fact]
    public Task Unauthenticated_limits_match_redis() => ProbeComparison.CompareAsync(
    [
        ProbeCase.Of("11 elements before AUTH", "*11\r\n"),
        ProbeCase.Of("10 elements before AUTH wait", "*10\r\n"),
        ProbeCase.Of("bulk of 16385 before AUTH", "*1\r\n$16385\r\n"),
        ProbeCase.Of("bulk of 16384 before AUTH waits", "*1\r\n$16384\r\n"),
        ProbeCase.Of("NOAUTH", "PING\r\n"),
        ProbeCase.Of("wrong password", "AUTH nope\r\nPING\r\n"),
        ProbeCase.Of("AUTH then big multibulk allowed", "AUTH secret\r\n*11\r\n"),
        ProbeCase.Of("NOAUTH then protocol error", "PING\r\n*1\r\nx\r\n"),
    ], output, "--requirepass", "secret");
}
