using Basalt.Config;
using Basalt.Protocol;
using Basalt.Server;

namespace Basalt.Tests.Server;

/// <summary>
/// Runs a propagation script on a fresh in-process Basalt server, with one <see cref="InternalClient"/>
/// per script client, and returns what its propagation produced rendered as an AOF.
/// </summary>
public static class BasaltPropagationRun
{
    public static byte[] Run(IReadOnlyList<PropagationStep> script)
    {
        var dir = Directory.CreateTempSubdirectory("basalt-propagation-").FullName;
        var clients = new Dictionary<int, InternalClient>();
        try
        {
            var config = new ServerConfig(dir);
            // As the redis-server it is compared with is started (DEBUG SLEEP lets keys expire).
            config.LoadFromString("enable-debug-command yes\n");
            var server = new BasaltServer(config, new ServerLog(TextWriter.Null));
            var renderer = new AofStreamRenderer();
            server.Propagation.Sink = renderer;
            foreach (var step in script)
            {
                if (!clients.TryGetValue(step.Client, out var client))
                {
                    client = new InternalClient(server);
                    clients.Add(step.Client, client);
                }
                lock (server.Sync)
                {
                    client.Execute(CommandArgs.FromStrings(step.Args));
                }
            }
            return renderer.Bytes;
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                client.Dispose();
            }
            Directory.Delete(dir, recursive: true);
        }
    }
}
