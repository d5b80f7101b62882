using Basalt.Text;
using System.Globalization;
using Basalt.Commands;

namespace Basalt.Server.Info;

/// <summary>INFO commandstats: calls, time, rejections and failures of every command used, subcommands included.</summary>
public static class CommandStatsSection
{
    public static void Write(InfoWriter info, BasaltServer server)
    {
        info.Section("Commandstats");
        foreach (var spec in server.Commands.All)
        {
            WriteCommand(info, spec);
        }
    }

    private static void WriteCommand(InfoWriter info, CommandSpec spec)
    {
        if (spec.Calls != 0 || spec.FailedCalls != 0 || spec.RejectedCalls != 0)
        {
            // Redis divides in float.
            var perCall = spec.Calls == 0 ? 0 : (float)spec.Microseconds / spec.Calls;
            info.Field("cmdstat_" + InfoWriter.Safe(spec.FullName), string.Create(CultureInfo.InvariantCulture,
                $"calls={spec.Calls},usec={spec.Microseconds},usec_per_call={PrintfFixed.Format(perCall, 2)},rejected_calls={spec.RejectedCalls},failed_calls={spec.FailedCalls}"));
        }
        if (spec.Subcommands is not null)
        {
            foreach (var sub in spec.Subcommands.Values)
            {
                WriteCommand(info, sub);
            }
        }
    }
}
