using System.Globalization;
using System.Text;
using Basalt.Tests.Infrastructure;

namespace Basalt.Tests.Server;

/// <summary>
/// Reads the RESP commands of an AOF stretch (Redis's INCR file, or <see cref="AofStreamRenderer"/>'s
/// bytes) into lines that two servers' logs can be compared by: each command as "db: ARGS" with the
/// database it applies to (followed through the SELECTs, which are dropped), MULTI and EXEC kept.
/// </summary>
public static class AofCommandStream
{
    /// <summary>Parses <paramref name="aof"/>, whose commands apply to <paramref name="initialDb"/> until a SELECT says otherwise.</summary>
    public static List<string[]> Read(ReadOnlySpan<byte> aof, int initialDb = 0)
    {
        var commands = new List<string[]>();
        var db = initialDb;
        var position = 0;
        while (position < aof.Length)
        {
            if (!RespParser.TryParse(aof[position..], out var value, out var consumed) || value!.Type != RespType.Array)
            {
                throw new InvalidDataException("not an AOF command at offset " + position + ": " + RespFormat.Escape(aof[position..]));
            }
            position += consumed;
            var args = value.Items.Select(item => Encoding.Latin1.GetString(item.Bytes!)).ToArray();
            if (args[0].Equals("SELECT", StringComparison.OrdinalIgnoreCase))
            {
                db = int.Parse(args[1], CultureInfo.InvariantCulture);
                continue;
            }
            commands.Add([db.ToString(CultureInfo.InvariantCulture) + ":", .. args]);
        }
        return commands;
    }

    /// <summary>The commands one per line, for failure messages.</summary>
    public static string Describe(IEnumerable<string[]> commands) =>
        string.Join('\n', commands.Select(c => string.Join(' ', c.Select(a => a.Length == 0 || a.Contains(' ') ? "\"" + a + "\"" : a))));
}
