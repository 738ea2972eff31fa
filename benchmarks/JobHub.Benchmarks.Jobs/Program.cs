using System.Diagnostics;
using System.Globalization;
using JobHub.Client;
using JobHub.Contracts.Jobs;
using JobHub.Testing;

// dotnet run -c Release --project benchmarks/JobHub.Benchmarks.Jobs -- [jobs=1000]
// Starts a real silo process (Release build, its own data folder) and measures, through the SDK:
//  1. N single-process jobs running `true`, all submitted at once: jobs/s from the first submit to
//     the last completion, and p50/p99 of submit->running and submit->completed (server timestamps).
//  2. One distributed elastic job of 1 master + 15 workers: time from submit until the master sees
//     15 running workers (the master runs `jobhub workers --wait 15` with its job token).
var jobs = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var data = Directory.CreateTempSubdirectory("jobhub-bench-jobs-").FullName;
Console.WriteLine($"JobHub job benchmark: {jobs} jobs; {Environment.ProcessorCount} cores; configuration {RepositoryPaths.Configuration}");
await using (var silo = await SiloProcess.StartAsync(data, "--JobHub:LocalNodes:VcpuPerNode", "64", "--Logging:LogLevel:Default", "Warning"))
{
    var client = new JobHubClient(new Uri($"http://127.0.0.1:{silo.Port}"));
    await ThroughputAsync(client, jobs, silo.Process.Id);
    await WorkersAsync(client);
}

Directory.Delete(data, recursive: true);

static async Task ThroughputAsync(JobHubClient client, int count, int siloPid)
{
    var spec = new JobSpec { Name = "bench", Command = "true", NodeType = "local", ProcessResources = new ProcessResources(0.01m, 16) };

    // Warm-up: a silo that has run a few hundred jobs has JIT-compiled (and tiered up) its hot paths, as one in
    // service has; the measured run then shows the steady state rather than the compiler.
    var warmUp = await Task.WhenAll(Enumerable.Range(0, WarmUpJobs).Select(async _ =>
    {
        using var limiter = await Gate.EnterAsync();
        return await client.SubmitAsync(spec);
    }));
    await Task.WhenAll(warmUp.Select(async job =>
    {
        using var limiter = await Gate.EnterAsync();
        return await client.WaitForCompletionAsync(job.JobId);
    }));

    var cpuBefore = CpuSeconds(siloPid);
    var clock = Stopwatch.StartNew();
    var submitted = await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
    {
        using var limiter = await Gate.EnterAsync();
        return await client.SubmitAsync(spec);
    }));
    var submitSeconds = clock.Elapsed.TotalSeconds;
    var done = await Task.WhenAll(submitted.Select(async job =>
    {
        using var limiter = await Gate.EnterAsync();
        return await client.WaitForCompletionAsync(job.JobId);
    }));

    var cpuAfter = CpuSeconds(siloPid);
    var failed = done.Count(j => j.State != JobState.Completed);
    var firstSubmit = done.Min(j => j.SubmittedAt);
    var lastEnd = done.Max(j => j.EndedAt!.Value);
    var toRunning = done.Select(j => (j.History.First(t => t.State == JobState.Running).Time - j.SubmittedAt).TotalMilliseconds).Order().ToArray();
    var toCompleted = done.Select(j => (j.EndedAt!.Value - j.SubmittedAt).TotalMilliseconds).Order().ToArray();
    Console.WriteLine();
    Console.WriteLine("| figure | value | target |");
    Console.WriteLine("|---|---|---|");
    Console.WriteLine($"| jobs submitted | {count} ({failed} did not complete) | |");
    Console.WriteLine($"| submit calls | {count / submitSeconds:0} /s | |");
    Console.WriteLine($"| end to end (first submit → last completion) | {count / (lastEnd - firstSubmit).TotalSeconds:0.0} jobs/s | ≥ 200 jobs/s |");
    Console.WriteLine($"| submit → running p50 / p99 | {Percentile(toRunning, 0.5):0} ms / {Percentile(toRunning, 0.99):0} ms | p99 < 250 ms |");
    Console.WriteLine($"| submit → completed p50 / p99 | {Percentile(toCompleted, 0.5):0} ms / {Percentile(toCompleted, 0.99):0} ms | |");
    Console.WriteLine($"| silo CPU per job (its own; its job processes) | {(cpuAfter.Own - cpuBefore.Own) * 1000 / count:0.0} ms; {(cpuAfter.Children - cpuBefore.Children) * 1000 / count:0.0} ms | |");
}

// CPU seconds the silo used (user + system), and those of its reaped children, from /proc: unlike rates,
// these hardly depend on what else the shared machine runs.
static (double Own, double Children) CpuSeconds(int pid)
{
    var stat = File.ReadAllText($"/proc/{pid}/stat");
    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
    double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100.0;
    return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
}

static async Task WorkersAsync(JobHubClient client)
{
    var cli = RepositoryPaths.BuiltAssembly(Path.Combine("client", "JobHub.Cli"), "jobhub");
    var script = $"dotnet '{cli}' workers \"$JOBHUB_JOB_ID\" --wait 15 --timeout 120 --url \"$JOBHUB_API_URL\" --token \"$JOBHUB_JOB_TOKEN\" > /dev/null && echo saw-15-workers-at $(date +%s%N); sleep 5";
    var spec = new JobSpec
    {
        Name = "bench-16",
        Command = "/bin/sh",
        Arguments = ["-c", $"if [ \"$JOBHUB_ROLE\" = master ]; then {script}; else sleep 60; fi"],
        NodeType = "local",
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = 1, ProcessesPerNode = 16, Pool = WorkerPoolKind.Elastic },
        ProcessResources = new ProcessResources(0.1m, 32),
    };
    var job = await client.SubmitAsync(spec);
    var ended = await client.WaitForCompletionAsync(job.JobId);
    var lines = await client.ReadLogsAsync(job.JobId, 0, 10_000);
    var seen = lines.Entries.Select(e => e.Text).FirstOrDefault(t => t.StartsWith("saw-15-workers-at ", StringComparison.Ordinal));
    if (seen is null)
    {
        Console.WriteLine($"| 1 master + 15 workers: master sees 15 workers | did not happen (job {ended.State}: {ended.Reason}) | |");
        return;
    }

    var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(seen["saw-15-workers-at ".Length..], CultureInfo.InvariantCulture) / 1_000_000);
    Console.WriteLine($"| 1 master + 15 workers: submit → master sees 15 workers | {(at - job.SubmittedAt).TotalMilliseconds:0} ms (includes starting the jobhub CLI, ~0.1-0.3 s) | |");
}

static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

/// <summary>Settings of the run.</summary>
internal static partial class Program
{
    /// <summary>Jobs run (and not measured) before the measured run.</summary>
    internal const int WarmUpJobs = 500;
}

/// <summary>Bounds concurrent HTTP calls so the benchmark measures the silo, not the client's socket pool.</summary>
internal static class Gate
{
    private static readonly SemaphoreSlim Slots = new(64);

    public static async Task<IDisposable> EnterAsync()
    {
        await Slots.WaitAsync();
        return new Release();
    }

    private sealed class Release : IDisposable
    {
        public void Dispose() => Slots.Release();
    }
}
