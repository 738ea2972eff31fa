using System.Diagnostics;
using System.Globalization;

namespace JobHub.Benchmarks.Harness;

/// <summary>
/// A benchmark silo in its own OS process: this binary started again with <see cref="SiloRole.Argument"/>.
/// It joins the cluster, prints "ready", and stops gracefully when its standard input closes.
/// </summary>
internal sealed class ChildSilo : IAsyncDisposable
{
    private readonly Process _process;

    private ChildSilo(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    /// <summary>The silo (and gateway) port it listens on.</summary>
    public int Port { get; }

    public static async Task<ChildSilo> StartAsync(string folder, string clusterId, int port)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false, // its errors go straight to the console; a full, unread pipe would stall it
            UseShellExecute = false,
        };
        var self = Environment.ProcessPath!;
        start.FileName = self;
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ChildSilo).Assembly.Location);
        }

        foreach (var argument in new[] { SiloRole.Argument, folder, clusterId, port.ToString(CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start a benchmark silo process.");
        var child = new ChildSilo(process, port);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                if (line == SiloRole.ReadyLine)
                {
                    return child;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        await child.DisposeAsync();
        throw new InvalidOperationException($"The benchmark silo process on port {port} did not become ready (its errors, if any, are printed above).");
    }

    /// <summary>The child's CPU time, allocations and collections so far.</summary>
    public async Task<ProcessStats> StatsAsync()
    {
        await _process.StandardInput.WriteLineAsync(SiloRole.StatsCommand);
        await _process.StandardInput.FlushAsync();
        var line = await _process.StandardOutput.ReadLineAsync() ?? throw new InvalidOperationException("The benchmark silo process exited.");
        return ProcessStats.Parse(line);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.StandardInput.Close(); // asks it to leave the cluster gracefully
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try
            {
                await _process.WaitForExitAsync(grace.Token);
            }
            catch (OperationCanceledException)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }

        _process.Dispose();
    }
}
