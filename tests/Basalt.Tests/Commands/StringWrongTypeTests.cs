using System.Reflection;
using System.Text;
using Basalt.Commands;
using Basalt.Config;
using Basalt.Protocol;
using Basalt.Server;
using Basalt.Types;
using Xunit;

namespace Basalt.Tests.Commands;

/// <summary>
/// Every string and bitmap command against a key of another type. Basalt has no other type yet,
/// so these run in process with a stand-in value and check that the reply is Redis's and that the
/// key is left as it was.
/// </summary>
public sealed class StringWrongTypeTests : IDisposable
{
    private const string WrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";

    private readonly string _dir = Directory.CreateTempSubdirectory("basalt-wrongtype-").FullName;
    private readonly BasaltServer _server;
    private readonly CommandContext _context;
    private readonly OtherType _other = new();

    public StringWrongTypeTests()
    {
        _server = new BasaltServer(new ServerConfig(_dir), new ServerLog(TextWriter.Null));
        var client = new ClientSession(1, SilentChannel.Create(), new ReplyWriter(), 0);
        _context = new CommandContext(_server, client);
        _server.Databases.UpdateClock();
        _server.Databases[0].Add("other"u8, _other);
        _server.Databases[0].Add("str"u8, RedisString.FromValue("abc"u8));
    }

    public void Dispose()
    {
        _context.Reply.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Run(params string[] args)
    {
        _context.Args = CommandArgs.FromStrings(args);
        _server.Executor.Process(_context);
        var reply = Encoding.UTF8.GetString(_context.Reply.Written.Span);
        _context.Reply.Clear();
        return reply;
    }

    [Theory]
    [InlineData("GET", "other")]
    [InlineData("SET", "other", "v", "GET")]
    [InlineData("GETSET", "other", "v")]
    [InlineData("GETDEL", "other")]
    [InlineData("GETEX", "other", "PERSIST")]
    [InlineData("GETEX", "other", "EX", "0")]
    [InlineData("INCR", "other")]
    [InlineData("DECRBY", "other", "5")]
    [InlineData("INCRBYFLOAT", "other", "1")]
    [InlineData("APPEND", "other", "x")]
    [InlineData("STRLEN", "other")]
    [InlineData("GETRANGE", "other", "0", "-1")]
    [InlineData("SUBSTR", "other", "0", "-1")]
    [InlineData("SETRANGE", "other", "0", "x")]
    [InlineData("SETRANGE", "other", "0", "")]
    [InlineData("SETBIT", "other", "0", "1")]
    [InlineData("GETBIT", "other", "0")]
    [InlineData("BITCOUNT", "other")]
    [InlineData("BITCOUNT", "other", "x", "y")]
    [InlineData("BITPOS", "other", "1")]
    [InlineData("BITOP", "AND", "dest", "str", "other")]
    public void A_key_of_another_type_is_refused_and_kept(params string[] args)
    {
        Assert.Equal(WrongType, Run(args));
        Assert.Same(_other, _server.Databases[0].Peek("other"u8)!.Value);
        Assert.Null(_server.Databases[0].Peek("dest"u8));
    }

    [Fact]
    public void Redis_checks_arguments_before_the_type_where_it_does()
    {
        Assert.Equal("-ERR value is not an integer or out of range\r\n", Run("GETRANGE", "other", "x", "1"));
        Assert.Equal("-ERR offset is out of range\r\n", Run("SETRANGE", "other", "-1", "x"));
        Assert.Equal("-ERR bit offset is not an integer or out of range\r\n", Run("GETBIT", "other", "-1"));
        Assert.Equal("-ERR bit is not an integer or out of range\r\n", Run("SETBIT", "other", "0", "2"));
        Assert.Equal("-ERR The bit argument must be 1 or 0.\r\n", Run("BITPOS", "other", "2"));
        Assert.Equal("-ERR syntax error\r\n", Run("GETEX", "other", "FOO"));
        Assert.Equal("-ERR syntax error\r\n", Run("SET", "other", "v", "FOO"));
    }

    [Fact]
    public void Plain_writes_replace_a_key_of_another_type()
    {
        Assert.Equal("+OK\r\n", Run("SET", "other", "v"));
        Assert.IsType<RedisString>(_server.Databases[0].Peek("other"u8)!.Value);
    }

    [Fact]
    public void Mget_answers_null_for_a_key_of_another_type()
    {
        Assert.Equal("*2\r\n$-1\r\n$3\r\nabc\r\n", Run("MGET", "other", "str"));
    }

    [Fact]
    public void Lcs_refuses_keys_of_another_type_with_its_own_message()
    {
        Assert.Equal("-ERR The specified keys must contain string values\r\n", Run("LCS", "str", "other"));
        Assert.Equal("-ERR The specified keys must contain string values\r\n", Run("LCS", "other", "str", "FOO"));
    }

    /// <summary>A value of a type that is not a string.</summary>
    private sealed class OtherType : RedisObject
    {
        public override RedisType Type => RedisType.List;

        public override string EncodingName => "listpack";

        public override long ApproximateSize => 0;

        public override RedisObject DeepCopy() => new OtherType();
    }

    /// <summary>A client channel that goes nowhere; every member answers its default.</summary>
    public class SilentChannel : DispatchProxy
    {
        public static IClientChannel Create() => Create<IClientChannel, SilentChannel>();

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is not null && targetMethod.ReturnType.IsValueType && targetMethod.ReturnType != typeof(void)
                ? Activator.CreateInstance(targetMethod.ReturnType)
                : targetMethod?.ReturnType == typeof(string) ? "" : null;
    }
}
