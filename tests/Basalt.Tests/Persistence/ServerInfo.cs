using System.Globalization;
using Basalt.Tests.Infrastructure;
using Xunit;

namespace Basalt.Tests.Persistence;

/// <summary>Reading INFO fields, and waiting on the ones that tell a background save's progress.</summary>
internal static class ServerInfo
{
    private static readonly TimeSpan SaveTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The (name, value) lines of INFO <paramref name="section"/>, in the order the server wrote them.</summary>
    public static async Task<IReadOnlyList<(string Name, string Value)>> SectionAsync(RespConnection connection, string section)
    {
        var reply = await connection.ExecuteAsync("INFO", section);
        Assert.False(reply.IsError, reply.RawText);
        return reply.Text!
            .Split("\r\n", StringSplitOptions.RemoveEmptyEntries)
            .Where(line => !line.StartsWith('#'))
            .Select(line =>
            {
                var colon = line.IndexOf(':');
                return (line[..colon], line[(colon + 1)..]);
            })
            .ToList();
    }

    public static async Task<string> FieldAsync(RespConnection connection, string name)
    {
        foreach (var (field, value) in await SectionAsync(connection, "persistence"))
        {
            if (field == name)
            {
                return value;
            }
        }
        throw new KeyNotFoundException($"INFO persistence has no {name}");
    }

    public static async Task<long> IntegerFieldAsync(RespConnection connection, string name) =>
        long.Parse(await FieldAsync(connection, name), CultureInfo.InvariantCulture);

    /// <summary>Polls until <c>rdb_bgsave_in_progress:0</c>; returns <c>rdb_last_bgsave_status</c>.</summary>
    public static async Task<string> WaitForBackgroundSaveAsync(RespConnection connection)
    {
        await Poll.UntilAsync(async () => await FieldAsync(connection, "rdb_bgsave_in_progress") == "0", SaveTimeout,
            () => $"a background save on port {connection.Port} still running");
        return await FieldAsync(connection, "rdb_last_bgsave_status");
    }
}
