using System.Diagnostics;
using JobHub.Agent.Bundles;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;

namespace JobHub.Grains.Tests;

public sealed class DistributedJobTests : IAsyncLifetime
{
    /// <summary>The master waits for a file named "go" in its working folder; workers sleep until stopped. Every process logs its role.</summary>
    private const string Script = """
        echo "$JOBHUB_ROLE $JOBHUB_WORKER_INDEX of $JOBHUB_NWORKERS elastic=$JOBHUB_ELASTIC_WORKERS"
        if [ "$JOBHUB_ROLE" = master ]; then
          while [ ! -f go ]; do sleep 0.05; done
          exit 0
        fi
        exec sleep 30
        """;

    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync();

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task FixedPool_MasterWaitsForWorkers_KilledWorkerIsNotRestarted_JobCompletes()
    {
        var (jobId, _) = await _host.SubmitAsync(Distributed(WorkerPoolKind.Fixed, processes: 4));

        // The job does not wait for a fixed pool's worker starts: it runs once they reported running.
        await _host.WaitForStateAsync(jobId, JobState.Running);
        var workers = await _host.Job(jobId).GetWorkers();
        Assert.Equal(4, workers.Length);
        Assert.All(workers, w => Assert.Equal(WorkerStatus.Running, w.Status));
        var master = workers[0];
        Assert.Equal(WorkerRole.Master, master.Role);
        Assert.All(workers.Skip(1), w => Assert.True(w.StartedAt <= master.StartedAt, $"worker {w.Index} started at {w.StartedAt}, after the master ({master.StartedAt})"));

        Process.GetProcessById(workers[2].Pid!.Value).Kill();
        var killed = await _host.WaitForWorkerAsync(jobId, 2, w => w.Status == WorkerStatus.Failed, "failed after the kill");

        Assert.Equal(0, killed.Restarts);
        Assert.Contains("not restarted (fixed pool)", killed.Reason, StringComparison.Ordinal);
        Assert.Equal(JobState.Running, (await _host.Job(jobId).Get()).State);

        await File.WriteAllTextAsync(Path.Combine(_host.Layout.For(jobId).WorkDirectory, "go"), "");
        var done = await _host.WaitForStateAsync(jobId, JobState.Completed);

        Assert.Equal("master exited with code 0", done.Reason);
        await Eventually.WaitUntilAsync(async () => (await _host.Job(jobId).GetWorkers()).All(w => w.Status.IsTerminal()), "every worker should be stopped after the master exited");
        await Eventually.WaitUntilAsync(async () => (await Pool().GetInfo()).Nodes.All(n => n.Reservations == 0), "the job's reservations should be released");
        var logs = await _host.Logs.ReadAsync(jobId, 0, 100);
        Assert.Contains(logs, l => l.WorkerIndex == 3 && l.Process == $"{jobId}/worker-3" && l.Text == "worker 3 of 3 elastic=false");
    }

    [Fact]
    public async Task FixedPool_WorkersThatCannotStart_FailTheJobBeforeTheMasterStarts()
    {
        var spec = Distributed(WorkerPoolKind.Fixed, processes: 3) with { Command = "/no/such/program", Arguments = [] };

        var (jobId, _) = await _host.SubmitAsync(spec);
        var info = await _host.WaitForStateAsync(jobId, JobState.Failed);

        Assert.Equal("only 0 of the 2 required workers could start", info.Reason);
        Assert.Null((await _host.Job(jobId).GetWorkers())[0].StartedAt);
    }

    [Fact]
    public async Task FixedPool_WorkersStillStartingAtTheDeadline_FailTheJobWithTheReason()
    {
        await using var host = await JobsHost.StartAsync(jobs: o => o.FixedPoolStartDeadline = TimeSpan.FromSeconds(1));
        // A code bundle whose archive cannot be read yet (a named pipe nobody writes to: like a large bundle on a
        // slow disk): every process of the job waits in its start, unpacking it, so no worker runs in time.
        const string BundleId = "bundle-slow";
        using (var placeholder = new MemoryStream("soon"u8.ToArray()))
        {
            await host.Blobs.PutAsync(CodeBundleStore.ArchiveKey(BundleId), placeholder);
        }

        var archive = Directory.EnumerateFiles(host.Root, BundleId, SearchOption.AllDirectories).Single(f => Path.GetFileName(Path.GetDirectoryName(f)) == "bundles");
        File.Delete(archive);
        using (var mkfifo = Process.Start("mkfifo", [archive]))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var arrived = false;
        Task ArchiveArrivesAsync()
        {
            // The archive "arrives" as garbage: the blocked read returns, and the starts fail. Opening a pipe
            // for writing blocks until its reader is there, so off the test's thread.
            if (arrived)
            {
                return Task.CompletedTask;
            }

            arrived = true;
            return Task.Run(async () =>
            {
                await using var writer = new FileStream(archive, FileMode.Open, FileAccess.Write);
                await writer.WriteAsync("not a tar.gz"u8.ToArray());
            });
        }

        var spec = Distributed(WorkerPoolKind.Fixed, processes: 3) with { Command = null, Arguments = [], EntryScript = "run.sh", CodeBundleId = BundleId };
        try
        {
            var (jobId, submitted) = await host.SubmitAsync(spec);
            Assert.Equal(JobState.Starting, submitted.State);

            var failed = await host.WaitForStateAsync(jobId, JobState.Failed);

            Assert.Equal("only 0 of the 2 required workers were running after 00:00:01", failed.Reason);
            Assert.Equal([JobState.Submitted, JobState.Starting, JobState.Failed], failed.History.Select(t => t.State));
            Assert.True(failed.EndedAt - failed.SubmittedAt >= TimeSpan.FromSeconds(1), "the job should fail only once the deadline passed");
            Assert.Null((await host.Job(jobId).GetWorkers())[0].StartedAt);

            // Then the workers end and the job gives its reservations back, keeping its reason.
            await ArchiveArrivesAsync();
            await AssertEndsAndReleasesAsync(host, jobId);
            Assert.Equal(failed.Reason, (await host.Job(jobId).Get()).Reason);
        }
        finally
        {
            await ArchiveArrivesAsync().WaitAsync(TimeSpan.FromSeconds(10)); // never leave a start blocked on the pipe
        }
    }

    [Fact]
    public async Task ElasticPool_MasterRunsFirst_KilledWorkerRestarts_LateWorkersJoin()
    {
        var (blockerId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 30") with { ProcessResources = new ProcessResources(2, 256) });

        var (jobId, submitted) = await _host.SubmitAsync(Distributed(WorkerPoolKind.Elastic, processes: 4));

        Assert.Equal(JobState.Running, submitted.State);
        var workers = await _host.Job(jobId).GetWorkers();
        Assert.Equal(WorkerStatus.Running, workers[0].Status);
        Assert.Equal(WorkerStatus.Running, workers[1].Status);
        Assert.True(workers[0].StartedAt <= workers[1].StartedAt, "the master should start before the workers");
        Assert.Equal(WorkerStatus.Pending, workers[2].Status);
        Assert.Equal(WorkerStatus.Pending, workers[3].Status);

        var firstPid = workers[1].Pid!.Value;
        Process.GetProcessById(firstPid).Kill();
        var restarted = await _host.WaitForWorkerAsync(jobId, 1, w => w.Status == WorkerStatus.Running && w.Pid != firstPid, "running again after a restart");
        Assert.Equal(1, restarted.Restarts);

        await _host.Job(blockerId).Stop(JobsHost.Owner, "make room");
        await _host.WaitForWorkerAsync(jobId, 2, w => w.Status == WorkerStatus.Running, "placed and running once room was made");
        await _host.WaitForWorkerAsync(jobId, 3, w => w.Status == WorkerStatus.Running, "placed and running once room was made");

        await File.WriteAllTextAsync(Path.Combine(_host.Layout.For(jobId).WorkDirectory, "go"), "");
        await _host.WaitForStateAsync(jobId, JobState.Completed);
    }

    [Fact]
    public async Task ElasticPool_WorkerFailingEveryTime_StaysFailedAtTheCap()
    {
        var spec = Distributed(WorkerPoolKind.Elastic, processes: 2) with { Arguments = ["-c", "[ \"$JOBHUB_ROLE\" = master ] && exec sleep 30; exit 2"] };

        var (jobId, _) = await _host.SubmitAsync(spec);
        var worker = await _host.WaitForWorkerAsync(jobId, 1, w => w.Status == WorkerStatus.Failed, "failed for good");

        Assert.Equal(3, worker.Restarts);
        Assert.Contains("not restarted: it was restarted 3 times, the cap is 3", worker.Reason, StringComparison.Ordinal);
        Assert.Equal(JobState.Running, (await _host.Job(jobId).Get()).State);
        await _host.Job(jobId).Stop(JobsHost.Owner, "cleanup");
    }

    [Fact]
    public async Task NoRoom_JobIsQueuedWithAReason_AndStartsWhenRoomIsMade()
    {
        var (blockerId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 30") with { ProcessResources = new ProcessResources(3, 256) });

        var (jobId, queued) = await _host.SubmitAsync(JobsHost.Shell("exit 0") with { ProcessResources = new ProcessResources(2, 256) });

        Assert.Equal(JobState.Queued, queued.State);
        Assert.Equal("waiting for free nodes: 1 process(es) of 2 vCPU, 256 MiB, 0 GPU do not fit on any node now", queued.Reason);
        Assert.Equal(jobId, Assert.Single((await Pool().GetInfo()).WaitingJobs));

        await _host.Job(blockerId).Stop(JobsHost.Owner, "make room");
        var done = await _host.WaitForStateAsync(jobId, JobState.Completed);

        Assert.Equal([JobState.Submitted, JobState.Queued, JobState.Starting, JobState.Running, JobState.Completed], done.History.Select(t => t.State));
    }

    private static async Task AssertEndsAndReleasesAsync(JobsHost host, string jobId)
    {
        await Eventually.WaitUntilAsync(async () => (await host.Job(jobId).GetWorkers()).All(w => w.Status.IsTerminal()), "every worker should have ended");
        await Eventually.WaitUntilAsync(
            async () => (await host.Grains.GetGrain<INodePoolGrain>("local").GetInfo()).Nodes.All(n => n.Reservations == 0),
            "the job's reservations should be released");
    }

    private INodePoolGrain Pool() => _host.Grains.GetGrain<INodePoolGrain>("local");

    private static JobSpec Distributed(WorkerPoolKind pool, int processes) => JobsHost.Shell(Script) with
    {
        Mode = JobMode.Distributed,
        Distributed = new DistributedSpec { Nodes = 1, ProcessesPerNode = processes, Pool = pool },
    };
}
