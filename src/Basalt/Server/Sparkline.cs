using System.Text;

namespace Basalt.Server;

/// <summary>
/// The ASCII sparklines of LATENCY GRAPH, drawn exactly as Redis's sparkline.c draws them:
/// several rows of "_o#" characters per column, then the column labels written vertically.
/// </summary>
public sealed class Sparkline
{
    private const string Charset = "_-`";
    private const string FillCharset = "_o#";
    private const int LabelMarginTop = 1;

    private readonly List<(double Value, string? Label)> _samples = [];
    private double _min;
    private double _max;
    private int _labels;

    public void Add(double value, string? label)
    {
        if (_samples.Count == 0)
        {
            _min = _max = value;
        }
        else if (value < _min)
        {
            _min = value;
        }
        else if (value > _max)
        {
            _max = value;
        }
        label = string.IsNullOrEmpty(label) ? null : label;
        _samples.Add((value, label));
        if (label is not null)
        {
            _labels++;
        }
    }

    /// <summary>sparklineRender: the samples <paramref name="columns"/> at a time, each chunk <paramref name="rows"/> rows high.</summary>
    public void Render(StringBuilder output, int columns, int rows, bool fill)
    {
        for (var j = 0; j < _samples.Count; j += columns)
        {
            var length = Math.Min(_samples.Count - j, columns);
            if (j != 0)
            {
                output.Append('\n');
            }
            RenderRange(output, rows, j, length, fill);
        }
    }

    private void RenderRange(StringBuilder output, int rows, int offset, int length, bool fill)
    {
        var relMax = _max - _min;
        if (relMax == 0)
        {
            relMax = 1;
        }
        var steps = Charset.Length * rows;
        var row = 0;
        var chars = new char[length];
        var loop = true;
        while (loop)
        {
            loop = false;
            Array.Fill(chars, ' ');
            for (var j = 0; j < length; j++)
            {
                var (value, label) = _samples[j + offset];
                var relValue = value - _min;
                // C truncates the product to int before dividing by the double range.
                var step = (int)((int)(relValue * steps) / relMax);
                step = Math.Clamp(step, 0, steps - 1);
                if (row < rows)
                {
                    var charIndex = step - (rows - row - 1) * Charset.Length;
                    loop = true;
                    if (charIndex >= 0 && charIndex < Charset.Length)
                    {
                        chars[j] = fill ? FillCharset[charIndex] : Charset[charIndex];
                    }
                    else if (fill && charIndex >= Charset.Length)
                    {
                        chars[j] = '|';
                    }
                }
                else
                {
                    if (_labels > 0 && row - rows < LabelMarginTop)
                    {
                        loop = true;
                        break;
                    }
                    if (label is not null)
                    {
                        var labelChar = row - rows - LabelMarginTop;
                        if (label.Length > labelChar)
                        {
                            loop = true;
                            chars[j] = label[labelChar];
                        }
                    }
                }
            }
            if (loop)
            {
                row++;
                output.Append(chars).Append('\n');
            }
        }
    }
}
