using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using JobHub.Simulator;
using JobHub.Simulator.ThroughGrains;

namespace JobHub.Scheduling.Tests;

/// <summary>
/// The simulator's <c>--grains</c> mode: a small trace through JobHub's real job, worker and node pool grains in a silo
/// on a virtual clock, run twice at once by the simulator's command line (each run narrows its process's thread pool to
/// one thread, so it needs a process of its own).
/// </summary>
public sealed class GrainSimulatorTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-grain-simulator-").FullName;

    [Fact]
    public async Task ThroughTheGrains_SameTrace_GivesTheSameReport_EveryJobEnds_AndNoCriticalProcessIsInterrupted()
    {
        // Single processes, elastic jobs and fixed gangs of two users; the gangs of 40 span two 32-vCPU nodes, and the
        // second wave queues behind the first (at most 4 nodes). The last elastic job's workers may run on the spot
        // node, which is interrupted often.
        TraceJob[] trace =
        [
            new(0, "s1", "alice", "lab", "single", 1, 1, 2m, 4096, 600, 0, false),
            new(30, "e1", "bob", "lab", "elastic", 20, 1, 1m, 2048, 900, 0, false),
            new(60, "f1", "alice", "lab", "fixed", 40, 40, 1m, 2048, 700, 0, false),
            new(90, "s2", "bob", "lab", "single", 1, 1, 4m, 8192, 300, 10, false),
            new(120, "f2", "bob", "lab", "fixed", 40, 40, 1m, 2048, 500, 0, false),
            new(150, "e2", "alice", "lab", "elastic", 30, 1, 1m, 2048, 1200, 0, true),
            new(900, "s3", "alice", "lab", "single", 1, 1, 1m, 2048, 120, 0, false),
        ];
        var tracePath = Path.Combine(_folder, "trace.csv");
        TraceFile.Write(tracePath, trace);

        var runs = await Task.WhenAll(RunAsync(tracePath, "first.json"), RunAsync(tracePath, "second.json"));
        var (first, second) = (runs[0], runs[1]);

        Assert.Equal(first.Deterministic(), second.Deterministic());
        Assert.Equal(trace.Length, first.Completed);
        Assert.Equal(0, first.Failed);
        Assert.Equal(0, first.InterruptedCriticalProcesses);
        Assert.True(first.ScaleUps > 0 && first.ScaleDowns > 0, first.Deterministic());
        Assert.True(first.Placements >= trace.Sum(j => j.Processes), first.Deterministic());
        Assert.True(first.WaitMaxSeconds > 60, first.Deterministic()); // the second wave waited for room
        Assert.Equal(0, first.Stalls);
        Assert.True(first.SpotInterruptions > 0 && first.RequeuedAfterInterruption > 0, first.Deterministic()); // its workers moved, its master ran on
    }

    [Fact]
    public async Task TheCommandLine_RefusesABadSetting_NamingIt()
    {
        using var process = Start(["--grains", "--spot-interruptions", "-1"]);
        var output = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("--spot-interruptions takes interruptions per node-hour from 0 to 1000", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandLine_StopsOnSigterm_MidRun_WithoutAReport()
    {
        var reportPath = Path.Combine(_folder, "stopped.json");
        using var process = Start(["--grains", "--report", reportPath]); // the full scale: minutes, stopped after its first steps
        var playing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                errors.Enqueue(line);
                if (line.Contains("step 1000:", StringComparison.Ordinal))
                {
                    playing.TrySetResult();
                }
            }
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        try
        {
            await playing.Task.WaitAsync(TimeSpan.FromMinutes(3));
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                Assert.Fail("The simulator did not stop within 60 s of SIGTERM.");
            }
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.Equal(130, process.ExitCode);
        Assert.Contains("stopped before the trace ended: no report", string.Join("\n", errors), StringComparison.Ordinal);
        Assert.False(File.Exists(reportPath));
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private async Task<SimulationReport> RunAsync(string tracePath, string reportName)
    {
        var reportPath = Path.Combine(_folder, reportName);
        using var process = Start(
        [
            "--grains", "--trace", tracePath, "--seed", "5", "--nodes", "4", "--scale-down-delay", "2", "--spot-interruptions", "30",
            "--user-cap", "400", "--report", reportPath,
        ]);
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        var printed = $"{await output}\n{await errors}";
        Assert.True(process.ExitCode == 0, $"exit {process.ExitCode.ToString(CultureInfo.InvariantCulture)}:\n{printed}");
        return JsonSerializer.Deserialize<SimulationReport>(await File.ReadAllTextAsync(reportPath))
            ?? throw new InvalidDataException($"{reportPath} holds no report.");
    }

    private static Process Start(IEnumerable<string> arguments)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(typeof(GrainSimulation).Assembly.Location);
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return Process.Start(info) ?? throw new InvalidOperationException("The simulator did not start.");
    }
}
