using System.Globalization;

namespace JobHub.Cli.Output;

/// <summary>
/// A transfer's progress on stderr: on a terminal one line updated in place (<c>uploading bundle: 45% (1.2 MiB of 2.6 MiB)</c>);
/// otherwise nothing, and the caller prints the outcome.
/// </summary>
internal sealed class ProgressLine(TextWriter error, bool inPlace, string what)
{
    private int _lastPercent = -1;
    private bool _lineOpen;

    /// <summary>Shows <paramref name="bytes"/> of <paramref name="total"/> (unknown when null); redraws only when the percentage moves.</summary>
    public void Show(long bytes, long? total)
    {
        if (!inPlace)
        {
            return;
        }

        var percent = total is > 0 and var known ? (int)(100 * bytes / known) : -1;
        if (percent == _lastPercent && percent >= 0)
        {
            return;
        }

        _lastPercent = percent;
        var line = total is { } size
            ? string.Create(CultureInfo.InvariantCulture, $"{what}: {percent}% ({UploadProgress.Size(bytes)} of {UploadProgress.Size(size)})")
            : $"{what}: {UploadProgress.Size(bytes)}";
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
