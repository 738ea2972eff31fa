using System.Diagnostics;
using JobHub.Client;
using JobHub.Contracts.Jobs;
using JobHub.Testing;
using Xunit.Abstractions;

namespace JobHub.Cluster.Tests.Jobs;

/// <summary>
/// SIGKILL of the silo that runs a job's processes: the job does not stay stuck. A lost master ends the job with the
/// reason in its history, every log line stored before the kill is still there, and the node takes new jobs on
/// another silo; lost workers are restarted elsewhere (elastic pool) or stay lost with the reason (fixed pool) while
/// the job goes on.
/// </summary>
public sealed class JobFailoverTests(ITestOutputHelper output)
{
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task SiloRunningTheJobKilled_JobEndsWithTheReasonInItsHistory_AndNoStoredLogLineIsLost()
    {
        await using var cluster = await JobClusterOfProcesses.StartAsync();
        var job = await cluster.Clients[0].SubmitAsync(ClusterJobSpecs.Ticker("long", 600));

        SiloProcess? victim = null;
        await Eventually.WaitUntilAsync(async () => (victim = await cluster.SiloRunningTheNodeAsync()) is not null, "a silo runs the job's node", TimeSpan.FromSeconds(30));
        var survivor = cluster.Clients[(cluster.Silos.IndexOf(victim!) + 1) % cluster.Silos.Count];
        var other = cluster.Clients[(cluster.Silos.IndexOf(victim!) + 2) % cluster.Silos.Count];
        IReadOnlyList<JobLogEntry> before = [];
        await Eventually.WaitUntilAsync(
            async () => (before = (await survivor.ReadLogsAsync(job.JobId)).Entries).Count >= 10,
            "the job has written 10 lines, readable through a surviving silo",
            TimeSpan.FromSeconds(30));

        victim!.Process.Signal(ProcessSignals.SigKill);
        var killedAt = Stopwatch.StartNew();

        JobInfo? ended = null;
        await Eventually.WaitUntilAsync(
            async () => (ended = await TryGetAsync(survivor, job.JobId)) is { } info && info.State.IsTerminal(),
            $"job {job.JobId} ends after the silo running its process was killed",
            RecoveryDeadline);

        output.WriteLine($"Job ended {killedAt.Elapsed.TotalSeconds:0.0} s after the kill of the silo running its node; history:");
        foreach (var transition in ended!.History)
        {
            output.WriteLine($"  {transition.Time:HH:mm:ss.fff} {transition.State}: {transition.Reason}");
        }

        Assert.Equal(JobState.Failed, ended.State);
        var last = ended.History[^1];
        Assert.Equal(JobState.Failed, last.State);
        Assert.Contains("lost", last.Reason, StringComparison.Ordinal);
        Assert.Contains(ended.History, t => t.State == JobState.Running);

        // Every line stored before the kill is still there, through both surviving silos, and nothing is missing in between.
        foreach (var client in new[] { survivor, other })
        {
            var after = (await client.ReadLogsAsync(job.JobId, limit: 5000)).Entries;
            Assert.True(after.Count >= before.Count, $"{client.BaseAddress} shows {after.Count} lines, fewer than the {before.Count} read before the kill");
            Assert.Equal(before.Select(e => (e.Sequence, e.Text)), after.Take(before.Count).Select(e => (e.Sequence, e.Text)));
            Assert.Equal(Enumerable.Range(1, after.Count).Select(i => $"tick {i}"), after.Select(e => e.Text));
        }

        // Not stuck: the job's reservation was given back, so the (only) node runs the next job, now on a surviving silo.
        var next = await other.SubmitAsync(ClusterJobSpecs.Ticker("after-failover", 3));
        using var cancel = new CancellationTokenSource(RecoveryDeadline);
        var done = await survivor.WaitForCompletionAsync(next.JobId, cancellationToken: cancel.Token);
        Assert.True(done.State == JobState.Completed, $"the job after the failover ended {done.State}: {done.Reason}");
        Assert.Equal(["tick 1", "tick 2", "tick 3"], (await other.ReadLogsAsync(next.JobId)).Entries.Select(e => e.Text));
    }

    [Fact]
    public async Task SiloRunningTheNodeKilled_YoungJobsNobodyAsksAbout_EndInTheJobList()
    {
        // No reminder brings these jobs back within the test (their delay is 10 min), nobody calls them, and the
        // survivors are only read through the job list: what ends them is the cluster waking every live job after a
        // silo left. Their grains are spread over all three silos, so some died with the node and some did not.
        await using var cluster = await JobClusterOfProcesses.StartAsync(settings: ["--JobHub:LocalNodes:VcpuPerNode", "8", "--JobHub:Jobs:ReconcileReminderDelay", "00:10:00"]);
        var jobs = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => cluster.Clients[i % 3].SubmitAsync(ClusterJobSpecs.Ticker($"young-{i}", 600))));
        var ids = jobs.Select(j => j.JobId).ToHashSet();

        SiloProcess? victim = null;
        await Eventually.WaitUntilAsync(async () => (victim = await cluster.SiloRunningTheNodeAsync()) is not null, "a silo runs the node", TimeSpan.FromSeconds(30));
        var survivor = cluster.Clients[(cluster.Silos.IndexOf(victim!) + 1) % cluster.Silos.Count];
        await Eventually.WaitUntilAsync(
            async () => await ListedAsync(survivor, ids) is { Count: 6 } running && running.All(j => j.State == JobState.Running),
            "the six jobs are listed as running",
            RecoveryDeadline);

        victim!.Process.Signal(ProcessSignals.SigKill);
        var killedAt = Stopwatch.StartNew();

        IReadOnlyList<JobSummary> listed = [];
        await Eventually.WaitUntilAsync(
            async () => (listed = await ListedAsync(survivor, ids)) is { Count: 6 } && listed.All(j => j.State.IsTerminal()),
            "every job is listed as ended after the silo running their node was killed, without anyone asking about them",
            RecoveryDeadline);
        output.WriteLine($"All six jobs listed as ended {killedAt.Elapsed.TotalSeconds:0.0} s after the kill");
        Assert.All(listed, j => Assert.Equal(JobState.Failed, j.State));

        var ended = await survivor.GetAsync(jobs[0].JobId);
        Assert.Contains("lost", ended.History[^1].Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(WorkerPoolKind.Elastic)]
    [InlineData(WorkerPoolKind.Fixed)]
    public async Task SiloRunningSomeWorkersKilled_ElasticOnesRestartElsewhere_FixedOnesStayLost_AndTheJobGoesOn(WorkerPoolKind pool)
    {
        const int Nodes = 6; // one process per 1-vCPU node; six nodes all on one silo of three is a 1-in-243 chance
        await using var cluster = await JobClusterOfProcesses.StartAsync(nodes: Nodes);
        var client = cluster.Clients[0];
        var job = await client.SubmitAsync(ClusterJobSpecs.Ticker(pool.ToString(), 600) with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = Nodes, ProcessesPerNode = 1, Pool = pool },
        });
        var workers = await client.GetWorkersAsync(job.JobId, wait: Nodes - 1, timeout: TimeSpan.FromSeconds(60));
        Assert.All(workers, w => Assert.Equal(WorkerStatus.Running, w.Status));
        var siloOf = workers.ToDictionary(w => w.Index, w => cluster.SiloThatStarted(w.Pid!.Value));
        var masterSilo = siloOf[0];
        var victim = siloOf.Values.FirstOrDefault(s => s is not null && s != masterSilo);
        Assert.True(victim is not null, $"every process runs on one silo ({string.Join(", ", workers.Select(w => w.NodeId))}): nothing to kill apart from the master");
        var lostIndexes = siloOf.Where(p => p.Value == victim).Select(p => p.Key).ToList();
        var survivor = cluster.Clients[cluster.Silos.IndexOf(masterSilo!)];

        victim!.Process.Signal(ProcessSignals.SigKill);

        // Elastic: lost, then restarted (by a surviving silo, which now hosts their nodes). Fixed: lost for good.
        Func<WorkerInfo, bool> recovered = pool == WorkerPoolKind.Elastic
            ? w => w is { Status: WorkerStatus.Running, Restarts: 1 }
            : w => w.Status == WorkerStatus.Lost && w.Reason.Contains("not restarted (fixed pool)", StringComparison.Ordinal);
        IReadOnlyList<WorkerInfo> now = [];
        await Eventually.WaitUntilAsync(
            async () => (now = await TryGetWorkersAsync(survivor, job.JobId) ?? now).Count == Nodes
                && lostIndexes.All(i => recovered(now.Single(w => w.Index == i))),
            $"workers {string.Join(", ", lostIndexes)} (on the killed silo) are {(pool == WorkerPoolKind.Elastic ? "running again after one restart" : "lost and not restarted")}",
            RecoveryDeadline);

        foreach (var worker in now.Where(w => lostIndexes.Contains(w.Index)))
        {
            output.WriteLine($"{pool} worker {worker.Index}: {worker.Status} on {worker.NodeId}, pid {worker.Pid}: {worker.Reason}");
            if (pool == WorkerPoolKind.Elastic)
            {
                Assert.NotEqual(victim, cluster.SiloThatStarted(worker.Pid!.Value));
            }
        }

        // The master never noticed.
        Assert.Equal(workers.Single(w => w.Index == 0).Pid, now.Single(w => w.Index == 0).Pid);
        var running = await survivor.GetAsync(job.JobId);
        Assert.Equal(JobState.Running, running.State);
        var history = await survivor.GetHistoryAsync(job.JobId);
        Assert.DoesNotContain(history, t => t.State.IsTerminal());

        await survivor.StopAsync(job.JobId, "test over");
        using var cancel = new CancellationTokenSource(RecoveryDeadline);
        Assert.Equal(JobState.Stopped, (await survivor.WaitForCompletionAsync(job.JobId, cancellationToken: cancel.Token)).State);
    }

    /// <summary>The job as one silo sees it, or null while the cluster is still failing over (calls may time out or be refused).</summary>
    /// <summary>The jobs' rows in the job list (read from the list only: no job grain is called).</summary>
    private static async Task<IReadOnlyList<JobSummary>> ListedAsync(JobHubClient client, IReadOnlySet<string> ids)
    {
        var page = await client.ListAsync(limit: 100, allOwners: true);
        return page.Jobs.Where(j => ids.Contains(j.JobId)).ToList();
    }

    private static async Task<JobInfo?> TryGetAsync(JobHubClient client, string jobId)
    {
        try
        {
            return await client.GetAsync(jobId);
        }
        catch (Exception ex) when (ex is JobHubApiException or HttpRequestException or TimeoutException)
        {
            return null;
        }
    }

    private static async Task<IReadOnlyList<WorkerInfo>?> TryGetWorkersAsync(JobHubClient client, string jobId)
    {
        try
        {
            return await client.GetWorkersAsync(jobId);
        }
        catch (Exception ex) when (ex is JobHubApiException or HttpRequestException or TimeoutException)
        {
            return null;
        }
    }
}
