using System.Collections.Concurrent;
using System.Diagnostics;

namespace JobHub.Testing;

/// <summary>
/// A real child process with its output captured line by line, for end-to-end tests.
/// Disposing kills it if it is still running, so a failed test leaves nothing behind.
/// </summary>
public sealed class ExternalProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ExternalProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string Output => string.Join(Environment.NewLine, _output);

    public static ExternalProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return new ExternalProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {fileName}."));
    }

    /// <summary>Waits for exit; throws with the captured output if it takes longer than <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"Process {Id} did not exit within {timeout.TotalSeconds} s. Output so far:{Environment.NewLine}{Output}");
        }

        _process.WaitForExit(); // drains the asynchronous output readers
        return _process.ExitCode;
    }

    public void Signal(int signal) => ProcessSignals.Send(Id, signal);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
        }
    }
}
