using System.Globalization;
using JobHub.Client;
using JobHub.Contracts.Validation;

namespace JobHub.Cli.Output;

/// <summary>
/// Writes job log lines: standard output to stdout, standard error to stderr; workers' lines carry their index.
/// A line longer than the node's limit (16 KiB by default) reaches the API as several entries, each after the first marked
/// <see cref="JobLogEntry.IsContinuation"/>; they are joined back into one line. To do that while following, a line's
/// terminator is written only when the next line (or the end) comes, so pieces are printed as soon as they arrive.
/// Unless <c>raw</c>, control characters other than tab (escape codes, carriage returns, NUL, ...) are printed escaped
/// (<c>\u001b</c>, <see cref="TextRules.ForTerminal"/>), so a job cannot drive the terminal.
/// </summary>
internal sealed class LogPrinter(TextWriter output, TextWriter error, bool raw)
{
    private string? _openOutput;
    private string? _openError;

    public static LogPrinter ForConsole(bool raw = false) => new(Console.Out, Console.Error, raw);

    public void Write(JobLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var toError = entry.Stream == JobLogStream.StandardError;
        var writer = toError ? error : output;
        ref var open = ref toError ? ref _openError : ref _openOutput;
        var text = raw ? entry.Text : TextRules.ForTerminal(entry.Text, keepLineBreaks: true);
        if (entry.IsContinuation && open == entry.Process)
        {
            writer.Write(text);
            return;
        }

        // A new line, or a piece whose start was not printed just before it (another process's line came in between,
        // or --tail/--after began inside a split line): it starts its own line.
        if (open is not null)
        {
            writer.WriteLine();
        }

        writer.Write(entry.WorkerIndex == 0 ? text : string.Create(CultureInfo.InvariantCulture, $"[worker-{entry.WorkerIndex}] {text}"));
        open = entry.Process;
    }

    /// <summary>Ends the lines still open; call once the log is over (or the command stops).</summary>
    public void Complete()
    {
        if (_openOutput is not null)
        {
            output.WriteLine();
            _openOutput = null;
        }

        if (_openError is not null)
        {
            error.WriteLine();
            _openError = null;
        }
    }
}
