using System.Globalization;
using JobHub.Cli.Output;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary>
/// Shows a dataset upload or download on stderr like a bundle upload: on a terminal one line updated in place
/// (<c>uploading dataset: 45% (1.2 GiB of 2.6 GiB)</c>); otherwise nothing until the outcome is printed.
/// </summary>
internal sealed class DatasetsProgress(TextWriter error, bool inPlace, string verb) : IProgress<DatasetTransferProgress>
{
    private int _lastPercent = -1;
    private bool _lineOpen;

    public static DatasetsProgress ForConsole(string verb) => new(Console.Error, !Console.IsErrorRedirected, verb);

    public void Report(DatasetTransferProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!inPlace)
        {
            return;
        }

        var percent = value.TotalBytes is > 0 and var total ? (int)(100 * value.Bytes / total) : -1;
        if (percent == _lastPercent && percent >= 0)
        {
            return;
        }

        _lastPercent = percent;
        var line = value.TotalBytes is { } size
            ? string.Create(CultureInfo.InvariantCulture, $"{verb} dataset: {percent}% ({UploadProgress.Size(value.Bytes)} of {UploadProgress.Size(size)})")
            : $"{verb} dataset: {UploadProgress.Size(value.Bytes)}";
        error.Write("\r\u001b[2K" + line);
        _lineOpen = true;
    }

    /// <summary>Clears the in-place line so what follows starts on its own line.</summary>
    public void Finish()
    {
        if (_lineOpen)
        {
            error.Write("\r\u001b[2K");
            _lineOpen = false;
        }
    }
}
