using Basalt.Text;
using System.Globalization;
using System.Text;

namespace Basalt.Server.Info;

/// <summary>Builds INFO's text: "# Title" headers, "name:value" lines, CRLF endings, a blank line between sections.</summary>
public sealed class InfoWriter
{
    private readonly StringBuilder _text = new();
    private int _sections;

    public void Section(string title)
    {
        if (_sections++ > 0)
        {
            _text.Append("\r\n");
        }
        _text.Append("# ").Append(title).Append("\r\n");
    }

    public void Field(string name, string value) => _text.Append(name).Append(':').Append(value).Append("\r\n");

    public void Field(string name, long value) => Field(name, value.ToString(CultureInfo.InvariantCulture));

    public void Field(string name, bool value) => Field(name, value ? "1" : "0");

    /// <summary>A value printed with "%.Nf".</summary>
    public void Field(string name, double value, int decimals) => Field(name, PrintfFixed.Format(value, decimals));

    public override string ToString() => _text.ToString();

    /// <summary>getSafeInfoString: characters that would break INFO's format become '_'.</summary>
    public static string Safe(string text) =>
        text.AsSpan().IndexOfAny("#:\n\r") < 0 ? text : string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = source[i] is '#' or ':' or '\n' or '\r' ? '_' : source[i];
            }
        });

    /// <summary>bytesToHuman: 100B, 2.00K, 4.50M... as INFO memory's *_human fields.</summary>
    public static string Human(long bytes)
    {
        var n = (ulong)bytes;
        const double K = 1024;
        return n switch
        {
            < 1024UL => $"{n}B",
            < 1024UL * 1024 => PrintfFixed.Format(n / K, 2) + "K",
            < 1024UL * 1024 * 1024 => PrintfFixed.Format(n / (K * K), 2) + "M",
            < 1024UL * 1024 * 1024 * 1024 => PrintfFixed.Format(n / (K * K * K), 2) + "G",
            < 1024UL * 1024 * 1024 * 1024 * 1024 => PrintfFixed.Format(n / (K * K * K * K), 2) + "T",
            < 1024UL * 1024 * 1024 * 1024 * 1024 * 1024 => PrintfFixed.Format(n / (K * K * K * K * K), 2) + "P",
            _ => $"{n}B",
        };
    }
}
