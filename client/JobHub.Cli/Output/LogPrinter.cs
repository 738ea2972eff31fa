using System.Globalization;
using JobHub.Client;

namespace JobHub.Cli.Output;

/// <summary>Writes job log lines: standard output to stdout, standard error to stderr; workers' lines carry their index.</summary>
internal static class LogPrinter
{
    public static void Write(JobLogEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var output = entry.Stream == JobLogStream.StandardError ? Console.Error : Console.Out;
        output.WriteLine(entry.WorkerIndex == 0 ? entry.Text : string.Create(CultureInfo.InvariantCulture, $"[worker-{entry.WorkerIndex}] {entry.Text}"));
    }
}
