using System.Globalization;
using JobHub.Client;

namespace JobHub.Cli.Output;

/// <summary>
/// Shows a code bundle upload on stderr: on a terminal one line updated in place
/// (<c>uploading bundle: 45% (1.2 MiB of 2.6 MiB)</c>); otherwise nothing until the caller prints the outcome.
/// </summary>
internal sealed class UploadProgress(TextWriter error, bool inPlace) : IProgress<CodeBundleUploadProgress>
{
    private int _lastPercent = -1;
    private bool _lineOpen;

    public static UploadProgress ForConsole() => new(Console.Error, !Console.IsErrorRedirected);

    public static string Size(long bytes) => bytes switch
    {
        < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} B"),
        < 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KiB"),
        < 1024L * 1024 * 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024):0.#} MiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (1024.0 * 1024 * 1024):0.##} GiB"),
    };

    public void Report(CodeBundleUploadProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!inPlace)
        {
            return;
        }

        var percent = value.TotalBytes is > 0 and var total ? (int)(100 * value.BytesSent / total) : -1;
        if (percent == _lastPercent && percent >= 0)
        {
            return;
        }

        _lastPercent = percent;
        var line = value.TotalBytes is { } size
            ? string.Create(CultureInfo.InvariantCulture, $"uploading bundle: {percent}% ({Size(value.BytesSent)} of {Size(size)})")
            : $"uploading bundle: {Size(value.BytesSent)}";
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
