using System.Text;
using Basalt.Server.Propagation;
using Xunit;

namespace Basalt.Tests.Server;

/// <summary>The test helpers that turn propagated writes into an AOF stream and read one back.</summary>
public sealed class PropagationRendererTests
{
    private static byte[][] Args(params string[] args) => args.Select(Encoding.ASCII.GetBytes).ToArray();

    [Fact]
    public void The_renderer_writes_resp_with_a_select_only_when_the_database_changes()
    {
        var renderer = new AofStreamRenderer();
        renderer.Append([new PropagatedCommand(0, Args("SET", "k", "v"))], transaction: false);
        renderer.Append([new PropagatedCommand(0, Args("DEL", "k"))], transaction: false);
        renderer.Append([new PropagatedCommand(2, Args("INCR", "n"))], transaction: false);
        Assert.Equal(
            "*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n*2\r\n$3\r\nDEL\r\n$1\r\nk\r\n"
            + "*2\r\n$6\r\nSELECT\r\n$1\r\n2\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\n",
            Encoding.ASCII.GetString(renderer.Bytes));
    }

    [Fact]
    public void A_transaction_gets_its_select_before_multi_and_one_inside_when_a_write_changes_database()
    {
        var renderer = new AofStreamRenderer();
        renderer.Append([new PropagatedCommand(3, Args("SET", "a", "1")), new PropagatedCommand(4, Args("SET", "b", "2"))], transaction: true);
        var commands = AofCommandStream.Read(renderer.Bytes);
        Assert.Equal("3: MULTI\n3: SET a 1\n4: SET b 2\n4: EXEC", AofCommandStream.Describe(commands));
        Assert.StartsWith("*2\r\n$6\r\nSELECT\r\n$1\r\n3\r\n*1\r\n$5\r\nMULTI\r\n", Encoding.ASCII.GetString(renderer.Bytes));
    }

    [Fact]
    public void Reading_a_stream_follows_selects_from_the_initial_database_and_refuses_what_is_not_a_command()
    {
        var aof = "*1\r\n$4\r\nPING\r\n*2\r\n$6\r\nSELECT\r\n$1\r\n9\r\n*2\r\n$3\r\nDEL\r\n$0\r\n\r\n"u8.ToArray();
        Assert.Equal("5: PING\n9: DEL \"\"", AofCommandStream.Describe(AofCommandStream.Read(aof, initialDb: 5)));
        Assert.Throws<InvalidDataException>(() => AofCommandStream.Read("+OK\r\n"u8));
    }
}
