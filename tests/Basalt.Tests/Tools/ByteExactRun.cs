using System.Diagnostics;
using System.Text;
using Basalt.Tests.Infrastructure;
using Basalt.Text;
using Basalt.Tools;

namespace Basalt.Tests.Tools;

/// <summary>
/// Runs a program, or the <c>basalt</c> tool in-process, and gives its stdout and stderr as byte
/// strings (one char per byte, as <see cref="Encoding.Latin1"/> reads them), so that comparing two
/// outputs compares their bytes: a name that is not UTF-8 must come out as the C tools print it.
/// </summary>
internal static class ByteExactRun
{
    /// <summary>Runs <paramref name="fileName"/> to completion (killed, by its own PID, after <paramref name="timeout"/>).</summary>
    public static async Task<ToolResult> ProcessAsync(string fileName, IEnumerable<string> args, TimeSpan timeout, string? stdin = null)
    {
        var psi = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {fileName}");
        var stdout = ReadAllAsync(process.StandardOutput.BaseStream);
        var stderr = ReadAllAsync(process.StandardError.BaseStream);
        try
        {
            if (stdin is not null)
            {
                await process.StandardInput.BaseStream.WriteAsync(Encoding.UTF8.GetBytes(stdin));
            }
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program ended without reading its input (a broken pipe): what it printed still counts.
        }
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: false);
            throw new TimeoutException($"{fileName} {string.Join(' ', psi.ArgumentList)} did not finish within {timeout}");
        }
        return new ToolResult(process.ExitCode, Encoding.Latin1.GetString(await stdout), Encoding.Latin1.GetString(await stderr));
    }

    /// <summary>Runs <c>basalt ARGS</c> in-process, its output encoded as the process's console encodes it.</summary>
    public static ToolResult Tool(IReadOnlyList<string> args, string stdin = "")
    {
        var output = new StringWriter { NewLine = "\n" };
        var error = new StringWriter { NewLine = "\n" };
        var code = ToolCommands.Run(args, new ToolConsole(new StringReader(stdin), output, error, isTerminal: false));
        return new ToolResult(code, AsBytes(output.ToString()), AsBytes(error.ToString()));
    }

    /// <summary>The bytes the tool's console writes for <paramref name="text"/>, one char per byte.</summary>
    public static string AsBytes(string text) => Encoding.Latin1.GetString(SurrogateEscape.Encoding.GetBytes(text));

    /// <summary>A byte string read back as UTF-8, to look for readable text in it.</summary>
    public static string AsUtf8(string bytes) => Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(bytes));

    private static async Task<byte[]> ReadAllAsync(Stream stream)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer);
        return buffer.ToArray();
    }
}
