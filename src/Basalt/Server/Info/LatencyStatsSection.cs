using Basalt.Text;
using System.Globalization;
using System.Text;
using Basalt.Commands;

namespace Basalt.Server.Info;

/// <summary>INFO latencystats: each used command's latency percentiles (latency-tracking-info-percentiles), in microseconds.</summary>
public static class LatencyStatsSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        info.Section("Latencystats");
        if (!server.Latency.TrackingEnabled)
        {
            return;
        }
        var percentiles = server.Config.LatencyTrackingInfoPercentiles;
        foreach (var spec in server.Commands.All)
        {
            WriteCommand(info, spec, percentiles);
        }
    }

    private static void WriteCommand(InfoWriter info, CommandSpec spec, IReadOnlyList<double> percentiles)
    {
        if (spec.LatencyHistogram is { } histogram)
        {
            var value = new StringBuilder();
            for (var i = 0; i < percentiles.Count; i++)
            {
                if (i > 0)
                {
                    value.Append(',');
                }
                value.Append('p').Append(PercentileLabel(percentiles[i])).Append('=')
                    .Append(PrintfFixed.Format(histogram.ValueAtPercentile(percentiles[i]) / 1000.0, 3));
            }
            info.Field("latency_percentiles_usec_" + InfoWriter.Safe(spec.FullName), value.ToString());
        }
        if (spec.Subcommands is not null)
        {
            foreach (var sub in spec.Subcommands.Values)
            {
                WriteCommand(info, sub, percentiles);
            }
        }
    }

    /// <summary>"%f" with the trailing zeros (and a trailing dot) trimmed: 50, 99.9.</summary>
    public static string PercentileLabel(double percentile)
    {
        var text = PrintfFixed.Format(percentile, 6);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }
        return text;
    }
}
