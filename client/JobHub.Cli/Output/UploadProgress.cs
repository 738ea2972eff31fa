using System.Globalization;
using JobHub.Client;

namespace JobHub.Cli.Output;

/// <summary>
/// Shows a code bundle upload on stderr: on a terminal one line updated in place
/// (<c>uploading bundle: 45% (1.2 MiB of 2.6 MiB)</c>); otherwise nothing until the caller prints the outcome.
/// </summary>
internal sealed class UploadProgress(TextWriter error, bool inPlace) : IProgress<CodeBundleUploadProgress>
{
    private readonly ProgressLine _line = new(error, inPlace, "uploading bundle");

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
        _line.Show(value.BytesSent, value.TotalBytes);
    }

    /// <summary>Clears the in-place line so what follows starts on its own line.</summary>
    public void Finish() => _line.Finish();
}
