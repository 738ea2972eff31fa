using JobHub.Contracts.Jobs;

namespace JobHub.Cli.Output;

/// <summary>
/// Shows a waited-for job on stderr: on a terminal one line updated in place
/// (<c>queued: waiting for free nodes... (12 s)</c>); otherwise one line per change of state or reason.
/// </summary>
internal sealed class WaitProgress(TextWriter error, bool inPlace, TimeProvider time) : IProgress<JobInfo>
{
    private readonly long _started = time.GetTimestamp();
    private (JobState State, string Reason)? _last;
    private bool _lineOpen;

    public static WaitProgress ForConsole() => new(Console.Error, !Console.IsErrorRedirected, TimeProvider.System);

    public void Report(JobInfo value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.State.IsTerminal())
        {
            // The caller prints the outcome; only clear the progress line.
            if (_lineOpen)
            {
                error.Write("\r\u001b[2K");
                _lineOpen = false;
            }

            return;
        }

        var elapsed = JobText.Duration(time.GetElapsedTime(_started));
        var line = string.IsNullOrWhiteSpace(value.Reason)
            ? $"{JobText.Name(value.State)}... ({elapsed})"
            : $"{JobText.Name(value.State)}: {JobText.Safe(value.Reason)}... ({elapsed})";
        if (inPlace)
        {
            var width = SafeWidth();
            error.Write("\r\u001b[2K" + (line.Length > width ? line[..(width - 1)] + "…" : line));
            _lineOpen = true;
        }
        else if (_last != (value.State, value.Reason))
        {
            error.WriteLine(line);
        }

        _last = (value.State, value.Reason);
    }

    /// <summary>Ends the in-place line so what follows starts on its own line.</summary>
    public void Finish()
    {
        if (_lineOpen)
        {
            error.WriteLine();
            _lineOpen = false;
        }
    }

    private static int SafeWidth()
    {
        try
        {
            return Console.WindowWidth > 10 ? Console.WindowWidth - 1 : 120;
        }
        catch (IOException)
        {
            return 120;
        }
    }
}
