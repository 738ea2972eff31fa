using System.Collections.Immutable;
using System.Text.Json;
using JobHub.Client.Tests.Infrastructure;
using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Client.Tests;

/// <summary>The built <c>jobhub</c> as a real process against a real silo process: output and exit codes.</summary>
public sealed class JobHubCliTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IDisposable
{
    private static readonly string[] Small = ["--vcpu", "0.25", "--memory", "64"];

    private readonly string _folder = Directory.CreateTempSubdirectory("jobhub-cli-tests-").FullName;

    [Fact]
    public async Task SubmitWait_CompletedJob_ExitsZeroPrintingIdAndOutcome()
    {
        var run = await JobHubAsync(["submit", "--name", "cli-ok", "--wait", .. Small, "--", "/bin/sh", "-c", "echo hi"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Out.Trim();
        Assert.StartsWith("job-", jobId, StringComparison.Ordinal);
        Assert.Contains($"{jobId} completed (exit code 0)", run.Error, StringComparison.Ordinal);
        Assert.Equal(JobState.Completed, (await fixture.Client.GetAsync(jobId)).State);
    }

    [Fact]
    public async Task SubmitWait_FailingJob_ExitsOne()
    {
        var run = await JobHubAsync(["submit", "--wait", .. Small, "--", "/bin/sh", "-c", "exit 7"]);

        Assert.True(run.ExitCode == 1, run.ToString());
        Assert.Contains("failed (exit code 7)", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitFollow_PrintsTheLogAndExitsWithTheOutcome()
    {
        var run = await JobHubAsync(["submit", "--follow", "-e", "GREETING=hello there", .. Small, "--", "/bin/sh", "-c", "echo $GREETING; echo warn >&2"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("hello there", run.Out, StringComparison.Ordinal);
        Assert.Contains("warn", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitFile_FlagsOverrideTheFile()
    {
        var file = Path.Combine(_folder, "job.json");
        var spec = SiloFixture.Shell("echo from $WHO", name: "from-file") with { Environment = ImmutableDictionary<string, string>.Empty.Add("WHO", "file") };
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(spec, JobHubJson.Options));

        var run = await JobHubAsync(["submit", "--file", file, "--env", "WHO=flag", "--time-limit", "2h", "--json"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = JsonSerializer.Deserialize<JobInfo>(run.Out, JobHubJson.Options)!;
        Assert.Equal("from-file", job.Spec.Name);
        Assert.Equal(TimeSpan.FromHours(2), job.Spec.TimeLimit);
        await fixture.Client.WaitForCompletionAsync(job.JobId);
        var logs = await JobHubAsync(["logs", job.JobId]);
        Assert.Equal("from flag", logs.Out.Trim());
    }

    [Fact]
    public async Task SubmitScalerFlags_AttachTheScaler_OverTheDefaults()
    {
        var run = await JobHubAsync([
            "submit", "--name", "scaled", "--pool", "elastic", "--nodes", "1", "--processes-per-node", "4", .. Small,
            "--scaler-metric", "queue_length", "--scaler-target-per-worker", "2.5", "--scaler-min", "1", "--scaler-max", "3",
            "--scaler-window", "30s", "--scaler-cooldown", "0", "--scaler-step", "2", "--scaler-step-down", "1", "--json", "--", "sleep", "60"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = JsonSerializer.Deserialize<JobInfo>(run.Out, JobHubJson.Options)!;
        try
        {
            Assert.Equal(JobMode.Distributed, job.Spec.Mode);
            Assert.Equal(
                new ProcessScalerSpec { Metric = "queue_length", TargetPerWorker = 2.5, MinWorkers = 1, MaxWorkers = 3, Window = TimeSpan.FromSeconds(30), CoolDown = TimeSpan.Zero, MaxStepUp = 2, MaxStepDown = 1 },
                job.Spec.Distributed!.Scaler);
        }
        finally
        {
            await fixture.Client.StopAsync(job.JobId, "test over");
        }
    }

    [Fact]
    public async Task SubmitPoolConstraints_InsteadOfANodeType_LetTheSiloChooseThePool()
    {
        var run = await JobHubAsync(["submit", "--name", "constrained", "--min-node-vcpu", "2", "--pool-label", "any-label", "--json", "--", "true"]);

        // The fixture's one pool carries no label: refused naming the constraints, nothing created.
        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("constraints: No node pool meets the constraints (at least 2 vCPU, 0 MiB, 0 GPU per node; labels any-label)", run.Error, StringComparison.Ordinal);

        run = await JobHubAsync(["submit", "--name", "constrained", "--min-node-vcpu", "2", .. Small, "--json", "--", "true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = JsonSerializer.Deserialize<JobInfo>(run.Out, JobHubJson.Options)!;
        Assert.Equal("local", job.Spec.NodeType);
        Assert.Equal(2, job.Spec.Constraints?.MinVcpu);
    }

    [Fact]
    public async Task SubmitPriority_IsSentInTheSpec_AndOneOutOfBoundsIsRefusedBeforeSending()
    {
        var run = await JobHubAsync(["submit", "--name", "urgent", "--priority", "-7", .. Small, "--json", "--", "true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = JsonSerializer.Deserialize<JobInfo>(run.Out, JobHubJson.Options)!;
        Assert.Equal(-7, job.Spec.Priority);
        var status = await JobHubAsync(["status", job.JobId]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("priority:   -7 (among the owner's waiting jobs)", status.Out, StringComparison.Ordinal);

        run = await JobHubAsync(["submit", "--name", "urgent", "--priority", "101", "--", "true"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("--priority", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitWorkerNodeType_IsSentInTheSpec_AndOneForAFixedPoolIsRefusedBeforeSending()
    {
        var run = await JobHubAsync(["submit", "--name", "split", "--pool", "elastic", "--nodes", "2", "--worker-node-type", "local", .. Small, "--json", "--", "true"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var job = JsonSerializer.Deserialize<JobInfo>(run.Out, JobHubJson.Options)!;
        Assert.Equal("local", job.Spec.Distributed?.WorkerNodeType);
        var status = await JobHubAsync(["status", job.JobId]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("elastic pool, node type local, workers on local", status.Out, StringComparison.Ordinal);

        run = await JobHubAsync(["submit", "--name", "split", "--nodes", "2", "--worker-node-type", "spot", "--", "true"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("distributed.workerNodeType", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkerIdle_MarksTheWorkerIdleUntilBusy_AndWithoutAJobItExitsTwo()
    {
        var spec = SiloFixture.Shell("sleep 60") with { Mode = JobMode.Distributed, Distributed = new DistributedSpec { Nodes = 1, ProcessesPerNode = 2, Pool = WorkerPoolKind.Elastic } };
        var job = await fixture.Client.SubmitAsync(spec);
        try
        {
            await Eventually.WaitUntilAsync(async () => (await fixture.Client.GetWorkersAsync(job.JobId))[1].Status == WorkerStatus.Running, "worker 1 should run");

            var idle = await JobHubAsync(["worker", "idle", "--job", job.JobId, "--index", "1"]);

            Assert.True(idle.ExitCode == 0, idle.ToString());
            Assert.True((await fixture.Client.GetWorkersAsync(job.JobId))[1].Idle);
            var table = await JobHubAsync(["workers", job.JobId]);
            Assert.Contains("running (idle)", table.Out, StringComparison.Ordinal);

            var busy = await JobHubAsync(["worker", "busy", "--job", job.JobId, "--index", "1"]);
            Assert.True(busy.ExitCode == 0, busy.ToString());
            Assert.False((await fixture.Client.GetWorkersAsync(job.JobId))[1].Idle);

            var master = await JobHubAsync(["worker", "idle", "--job", job.JobId, "--index", "0"]);
            Assert.True(master.ExitCode == 2, master.ToString());
            Assert.Contains("--index", master.Error, StringComparison.Ordinal);
        }
        finally
        {
            await fixture.Client.StopAsync(job.JobId);
        }

        var nowhere = await JobHubAsync(["worker", "idle"]);
        Assert.True(nowhere.ExitCode == 2, nowhere.ToString());
        Assert.Contains("Name the job with --job ID", nowhere.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_SpecTheServerRefuses_ExitsFourPrintingEachFieldMessage()
    {
        var run = await JobHubAsync(["submit", "--name", "bad", "--node-type", "no-such-type", "--", "true"]);

        Assert.True(run.ExitCode == 4, run.ToString());
        Assert.Contains("  nodeType: Unknown node type 'no-such-type'", run.Error, StringComparison.Ordinal);
        Assert.Empty(run.Out);
    }

    [Theory]
    [InlineData("submit", "--time-limit", "soon", "--", "true")]
    [InlineData("list", "--state", "sleeping")]
    [InlineData("status")]
    [InlineData("frobnicate")]
    [InlineData("submit", "--env", "NOEQUALS", "--", "true")]
    public async Task BadCommandLine_ExitsTwo(params string[] arguments)
    {
        var run = await JobHubAsync(arguments);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.StartsWith("error: ", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnknownJob_ExitsThree()
    {
        var run = await JobHubAsync(["status", "job-unknown"]);

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.Contains("job-unknown", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_UnreachableServer_ExitsFive()
    {
        var url = new Uri($"http://127.0.0.1:{FreePort.Next()}");

        var run = await CliRun.RunAsync(null, ["status", "job-1", "--url", url.AbsoluteUri]);

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Contains("cannot reach JobHub", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusAndLogs_FinishedJob_ShowStateHistoryAndOutput()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("echo first; echo second; echo third"));
        await fixture.Client.WaitForCompletionAsync(job.JobId);

        var status = await JobHubAsync(["status", job.JobId]);
        var logs = await JobHubAsync(["logs", job.JobId]);
        var tail = await JobHubAsync(["logs", job.JobId, "--tail", "1"]);
        var follow = await JobHubAsync(["logs", job.JobId, "-f"]);
        var json = await JobHubAsync(["status", job.JobId, "--json"]);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("state:      completed", status.Out, StringComparison.Ordinal);
        Assert.Contains("submitted  submitted by", status.Out, StringComparison.Ordinal);
        Assert.Equal(["first", "second", "third"], Lines(logs.Out));
        Assert.Equal(["third"], Lines(tail.Out));
        Assert.Equal(["first", "second", "third"], Lines(follow.Out));
        Assert.Equal(JobState.Completed, JsonSerializer.Deserialize<JobInfo>(json.Out, JobHubJson.Options)!.State);
    }

    [Fact]
    public async Task ListJson_ContainsSubmittedJobs_AndTableHasAHeader()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("true", name: "listed"));
        await fixture.Client.WaitForCompletionAsync(job.JobId);

        var json = await JobHubAsync(["list", "--json", "--state", "completed", "--limit", "500"]);
        var table = await JobHubAsync(["list"]);

        Assert.True(json.ExitCode == 0, json.ToString());
        var jobs = JsonSerializer.Deserialize<List<JobSummary>>(json.Out, JobHubJson.Options)!;
        Assert.Contains(jobs, j => j.JobId == job.JobId && j.Name == "listed");
        Assert.All(jobs, j => Assert.Equal(JobState.Completed, j.State));
        Assert.StartsWith("ID", table.Out, StringComparison.Ordinal);
        Assert.Contains(job.JobId, table.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkersWait_ElasticJob_ListsRunningWorkers_StopAndExtendWork()
    {
        var submit = await JobHubAsync(["submit", "--pool", "elastic", "--nodes", "1", "--processes-per-node", "3", .. Small, "--", "sleep", "60"]);
        Assert.True(submit.ExitCode == 0, submit.ToString());
        var jobId = submit.Out.Trim();
        try
        {
            var workers = await JobHubAsync(["workers", jobId, "--wait", "2", "--timeout", "20"]);
            Assert.True(workers.ExitCode == 0, workers.ToString());
            var rows = Lines(workers.Out);
            Assert.StartsWith("INDEX", rows[0], StringComparison.Ordinal);
            Assert.Equal(2, rows.Count(r => r.Contains("worker", StringComparison.Ordinal) && r.Contains("running", StringComparison.Ordinal)));

            var tooMany = await JobHubAsync(["workers", jobId, "--wait", "5", "--timeout", "0.5"]);
            Assert.True(tooMany.ExitCode == 1, tooMany.ToString());

            var extend = await JobHubAsync(["extend", jobId, "30m"]);
            Assert.True(extend.ExitCode == 0, extend.ToString());
            Assert.Contains("time limit 01:30:00", extend.Out, StringComparison.Ordinal);
        }
        finally
        {
            var stop = await JobHubAsync(["stop", jobId, "--reason", "cli test over"]);
            Assert.True(stop.ExitCode == 0, stop.ToString());
        }

        var ended = await fixture.Client.WaitForCompletionAsync(jobId);
        Assert.Equal(JobState.Stopped, ended.State);
        var late = await JobHubAsync(["extend", jobId, "1h"]);
        Assert.True(late.ExitCode == 4, late.ToString());
    }

    [Fact]
    public async Task Results_Output_WritesTheFiles_AndFileDownloadsOne()
    {
        var job = await fixture.Client.SubmitAsync(SiloFixture.Shell("mkdir -p $JOBHUB_RESULTS_UPLOAD_DIR/out; echo 1,2 > $JOBHUB_RESULTS_UPLOAD_DIR/out/table.csv"));
        await fixture.Client.WaitForCompletionAsync(job.JobId);
        var all = Path.Combine(_folder, "all");
        var one = Path.Combine(_folder, "one");

        var results = await JobHubAsync(["results", job.JobId, "--output", all]);
        var file = await JobHubAsync(["results", job.JobId, "--file", "out/table.csv", "-o", one]);
        var missing = await JobHubAsync(["results", job.JobId, "--file", "nope.csv", "-o", one]);

        Assert.True(results.ExitCode == 0, results.ToString());
        Assert.Equal("1,2\n", await File.ReadAllTextAsync(Path.Combine(all, "out", "table.csv")));
        Assert.Contains(Path.Combine(all, "out", "table.csv"), results.Out, StringComparison.Ordinal);
        Assert.True(file.ExitCode == 0, file.ToString());
        Assert.Equal("1,2\n", await File.ReadAllTextAsync(Path.Combine(one, "table.csv")));
        Assert.True(missing.ExitCode == 3, missing.ToString());
        Assert.False(File.Exists(Path.Combine(one, "nope.csv")));
    }

    [Fact]
    public async Task SubmitBundleEntryWait_PacksUploadsAndRunsTheScript_ExitsZero()
    {
        var bundle = Path.Combine(_folder, "project");
        Directory.CreateDirectory(Path.Combine(bundle, "data"));
        await File.WriteAllTextAsync(Path.Combine(bundle, "run.sh"), "#!/bin/sh\necho \"script ran with $1 and $(cat data/input.txt)\"\n");
        await File.WriteAllTextAsync(Path.Combine(bundle, "data", "input.txt"), "bundled data");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(bundle, "run.sh"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var run = await JobHubAsync(["submit", "--bundle", "./project", "--entry", "run.sh", "--wait", .. Small, "--", "first-arg"]);

        Assert.True(run.ExitCode == 0, run.ToString());
        var jobId = run.Out.Trim();
        Assert.Contains("packing ", run.Error, StringComparison.Ordinal);
        Assert.Contains("uploaded bundle-", run.Error, StringComparison.Ordinal);
        Assert.Contains($"{jobId} completed (exit code 0)", run.Error, StringComparison.Ordinal);
        var job = await fixture.Client.GetAsync(jobId);
        Assert.Equal("run.sh", job.Spec.EntryScript);
        Assert.Equal("run.sh", job.Spec.Name);
        var logs = await JobHubAsync(["logs", jobId]);
        Assert.True(logs.ExitCode == 0, logs.ToString());
        Assert.Contains("script ran with first-arg and bundled data", logs.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SubmitBundle_MissingFolder_IsAUsageError()
    {
        var run = await JobHubAsync(["submit", "--bundle", "./no-such-folder", "--entry", "run.sh"]);

        Assert.True(run.ExitCode == 2, run.ToString());
        Assert.Contains("is not a folder", run.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private Task<CliRun> JobHubAsync(string[] arguments) => CliRun.RunAsync(fixture.Url, arguments, _folder, token: fixture.Silo.AdminToken);
}
