using System.Diagnostics;
using System.Globalization;
using System.Text;
using Basalt.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Basalt.Tests.Interop;

/// <summary>One command whose replies differ.</summary>
public sealed record Mismatch(int Index, GeneratedCommand Command, string RedisReply, string BasaltReply);

/// <summary>
/// Runs a generated script against redis-server and basalt-server, command by command, and compares replies.
/// Seeds: each family has a fixed default seed; <c>BASALT_INTEROP_SEED</c> overrides it, <c>BASALT_INTEROP_SCALE</c>
/// multiplies the number of commands, <c>BASALT_INTEROP_MAX_MISMATCHES</c> (default 10) is how many mismatches to
/// collect before stopping (later ones may be consequences of the first).
/// </summary>
public static class SideBySide
{
    public static int SeedFor(int defaultSeed) =>
        int.TryParse(Environment.GetEnvironmentVariable("BASALT_INTEROP_SEED"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int s) ? s : defaultSeed;

    public static int Scaled(int count) =>
        double.TryParse(Environment.GetEnvironmentVariable("BASALT_INTEROP_SCALE"), NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f > 0
            ? Math.Max(1, (int)(count * f))
            : count;

    private static int MaxMismatches =>
        int.TryParse(Environment.GetEnvironmentVariable("BASALT_INTEROP_MAX_MISMATCHES"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int m) && m > 0 ? m : 10;

    /// <summary>
    /// Starts a pair of servers, optionally sends <paramref name="setup"/> commands (compared too), runs
    /// <paramref name="script"/> and fails the test with a report if any reply differs.
    /// </summary>
    public static async Task RunAsync(string family, int seed, Func<CommandGenerator, IReadOnlyList<GeneratedCommand>> script,
        ITestOutputHelper output, IReadOnlyList<GeneratedCommand>? setup = null)
    {
        var generator = new CommandGenerator(seed, DateTimeOffset.UtcNow);
        var commands = (setup ?? []).Concat(script(generator)).ToArray();
        await using var pair = await ServerPair.StartAsync(connections: 2);
        await RunAsync(pair, family, seed, commands, output);
    }

    public static async Task RunAsync(ServerPair pair, string family, int seed, IReadOnlyList<GeneratedCommand> commands, ITestOutputHelper output)
    {
        var sw = Stopwatch.StartNew();
        var mismatches = new List<Mismatch>();
        string? fatal = null;
        int done = 0;
        var transcript = new List<(RespReply? Redis, string Basalt)>();
        for (int i = 0; i < commands.Count; i++)
        {
            var command = commands[i];
            RespReply? redis;
            RespReply? basalt;
            string redisText, basaltText;
            try
            {
                redis = await pair.RedisConnections[command.Connection].ExecuteAsync(command.Args.Cast<object>().ToArray());
                redisText = redis.RawText;
            }
            catch (Exception e) when (e is IOException or TimeoutException or RespProtocolException)
            {
                // The reference itself did not answer: the script, not Basalt, is at fault.
                throw new InvalidOperationException($"redis-server failed on command #{i} {command} (seed {seed}): {e.Message}", e);
            }
            try
            {
                basalt = await pair.BasaltConnections[command.Connection].ExecuteAsync(command.Args.Cast<object>().ToArray());
                basaltText = basalt.RawText;
            }
            catch (Exception e) when (e is IOException or TimeoutException or RespProtocolException or System.Net.Sockets.SocketException)
            {
                basalt = null;
                basaltText = $"<{e.GetType().Name}: {e.Message}>" + (pair.Basalt.HasExited ? $" <basalt-server exited with code {pair.Basalt.ExitCode}>" : "");
                fatal = basaltText;
            }
            done++;
            transcript.Add((redis, basaltText));
            if (basalt is null || !ReplyComparer.Equivalent(command, redis, basalt))
            {
                mismatches.Add(new Mismatch(i, command, redisText, basaltText));
            }
            if (fatal is not null || mismatches.Count >= MaxMismatches)
            {
                break;
            }
        }
        WriteTranscript(family, seed, commands, transcript);
        output.WriteLine($"{family}: {done} of {commands.Count} commands compared in {sw.ElapsedMilliseconds} ms, seed {seed}, {mismatches.Count} mismatches");
        if (mismatches.Count > 0)
        {
            string report = Report(family, seed, commands, mismatches, fatal, pair);
            output.WriteLine(report);
            Assert.Fail(report);
        }
    }

    /// <summary>With BASALT_INTEROP_TRANSCRIPT=&lt;dir&gt;, writes every command and both replies to &lt;dir&gt;/&lt;family&gt;.txt.</summary>
    private static void WriteTranscript(string family, int seed, IReadOnlyList<GeneratedCommand> commands, List<(RespReply? Redis, string Basalt)> replies)
    {
        string? dir = Environment.GetEnvironmentVariable("BASALT_INTEROP_TRANSCRIPT");
        if (string.IsNullOrEmpty(dir))
        {
            return;
        }
        Directory.CreateDirectory(dir);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"# family {family}, seed {seed}");
        for (int i = 0; i < replies.Count; i++)
        {
            string redisText = replies[i].Redis?.RawText ?? "";
            sb.AppendLine(CultureInfo.InvariantCulture, $"#{i} {commands[i]}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    redis:  {redisText}");
            if (replies[i].Basalt != redisText)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"    basalt: {replies[i].Basalt}");
            }
        }
        File.WriteAllText(Path.Combine(dir, family + ".txt"), sb.ToString());
    }

    private static string Report(string family, int seed, IReadOnlyList<GeneratedCommand> commands, List<Mismatch> mismatches, string? fatal, ServerPair pair)
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{mismatches.Count} reply mismatch(es) between redis-server and basalt-server in family '{family}', seed {seed} (rerun with BASALT_INTEROP_SEED={seed}).");
        sb.AppendLine("Later mismatches may be consequences of earlier ones.");
        var first = mismatches[0];
        sb.AppendLine("Commands before the first mismatch:");
        for (int i = Math.Max(0, first.Index - 8); i < first.Index; i++)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  #{i} {commands[i]}");
        }
        foreach (var m in mismatches)
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"#{m.Index} {m.Command}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    redis:  {m.RedisReply}");
            sb.AppendLine(CultureInfo.InvariantCulture, $"    basalt: {m.BasaltReply}");
        }
        if (fatal is not null)
        {
            sb.AppendLine("Stopped: basalt-server did not answer.");
            var log = pair.Basalt.LogLines;
            sb.AppendLine("--- last lines of the basalt-server log ---");
            foreach (var line in log.Skip(Math.Max(0, log.Count - 30)))
            {
                sb.AppendLine(line);
            }
        }
        return sb.ToString();
    }
}

/// <summary>Fixed (hand-written) scripts.</summary>
public static class Script
{
    /// <summary>Commands on connection 0, compared exactly.</summary>
    public static IReadOnlyList<GeneratedCommand> Of(params object[][] commands) =>
        commands.Select(c => new GeneratedCommand(0, c.Select(RespFormat.ToBytes).ToArray(), ReplyCheck.Exact)).ToArray();

    public static GeneratedCommand On(int connection, ReplyCheck check, params object[] args) =>
        new(connection, args.Select(RespFormat.ToBytes).ToArray(), check);
}
