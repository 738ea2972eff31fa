using System.Collections.Concurrent;
using System.Diagnostics;
using JobHub.Client;
using JobHub.Contracts.Jobs;
using JobHub.Testing;
using Xunit.Abstractions;

namespace JobHub.Cluster.Tests.Jobs;

/// <summary>
/// Three silos on PostgreSQL run 300 jobs (single-process ones and elastic pools); one silo is SIGKILLed while they
/// run. Every job ends as it should: none is lost, none runs twice, elastic workers that died with the silo are
/// restarted elsewhere, the logs of completed jobs are complete, and every job answers again within 10 s of the kill.
/// </summary>
public sealed class ManyJobsFailoverTests(ITestOutputHelper output)
{
    private const int SingleJobs = 296;
    private const int ElasticJobs = 4;
    private const int SingleTicks = 15;
    private static readonly TimeSpan AnswerDeadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EndDeadline = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task SiloKilledWhile300JobsRun_EveryJobEndsAsItShould_NoneLostOrRunTwice_AndAllAnswerWithin10Seconds()
    {
        // 12 nodes of 4 vCPU: an elastic job's processes (3 vCPU each) take a node each, so the four elastic jobs' masters
        // and workers are spread over all nodes, and so over silos; single-process jobs (0.25 vCPU) fill what is left.
        await using var cluster = await JobClusterOfProcesses.StartAsync(
            nodes: 12,
            settings: ["--JobHub:LocalNodes:VcpuPerNode", "4", "--JobHub:Jobs:RestartBackoff", "00:00:00.500", "--Logging:LogLevel:Default", "Warning"]);
        var clients = cluster.Clients;
        // The elastic jobs' masters tick until the test releases them (after the kill), however slow the machine is.
        var release = Path.Combine(cluster.SharedDataDirectory, "release-elastic-masters");
        // The elastic jobs first, all running; then the single-process ones.
        var jobs = new ConcurrentBag<JobInfo>();
        await SubmitAsync(clients, Enumerable.Range(0, ElasticJobs).Select(i => Elastic($"elastic-{i}", release)), jobs);
        var elastic = jobs.Select(j => j.JobId).ToHashSet();
        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(elastic.Select(id => clients[0].GetWorkersAsync(id)))).All(w => w.All(p => p.Status == WorkerStatus.Running)),
            "the elastic jobs' masters and workers all run",
            TimeSpan.FromSeconds(60));

        // The victim: a silo running a worker (not the master) of an elastic job, so a restart is due while the job runs.
        (SiloProcess Silo, string JobId, int[] Workers)? target = null;
        await Eventually.WaitUntilAsync(
            async () => (target = await FindVictimAsync(cluster, elastic)) is not null,
            "an elastic job runs with a worker on another silo than its master",
            TimeSpan.FromSeconds(30));
        var (victim, restartedJob, lostWorkers) = target!.Value;

        await SubmitAsync(clients, Enumerable.Range(0, SingleJobs).Select(i => Single($"single-{i}")), jobs);
        var ids = jobs.Select(j => j.JobId).ToList();
        var survivors = clients.Where((_, i) => cluster.Silos[i] != victim).ToList();
        var completedBeforeKill = await CountEndedAsync(survivors[0], ids);
        output.WriteLine($"killing {victim.Process.Id}: it runs workers {string.Join(", ", lostWorkers)} of {restartedJob}; {completedBeforeKill} of {ids.Count} jobs had ended");

        victim.Process.Signal(ProcessSignals.SigKill);
        var killedAt = Stopwatch.StartNew();
        output.WriteLine($"killed at {TimeProvider.System.GetUtcNow():HH:mm:ss.fff}");

        // Every job answers again (through the survivors) within 10 s of the kill.
        var answered = await FirstAnswersAsync(survivors, ids, killedAt, AnswerDeadline + TimeSpan.FromSeconds(20));
        var slowest = answered.Values.Max();
        output.WriteLine($"every job answered again {slowest.TotalSeconds:0.0} s after the kill");
        Assert.True(slowest <= AnswerDeadline, $"the slowest job answered {slowest.TotalSeconds:0.0} s after the kill (limit {AnswerDeadline.TotalSeconds} s)");

        // The workers lost with the silo are restarted elsewhere while their job runs; only then may the masters end.
        await Eventually.WaitUntilAsync(
            async () => (await survivors[0].GetWorkersAsync(restartedJob)).Where(w => lostWorkers.Contains(w.Index)).All(w => w.Restarts >= 1 && w.Status == WorkerStatus.Running),
            $"the workers {string.Join(", ", lostWorkers)} of {restartedJob} run again elsewhere",
            TimeSpan.FromSeconds(60));
        await File.WriteAllTextAsync(release, "");

        // Every job ends (none lost): read them all until each is in an end state.
        var ended = new ConcurrentDictionary<string, JobInfo>();
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    await Parallel.ForEachAsync(ids.Where(id => !ended.ContainsKey(id)), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (id, _) =>
                    {
                        if (await TryGetAsync(survivors[Random.Shared.Next(survivors.Count)], id) is { State: var state } info && state.IsTerminal())
                        {
                            ended[id] = info;
                        }
                    });
                    return ended.Count == ids.Count;
                },
                $"all {ids.Count} jobs end after the kill",
                EndDeadline);
        }
        catch (TimeoutException)
        {
            foreach (var id in ids.Where(id => !ended.ContainsKey(id)).Take(10))
            {
                var info = await TryGetAsync(survivors[0], id);
                var processes = info is null ? [] : await survivors[0].GetWorkersAsync(id);
                output.WriteLine($"not ended: {id} {info?.State}: {string.Join(" → ", info?.History.Select(t => $"{t.Time:HH:mm:ss.fff} {t.State} ({t.Reason})") ?? [])}");
                output.WriteLine($"  workers: {string.Join("; ", processes.Select(w => $"{w.Index} {w.Status} on {w.NodeId} pid {w.Pid}: {w.Reason}"))}");
            }

            throw;
        }

        var listed = await ListedAsync(survivors[1], ids);
        Assert.Equal(ids.Count, listed.Count);
        Assert.All(listed, row => Assert.True(row.State.IsTerminal(), $"{row.JobId} is listed as {row.State}"));

        var byState = ended.Values.GroupBy(j => j.State).ToDictionary(g => g.Key, g => g.Count());
        output.WriteLine($"end states: {string.Join(", ", byState.Select(p => $"{p.Key} {p.Value}"))}; {killedAt.Elapsed.TotalSeconds:0} s after the kill");
        foreach (var job in ended.Values)
        {
            var history = string.Join(" → ", job.History.Select(t => $"{t.State} ({t.Reason})"));
            if (job.State == JobState.Completed)
            {
                // None ran twice, and the log is complete: the master started once and printed every tick in order.
                var lines = await ReadAllLogsAsync(survivors[0], job.JobId);
                var master = lines.Where(e => e.WorkerIndex == 0).Select(e => e.Text).ToList();
                var ticks = master.Where(l => l.StartsWith("tick", StringComparison.Ordinal)).ToList();
                var expected = job.Spec.Mode == JobMode.Distributed ? Math.Max(ticks.Count, 1) : SingleTicks;
                Assert.True(master.Count(l => l.StartsWith("start", StringComparison.Ordinal)) == 1, $"{job.JobId}: its master started {master.Count(l => l.StartsWith("start", StringComparison.Ordinal))} times; {history}");
                Assert.True(
                    ticks.SequenceEqual(Enumerable.Range(1, expected).Select(i => $"tick {i}")),
                    $"{job.JobId}: the master's log is not ticks 1..{expected} ({master.Count} lines); {history}");
            }
            else
            {
                // Only a job whose master died with the silo may fail, and it says so.
                Assert.True(job.State == JobState.Failed && job.Reason.StartsWith("master lost", StringComparison.Ordinal), $"{job.JobId} ended {job.State}: {history}");
            }
        }

        // The elastic job chosen above lost workers with the silo; they were restarted elsewhere and it completed.
        var restarted = ended[restartedJob];
        var workers = await survivors[0].GetWorkersAsync(restartedJob);
        output.WriteLine($"{restartedJob}: {string.Join(" → ", restarted.History.Select(t => $"{t.Time:HH:mm:ss.fff} {t.State} ({t.Reason})"))}");
        output.WriteLine($"  workers {string.Join("; ", workers.Select(w => $"{w.Index} {w.Status} since {w.Since:HH:mm:ss.fff} restarts {w.Restarts}: {w.Reason}"))}");
        Assert.Equal(JobState.Completed, restarted.State);
        Assert.All(lostWorkers, i => Assert.True(workers.Single(w => w.Index == i).Restarts >= 1, $"worker {i} of {restartedJob} was not restarted"));
        Assert.Equal(0, workers.Single(w => w.Index == 0).Restarts);

        // And every process of every job is over in the end (the job gives its reservations back only then).
        await Eventually.WaitUntilAsync(
            async () => (await Task.WhenAll(elastic.Select(id => survivors[0].GetWorkersAsync(id)))).All(list => list.All(w => w.Status.IsTerminal())),
            "every worker of every elastic job has ended",
            TimeSpan.FromSeconds(30));
    }

    private static JobSpec Single(string name) => ClusterJobSpecs.Shell(
        name,
        $"""echo "start $JOBHUB_JOB_ID"; for i in $(seq 1 {SingleTicks}); do echo "tick $i" || exit 3; sleep 0.2; done""") with
    {
        ProcessResources = new ProcessResources(0.25m, 64),
    };

    /// <summary>An elastic pool: the master ticks until <paramref name="release"/> exists while two workers idle until the job ends.</summary>
    private static JobSpec Elastic(string name, string release) => ClusterJobSpecs.Shell(
        name,
        $$"""
        if [ "$JOBHUB_ROLE" = master ]; then
          echo "start $JOBHUB_JOB_ID"; i=0; while [ ! -e '{{release}}' ]; do i=$((i+1)); echo "tick $i" || exit 3; sleep 0.2; done
        else
          while :; do sleep 1; echo "alive" || exit 3; done
        fi
        """) with
    {
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = 3, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic },
        ProcessResources = new ProcessResources(3, 64),
    };

    private static Task SubmitAsync(IReadOnlyList<JobHubClient> clients, IEnumerable<JobSpec> specs, ConcurrentBag<JobInfo> submitted) =>
        Parallel.ForEachAsync(specs.Select((spec, i) => (spec, i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (item, cancel) =>
            submitted.Add(await clients[item.i % clients.Count].SubmitAsync(item.spec, cancel)));

    private static async Task<(SiloProcess, string, int[])?> FindVictimAsync(JobClusterOfProcesses cluster, IReadOnlySet<string> elastic)
    {
        foreach (var jobId in elastic)
        {
            var workers = await cluster.Clients[0].GetWorkersAsync(jobId);
            if (workers.Count != 3 || workers.Any(w => w.Status != WorkerStatus.Running || w.Pid is null))
            {
                continue;
            }

            var master = cluster.SiloThatStarted(workers[0].Pid!.Value);
            var others = workers.Skip(1).Select(w => (w.Index, Silo: cluster.SiloThatStarted(w.Pid!.Value))).Where(w => w.Silo is not null && w.Silo != master).ToList();
            if (master is not null && others.Count > 0)
            {
                var silo = others[0].Silo!;
                return (silo, jobId, others.Where(w => w.Silo == silo).Select(w => w.Index).ToArray());
            }
        }

        return null;
    }

    /// <summary>For each job, the time after the kill at which it first answered through a surviving silo.</summary>
    private static async Task<IReadOnlyDictionary<string, TimeSpan>> FirstAnswersAsync(IReadOnlyList<JobHubClient> survivors, IReadOnlyList<string> ids, Stopwatch sinceKill, TimeSpan deadline)
    {
        var answered = new ConcurrentDictionary<string, TimeSpan>();
        await Eventually.WaitUntilAsync(
            async () =>
            {
                await Parallel.ForEachAsync(ids.Where(id => !answered.ContainsKey(id)), new ParallelOptions { MaxDegreeOfParallelism = 32 }, async (id, _) =>
                {
                    if (await TryGetAsync(survivors[Random.Shared.Next(survivors.Count)], id, TimeSpan.FromSeconds(2)) is not null)
                    {
                        answered.TryAdd(id, sinceKill.Elapsed);
                    }
                });
                return answered.Count == ids.Count;
            },
            "every job answers through a surviving silo",
            deadline);
        return answered;
    }

    private static async Task<int> CountEndedAsync(JobHubClient client, IReadOnlyList<string> ids) =>
        (await ListedAsync(client, ids)).Count(j => j.State.IsTerminal());

    private static async Task<IReadOnlyList<JobSummary>> ListedAsync(JobHubClient client, IReadOnlyList<string> ids)
    {
        var wanted = ids.ToHashSet();
        var rows = new List<JobSummary>();
        await foreach (var row in client.ListAllAsync(allOwners: true))
        {
            if (wanted.Contains(row.JobId))
            {
                rows.Add(row);
            }
        }

        return rows;
    }

    private static async Task<List<JobLogEntry>> ReadAllLogsAsync(JobHubClient client, string jobId)
    {
        var all = new List<JobLogEntry>();
        while (true)
        {
            var page = await client.ReadLogsAsync(jobId, all.Count == 0 ? 0 : all[^1].Sequence, 1000);
            if (page.Entries.Count == 0)
            {
                return all;
            }

            all.AddRange(page.Entries);
        }
    }

    private static async Task<JobInfo?> TryGetAsync(JobHubClient client, string jobId, TimeSpan? timeout = null)
    {
        using var cancel = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        try
        {
            return await client.GetAsync(jobId, cancel.Token);
        }
        catch (Exception ex) when (ex is JobHubApiException or HttpRequestException or TimeoutException or OperationCanceledException)
        {
            return null;
        }
    }
}
