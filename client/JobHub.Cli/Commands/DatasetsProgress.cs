using JobHub.Cli.Output;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary>
/// Shows a dataset upload or download on stderr like a bundle upload: on a terminal one line updated in place
/// (<c>uploading dataset: 45% (1.2 GiB of 2.6 GiB)</c>); otherwise nothing until the outcome is printed.
/// </summary>
internal sealed class DatasetsProgress(TextWriter error, bool inPlace, string verb) : IProgress<DatasetTransferProgress>
{
    private readonly ProgressLine _line = new(error, inPlace, $"{verb} dataset");

    public static DatasetsProgress ForConsole(string verb) => new(Console.Error, !Console.IsErrorRedirected, verb);

    public void Report(DatasetTransferProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _line.Show(value.Bytes, value.TotalBytes);
    }

    /// <summary>Clears the in-place line so what follows starts on its own line.</summary>
    public void Finish() => _line.Finish();
}
