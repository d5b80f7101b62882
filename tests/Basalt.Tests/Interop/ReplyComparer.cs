using Basalt.Tests.Infrastructure;

namespace Basalt.Tests.Interop;

/// <summary>
/// Decides whether two replies to the same command are equivalent. Exact byte equality, except these documented
/// normalisations: clock-dependent integers (TTL/PTTL/EXPIRETIME/PEXPIRETIME) may differ by 1 s / 1000 ms when both
/// are non-negative; replies of unspecified order (KEYS) are compared as multisets; EXEC replies are compared element
/// by element with the checks of the queued commands; a HELLO reply's client id is ignored.
/// </summary>
public static class ReplyComparer
{
    public const long SecondsTolerance = 1;
    public const long MillisTolerance = 1000;

    public static bool Equivalent(GeneratedCommand command, RespReply expected, RespReply actual) =>
        Equivalent(command.Check, command.ExecChecks, expected.Value, actual.Value, expected.Raw, actual.Raw);

    private static bool Equivalent(ReplyCheck check, IReadOnlyList<ReplyCheck> execChecks, RespValue a, RespValue b, byte[]? rawA = null, byte[]? rawB = null)
    {
        var bytesA = rawA ?? RespWriter.ToBytes(a);
        var bytesB = rawB ?? RespWriter.ToBytes(b);
        if (bytesA.AsSpan().SequenceEqual(bytesB))
        {
            return true;
        }
        switch (check)
        {
            case ReplyCheck.ClockSeconds:
            case ReplyCheck.ClockMillis:
                {
                    long tolerance = check == ReplyCheck.ClockSeconds ? SecondsTolerance : MillisTolerance;
                    return a.Type == RespType.Integer && b.Type == RespType.Integer && a.Integer >= 0 && b.Integer >= 0 &&
                           Math.Abs(a.Integer - b.Integer) <= tolerance;
                }
            case ReplyCheck.Unordered:
                {
                    if (a.Type != b.Type || !a.IsAggregate || a.Count != b.Count)
                    {
                        return false;
                    }
                    var ea = a.Items.Select(RespWriter.ToBytes).OrderBy(x => x, ByteArrayComparer.Instance);
                    var eb = b.Items.Select(RespWriter.ToBytes).OrderBy(x => x, ByteArrayComparer.Instance);
                    return ea.SequenceEqual(eb, ByteArrayComparer.Instance);
                }
            case ReplyCheck.Exec:
                {
                    if (a.Type != RespType.Array || b.Type != RespType.Array || a.Count != b.Count || a.Count != execChecks.Count)
                    {
                        return false;
                    }
                    for (int i = 0; i < a.Count; i++)
                    {
                        if (!Equivalent(execChecks[i], [], a[i], b[i]))
                        {
                            return false;
                        }
                    }
                    return true;
                }
            case ReplyCheck.Hello:
                {
                    if (a.Type != b.Type || a.Count != b.Count)
                    {
                        return false;
                    }
                    for (int i = 0; i + 1 < a.Count; i += 2)
                    {
                        if (!RespWriter.ToBytes(a[i]).AsSpan().SequenceEqual(RespWriter.ToBytes(b[i])))
                        {
                            return false;
                        }
                        if (a[i].Text == "id")
                        {
                            continue;
                        }
                        if (!RespWriter.ToBytes(a[i + 1]).AsSpan().SequenceEqual(RespWriter.ToBytes(b[i + 1])))
                        {
                            return false;
                        }
                    }
                    return true;
                }
            default:
                return false;
        }
    }

    public sealed class ByteArrayComparer : IComparer<byte[]>, IEqualityComparer<byte[]>
    {
        public static readonly ByteArrayComparer Instance = new();

        public int Compare(byte[]? x, byte[]? y) => x.AsSpan().SequenceCompareTo(y);

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj)
        {
            var h = new HashCode();
            h.AddBytes(obj);
            return h.ToHashCode();
        }
    }
}
