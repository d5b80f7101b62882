using System.Text;
using Basalt.Config;
using Basalt.Server;
using Basalt.Server.Propagation;
using Xunit;

namespace Basalt.Tests.Server;

/// <summary>What the command executor hands to the AOF: the default form, MULTI/EXEC wrapping, DELs of expired keys.</summary>
public sealed class CommandPropagationTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("basalt-propagation-").FullName;
    private readonly BasaltServer _server;
    private readonly InternalClient _client;
    private readonly RecordingSink _sink = new();

    public CommandPropagationTests()
    {
        _server = new BasaltServer(new ServerConfig(_dir), new ServerLog(TextWriter.Null));
        _server.Propagation.Sink = _sink;
        _client = new InternalClient(_server);
    }

    public void Dispose()
    {
        _client.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    private string Run(params string[] args)
    {
        lock (_server.Sync)
        {
            return Encoding.UTF8.GetString(_client.Execute(args).Span);
        }
    }

    [Fact]
    public void A_write_is_propagated_as_called_and_a_read_or_a_no_op_is_not()
    {
        Run("SET", "k", "v");
        Run("GET", "k");
        Run("DEL", "missing");
        Run("SELECT", "2");
        Run("LPUSH", "l", "a");
        Assert.Equal(["0: SET k v", "2: LPUSH l a"], _sink.Lines);
    }

    [Fact]
    public void A_transaction_with_two_writes_is_wrapped_and_one_with_a_single_write_is_not()
    {
        Run("MULTI");
        Run("SET", "a", "1");
        Run("GET", "a");
        Run("INCR", "a");
        Run("EXEC");
        Run("MULTI");
        Run("GET", "a");
        Run("SET", "b", "2");
        Run("EXEC");
        Assert.Equal(["MULTI", "0: SET a 1", "0: INCR a", "EXEC", "0: SET b 2"], _sink.Lines);
    }

    [Fact]
    public void A_key_found_expired_by_a_write_is_deleted_in_the_same_transaction_before_the_write()
    {
        Run("SET", "e", "old", "PX", "1");
        _sink.Lines.Clear();
        Thread.Sleep(5);
        Run("SET", "e", "new");
        Assert.Equal(["MULTI", "0: DEL e", "0: SET e new", "EXEC"], _sink.Lines);
    }

    [Fact]
    public void A_key_found_expired_by_a_read_is_a_lone_del()
    {
        Run("SET", "e", "old", "PX", "1");
        _sink.Lines.Clear();
        Thread.Sleep(5);
        Run("GET", "e");
        Assert.Equal(["0: DEL e"], _sink.Lines);
    }

    [Fact]
    public void Save_resets_the_dirty_counter_without_being_propagated()
    {
        Run("SET", "k", "v");
        Run("SAVE");
        Assert.Equal(["0: SET k v"], _sink.Lines);
    }

    private sealed class RecordingSink : IPropagationSink
    {
        public List<string> Lines { get; } = [];

        public void Append(IReadOnlyList<PropagatedCommand> commands, bool transaction)
        {
            if (transaction)
            {
                Lines.Add("MULTI");
            }
            foreach (var command in commands)
            {
                Lines.Add($"{command.Db}: " + string.Join(' ', command.Args.Select(a => Encoding.UTF8.GetString(a))));
            }
            if (transaction)
            {
                Lines.Add("EXEC");
            }
        }
    }
}
