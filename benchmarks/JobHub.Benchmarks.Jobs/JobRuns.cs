using System.Diagnostics;
using System.Globalization;
using JobHub.Client;
using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Benchmarks.Jobs;

/// <summary>The measured scenarios; each prints its rows of a Markdown table.</summary>
internal static class JobRuns
{
    /// <summary>Jobs run (and not measured) before the measured run.</summary>
    private const int WarmUpJobs = 500;

    /// <summary>With <c>--steady</c>: the warm-up goes on in batches of this many jobs until one leaves the JIT idle.</summary>
    private const int SteadyBatchJobs = 250;

    /// <summary>With <c>--steady</c>: a batch counts as steady when the JIT thread used at most this share of the silos' CPU during it.</summary>
    private const double SteadyJitShare = 0.02;

    /// <summary>With <c>--steady</c>: the most warm-up jobs before measuring anyway (and saying so).</summary>
    private const int SteadyMaxWarmUpJobs = 20_000;

    /// <summary>The busy columns of /proc/stat's cpu line: user, nice, system, irq, softirq.</summary>
    private static readonly int[] BusyFields = [1, 2, 3, 6, 7];

    /// <summary>Bounds concurrent HTTP calls so the benchmark measures the silos, not the client's socket pool.</summary>
    private static readonly SemaphoreSlim Slots = new(64);

    /// <summary>
    /// Runs <paramref name="count"/> jobs after a warm-up and prints the table. The default warm-up (500 jobs) leaves a
    /// fresh silo still tiering up its hot methods during the measured jobs, as a silo is in its first minute after a
    /// start; with <paramref name="steady"/> the warm-up goes on until the silos' JIT thread is idle, for the figures
    /// of a silo in service.
    /// </summary>
    public static async Task ThroughputAsync(IReadOnlyList<JobHubClient> clients, int count, IReadOnlyList<int> siloPids, bool steady = false)
    {
        var spec = new JobSpec { Name = "bench", Command = "true", NodeType = "local", ProcessResources = new ProcessResources(0.01m, 16) };

        await RunAsync(clients, spec, WarmUpJobs);
        var warmUp = steady ? await WarmUpUntilSteadyAsync(clients, spec, siloPids) : $"{WarmUpJobs} jobs";

        var cpuBefore = siloPids.Select(CpuSeconds).ToArray();
        var jitBefore = JitThread.Sample(siloPids);
        var (machineBefore, postgresBefore) = (MachineCpuSeconds(), PostgresCpuSeconds());
        var (submitSeconds, done) = await RunAsync(clients, spec, count);
        var cpuAfter = siloPids.Select(CpuSeconds).ToArray();
        var jit = JitThread.Between(jitBefore, JitThread.Sample(siloPids));
        var (machine, postgres) = (MachineCpuSeconds() - machineBefore, PostgresCpuSeconds() - postgresBefore);

        var own = cpuAfter.Zip(cpuBefore, (a, b) => a.Own - b.Own).Sum();
        var children = cpuAfter.Zip(cpuBefore, (a, b) => a.Children - b.Children).Sum();
        var failed = done.Count(j => j.State != JobState.Completed);
        var firstSubmit = done.Min(j => j.SubmittedAt);
        var lastEnd = done.Max(j => j.EndedAt!.Value);
        var toRunning = done.Select(j => (j.History.First(t => t.State == JobState.Running).Time - j.SubmittedAt).TotalMilliseconds).Order().ToArray();
        var toCompleted = done.Select(j => (j.EndedAt!.Value - j.SubmittedAt).TotalMilliseconds).Order().ToArray();
        Console.WriteLine();
        Console.WriteLine("| figure | value |");
        Console.WriteLine("|---|---|");
        Console.WriteLine($"| warm-up | {warmUp} |");
        Console.WriteLine($"| jobs submitted | {count} ({failed} did not complete) |");
        Console.WriteLine($"| submit calls | {count / submitSeconds:0} /s |");
        Console.WriteLine($"| end to end (first submit → last completion) | {count / (lastEnd - firstSubmit).TotalSeconds:0.0} jobs/s |");
        Console.WriteLine($"| submit → running p50 / p99 | {Percentile(toRunning, 0.5):0} ms / {Percentile(toRunning, 0.99):0} ms |");
        Console.WriteLine($"| submit → completed p50 / p99 | {Percentile(toCompleted, 0.5):0} ms / {Percentile(toCompleted, 0.99):0} ms |");
        Console.WriteLine($"| silo CPU per job ({siloPids.Count} silo{(siloPids.Count > 1 ? "s" : "")}; their job processes) | {own * 1000 / count:0.0} ms; {children * 1000 / count:0.0} ms |");
        Console.WriteLine($"| of the silo CPU: its JIT thread (tiered compilation) per job | {jit * 1000 / count:0.00} ms ({(own > 0 ? jit / own : 0):0%}) |");
        Console.WriteLine($"| PostgreSQL server CPU per job | {postgres * 1000 / count:0.0} ms |");
        Console.WriteLine($"| whole machine CPU per job (everything, this benchmark included) | {machine * 1000 / count:0.0} ms |");
    }

    /// <summary>
    /// Runs batches of jobs until, in two batches in a row, the silos' JIT thread used at most <see cref="SteadyJitShare"/>
    /// of their CPU (one quiet batch can be luck: the next one may reach methods not yet tiered up), waiting before each
    /// batch until that thread is idle (the tier-up it queued during the last batch can keep it busy for seconds after).
    /// Then waits for it once more, so the measured jobs start with no compilation queued. Returns the warm-up's
    /// description for the table.
    /// </summary>
    private static async Task<string> WarmUpUntilSteadyAsync(IReadOnlyList<JobHubClient> clients, JobSpec spec, IReadOnlyList<int> siloPids)
    {
        var jobs = WarmUpJobs;
        var quietBatches = 0;
        var clock = Stopwatch.StartNew();
        while (true)
        {
            await JitThread.WaitUntilIdleAsync(siloPids, TimeSpan.FromSeconds(60));
            var cpuBefore = siloPids.Sum(pid => CpuSeconds(pid).Own);
            var jitBefore = JitThread.Sample(siloPids);
            await RunAsync(clients, spec, SteadyBatchJobs);
            jobs += SteadyBatchJobs;
            var jit = JitThread.Between(jitBefore, JitThread.Sample(siloPids));
            var own = siloPids.Sum(pid => CpuSeconds(pid).Own) - cpuBefore;
            quietBatches = jit <= SteadyJitShare * own ? quietBatches + 1 : 0;
            var settled = quietBatches == 2;
            if (settled || jobs >= SteadyMaxWarmUpJobs)
            {
                var idle = await JitThread.WaitUntilIdleAsync(siloPids, TimeSpan.FromSeconds(60));
                return string.Create(
                    CultureInfo.InvariantCulture,
                    $"{jobs} jobs in {clock.Elapsed.TotalSeconds:0} s, {(settled ? "until" : "stopped at the limit before")} the JIT thread used ≤ {SteadyJitShare:0%} of the silo CPU in 2 batches of {SteadyBatchJobs} in a row (last: {jit * 1000:0} of {own * 1000:0} ms); JIT {(idle ? "idle" : "still busy")} at the start");
            }
        }
    }

    /// <summary>30 long jobs run; one of three silos is SIGKILLed; how long until every job answers again through the others.</summary>
    public static async Task FailoverAsync(JobClusterOfProcesses cluster)
    {
        var spec = new JobSpec { Name = "long", Command = "/bin/sh", Arguments = ["-c", "while :; do sleep 1; echo tick || exit 3; done"], NodeType = "local", ProcessResources = new ProcessResources(0.1m, 16) };
        var jobs = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => cluster.Clients[i % 3].SubmitAsync(spec)));
        var victim = cluster.Silos[1];
        var survivors = cluster.Clients.Where((_, i) => i != 1).ToArray();
        victim.Process.Signal(ProcessSignals.SigKill);
        var sinceKill = Stopwatch.StartNew();
        var answered = new Dictionary<string, double>();
        while (answered.Count < jobs.Length && sinceKill.Elapsed < TimeSpan.FromSeconds(60))
        {
            foreach (var job in jobs.Where(j => !answered.ContainsKey(j.JobId)))
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(1));
                try
                {
                    await survivors[answered.Count % survivors.Length].GetAsync(job.JobId, cancel.Token);
                    answered[job.JobId] = sinceKill.Elapsed.TotalSeconds;
                }
                catch (Exception ex) when (ex is JobHubApiException or HttpRequestException or OperationCanceledException)
                {
                    // Not yet: the cluster is still failing over.
                }
            }
        }

        Console.WriteLine(answered.Count == jobs.Length
            ? $"| failover: SIGKILL of 1 of 3 silos → every one of 30 jobs answers again | {answered.Values.Max():0.0} s (first answers after {answered.Values.Min():0.0} s) |"
            : $"| failover: SIGKILL of 1 of 3 silos → every one of 30 jobs answers again | not within 60 s ({answered.Count} of 30) |");
    }

    public static async Task WorkersAsync(JobHubClient client)
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
            Console.WriteLine($"| 1 master + 15 workers: master sees 15 workers | did not happen (job {ended.State}: {ended.Reason}) |");
            return;
        }

        var at = DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(seen["saw-15-workers-at ".Length..], CultureInfo.InvariantCulture) / 1_000_000);
        Console.WriteLine($"| 1 master + 15 workers: submit → master sees 15 workers | {(at - job.SubmittedAt).TotalMilliseconds:0} ms (includes starting the jobhub CLI, ~0.1-0.3 s) |");
    }

    /// <summary>Submits <paramref name="count"/> jobs at once (spread over the clients) and waits for all; the submit phase's seconds and the ended jobs.</summary>
    private static async Task<(double SubmitSeconds, JobInfo[] Done)> RunAsync(IReadOnlyList<JobHubClient> clients, JobSpec spec, int count)
    {
        var clock = Stopwatch.StartNew();
        var submitted = await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
        {
            await Slots.WaitAsync();
            try
            {
                return await clients[i % clients.Count].SubmitAsync(spec);
            }
            finally
            {
                Slots.Release();
            }
        }));
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var done = await Task.WhenAll(submitted.Select(async (job, i) =>
        {
            await Slots.WaitAsync();
            try
            {
                return await clients[i % clients.Count].WaitForCompletionAsync(job.JobId);
            }
            finally
            {
                Slots.Release();
            }
        }));
        return (submitSeconds, done);
    }

    /// <summary>
    /// CPU seconds the silo used (user + system), and those of its reaped children, from /proc: unlike rates, these
    /// hardly depend on what else the shared machine runs.
    /// </summary>
    private static (double Own, double Children) CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        double Ticks(int field) => long.Parse(fields[field - 3], CultureInfo.InvariantCulture) / 100.0;
        return (Ticks(14) + Ticks(15), Ticks(16) + Ticks(17));
    }

    /// <summary>CPU seconds every core spent busy (user, nice, system, irq, softirq), from /proc/stat.</summary>
    private static double MachineCpuSeconds()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return BusyFields.Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>CPU seconds of every process named postgres (the server's backends come and go with connections; this counts the live ones).</summary>
    private static double PostgresCpuSeconds()
    {
        var total = 0.0;
        foreach (var folder in Directory.EnumerateDirectories("/proc").Where(d => int.TryParse(Path.GetFileName(d), out _)))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(folder, "stat"));
                if (stat.Contains("(postgres)", StringComparison.Ordinal))
                {
                    total += CpuSeconds(int.Parse(Path.GetFileName(folder), CultureInfo.InvariantCulture)).Own;
                }
            }
            catch (IOException)
            {
                // The process ended meanwhile.
            }
        }

        return total;
    }

    private static double Percentile(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
}
