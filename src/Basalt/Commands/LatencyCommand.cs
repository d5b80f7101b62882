using System.Text;
using Basalt.Server;

namespace Basalt.Commands;

/// <summary>LATENCY LATEST, HISTORY, RESET, GRAPH, DOCTOR, HISTOGRAM and HELP over the server's <see cref="LatencyMonitor"/>.</summary>
public static class LatencyCommand
{
    private const int GraphColumns = 80;

    public static void Register(CommandTable table)
    {
        const CommandFlags Flags = CommandFlags.Admin | CommandFlags.NoScript | CommandFlags.Loading | CommandFlags.Stale;
        const string Categories = "@admin @slow @dangerous";
        var latency = new CommandSpec("latency", -2, CommandFlags.None, 0, 0, 0, "@slow", "server", "2.8.13",
            "A container for latency diagnostics commands.", null);
        latency.AddSubcommand(new CommandSpec("doctor", 2, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns a human-readable latency analysis report.", Doctor));
        latency.AddSubcommand(new CommandSpec("graph", 3, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns a latency graph for an event.", Graph));
        latency.AddSubcommand(new CommandSpec("help", 2, CommandFlags.Loading | CommandFlags.Stale, 0, 0, 0, "@slow", "server", "2.8.13",
            "Returns helpful text about the different subcommands.", Help));
        latency.AddSubcommand(new CommandSpec("histogram", -2, Flags, 0, 0, 0, Categories, "server", "7.0.0",
            "Returns the cumulative distribution of latencies of a subset or all commands.", Histogram));
        latency.AddSubcommand(new CommandSpec("history", 3, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns timestamp-latency samples for an event.", History));
        latency.AddSubcommand(new CommandSpec("latest", 2, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Returns the latest latency samples for all events.", Latest));
        latency.AddSubcommand(new CommandSpec("reset", -2, Flags, 0, 0, 0, Categories, "server", "2.8.13",
            "Resets the latency data for one or more events.", Reset));
        table.Add(latency);
    }

    private static void Latest(CommandContext ctx)
    {
        var events = ctx.Server.Latency.Events;
        ctx.Reply.ArrayHeader(events.Count);
        foreach (var (name, series) in events)
        {
            var (time, ms) = series.Samples.Count > 0 ? series.Samples[^1] : (0, 0);
            ctx.Reply.ArrayHeader(4);
            ctx.Reply.Bulk(name);
            ctx.Reply.Integer(time);
            ctx.Reply.Integer(ms);
            ctx.Reply.Integer(series.MaxMilliseconds);
        }
    }

    private static void History(CommandContext ctx)
    {
        if (!ctx.Server.Latency.Events.TryGetValue(ctx.Args.ToStringAt(2), out var series))
        {
            ctx.Reply.ArrayHeader(0);
            return;
        }
        ctx.Reply.ArrayHeader(series.Samples.Count);
        foreach (var (time, ms) in series.Samples)
        {
            ctx.Reply.ArrayHeader(2);
            ctx.Reply.Integer(time);
            ctx.Reply.Integer(ms);
        }
    }

    private static void Reset(CommandContext ctx)
    {
        var names = new List<string>();
        for (var i = 2; i < ctx.ArgCount; i++)
        {
            names.Add(ctx.Args.ToStringAt(i));
        }
        ctx.Reply.Integer(ctx.Server.Latency.Reset(names));
    }

    private static void Graph(CommandContext ctx)
    {
        var name = ctx.Args.ToStringAt(2);
        if (!ctx.Server.Latency.Events.TryGetValue(name, out var series))
        {
            ctx.Reply.Error($"ERR No samples available for event '{name}'");
            return;
        }
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var sparkline = new Sparkline();
        long min = 0;
        long max = 0;
        var first = true;
        foreach (var (time, ms) in series.Samples)
        {
            if (first)
            {
                min = max = ms;
                first = false;
            }
            else
            {
                max = Math.Max(max, ms);
                min = Math.Min(min, ms);
            }
            // The label says how long ago the sample was taken.
            var elapsed = now - time;
            var label = elapsed switch
            {
                < 60 => $"{elapsed}s",
                < 3600 => $"{elapsed / 60}m",
                < 3600 * 24 => $"{elapsed / 3600}h",
                _ => $"{elapsed / (3600 * 24)}d",
            };
            sparkline.Add(ms, label);
        }
        var graph = new StringBuilder();
        graph.Append($"{name} - high {max} ms, low {min} ms (all time high {series.MaxMilliseconds} ms)\n");
        graph.Append('-', GraphColumns).Append('\n');
        sparkline.Render(graph, GraphColumns, 4, fill: true);
        ctx.Reply.Verbatim(graph.ToString());
    }

    private static void Doctor(CommandContext ctx) => ctx.Reply.Verbatim(LatencyDoctor.Report(ctx.Server));

    private static void Histogram(CommandContext ctx)
    {
        var found = new List<CommandSpec>();
        if (ctx.ArgCount == 2)
        {
            foreach (var spec in ctx.Server.Commands.All)
            {
                AddWithHistograms(found, spec);
            }
        }
        else
        {
            for (var i = 2; i < ctx.ArgCount; i++)
            {
                if (CommandCommand.FindByFullName(ctx.Server.Commands, ctx.Arg(i)) is { } spec)
                {
                    AddWithHistograms(found, spec);
                }
            }
        }
        var reply = ctx.Reply;
        reply.MapHeader(found.Count);
        foreach (var spec in found)
        {
            var histogram = spec.LatencyHistogram!;
            reply.Bulk(spec.FullName);
            reply.MapHeader(2);
            reply.Bulk("calls");
            reply.Integer(histogram.TotalCount);
            reply.Bulk("histogram_usec");
            var buckets = new List<(long Micros, long Cumulative)>();
            long previous = 0;
            foreach (var (highest, cumulative) in histogram.LogarithmicSteps())
            {
                if (cumulative > previous)
                {
                    buckets.Add((highest / 1000, cumulative));
                }
                previous = cumulative;
            }
            reply.MapHeader(buckets.Count);
            foreach (var (micros, cumulative) in buckets)
            {
                reply.Integer(micros);
                reply.Integer(cumulative);
            }
        }
    }

    // A command with data, then its subcommands with data (a container has none of its own).
    private static void AddWithHistograms(List<CommandSpec> found, CommandSpec spec)
    {
        if (spec.LatencyHistogram is not null)
        {
            found.Add(spec);
        }
        if (spec.Subcommands is not null)
        {
            found.AddRange(spec.Subcommands.Values.Where(sub => sub.LatencyHistogram is not null));
        }
    }

    private static void Help(CommandContext ctx) => HelpReply.Write(ctx,
        "DOCTOR",
        "    Return a human readable latency analysis report.",
        "GRAPH <event>",
        "    Return an ASCII latency graph for the <event> class.",
        "HISTORY <event>",
        "    Return time-latency samples for the <event> class.",
        "LATEST",
        "    Return the latest latency samples for all events.",
        "RESET [<event> ...]",
        "    Reset latency data of one or more <event> classes.",
        "    (default: reset all data for all event classes)",
        "HISTOGRAM [COMMAND ...]",
        "    Return a cumulative distribution of latencies in the format of a histogram for the specified command names.",
        "    If no commands are specified then all histograms are replied.");
}
