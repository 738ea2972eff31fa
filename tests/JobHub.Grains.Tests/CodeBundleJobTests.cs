using JobHub.Agent.Bundles;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Grains.Tests;

/// <summary>Jobs whose entry script comes from an uploaded code bundle, unpacked into the job's working folder.</summary>
public sealed class CodeBundleJobTests : IAsyncLifetime
{
    private readonly string _sources = Directory.CreateTempSubdirectory("jobhub-bundle-src-").FullName;
    private JobsHost _host = null!;

    // Two nodes on this host: a distributed job's processes on both unpack into the same job folder at once.
    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(nodes: o => o.NodeCount = 2);

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        Directory.Delete(_sources, recursive: true);
    }

    [Fact]
    public async Task EntryScript_ReadsTheDataFileNextToIt_AndWritesASummary()
    {
        var bundleId = await UploadAsync(
            ("bin/summarise.sh", """
                #!/bin/sh
                total=0
                for n in $(cat data/numbers.txt); do total=$((total + n)); done
                echo "summed $(wc -l < data/numbers.txt) numbers in $(pwd) with args $*"
                printf '{"total": %d}' "$total" > "$JOBHUB_RESULTS_SUMMARY_FILE"
                """, true),
            ("data/numbers.txt", "1\n2\n3\n36\n", false));

        var (jobId, _) = await _host.SubmitAsync(BundleJob(bundleId, "bin/summarise.sh", "--fast"));
        var info = await _host.WaitForStateAsync(jobId, JobState.Completed);

        Assert.Equal("""{"total": 42}""", info.Summary?.Content);
        var work = _host.Layout.For(jobId).WorkDirectory;
        var logs = await _host.Logs.ReadAsync(jobId, 0, 100);
        Assert.Contains(logs, l => l.Text == $"summed 4 numbers in {work} with args --fast");
    }

    [Fact]
    public async Task DistributedJob_MasterAndEveryWorkerRunTheBundlesScript()
    {
        // Not executable: run with /bin/sh. Each worker leaves a file in the shared working folder; the master
        // ends the job once all three are there.
        var bundleId = await UploadAsync(
            ("run.sh", """
                echo "$JOBHUB_ROLE $JOBHUB_WORKER_INDEX read $(cat input.txt)"
                if [ "$JOBHUB_ROLE" = master ]; then
                  i=0
                  while [ "$(ls seen-* 2>/dev/null | wc -l)" -lt 3 ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i + 1)); done
                  exit 0
                fi
                touch "seen-$JOBHUB_WORKER_INDEX"
                exec sleep 30
                """, false),
            ("input.txt", "shared data", false));
        var spec = BundleJob(bundleId, "run.sh") with
        {
            Mode = JobMode.Distributed,
            Distributed = new DistributedSpec { Nodes = 2, ProcessesPerNode = 2, Pool = WorkerPoolKind.Fixed },
        };

        var (jobId, _) = await _host.SubmitAsync(spec);
        var info = await _host.WaitForStateAsync(jobId, JobState.Completed, TimeSpan.FromSeconds(30));

        Assert.Equal("master exited with code 0", info.Reason);
        // Workers are stopped when the master exits; their last lines reach the log store as their pipes drain.
        string[] expected = ["master 0 read shared data", "worker 1 read shared data", "worker 2 read shared data", "worker 3 read shared data"];
        await Eventually.WaitUntilAsync(
            async () => expected.All((await _host.Logs.ReadAsync(jobId, 0, 100)).Select(l => l.Text).Contains),
            "the master and all three workers should log that they read the bundle's data file");

        var workspace = _host.Layout.For(jobId);
        Assert.Equal(bundleId, CodeBundleInstaller.InstalledBundle(workspace));
        Assert.False(Directory.Exists(Path.Combine(workspace.Root, "bundle-staging")));
    }

    [Fact]
    public async Task UnknownBundle_IsRefusedAtSubmit_AndNothingIsCreated()
    {
        var jobId = JobsHost.NewJobId();

        var refused = await Assert.ThrowsAsync<JobSpecRejectedException>(() => _host.Job(jobId).Submit(BundleJob("bundle-0123456789abcdef", "run.sh"), JobsHost.Owner));

        Assert.Equal(["codeBundleId"], refused.Errors.Keys);
        Assert.Contains("no code bundle 'bundle-0123456789abcdef'", refused.Errors["codeBundleId"][0], StringComparison.Ordinal);
        await Assert.ThrowsAsync<JobNotFoundException>(() => _host.Job(jobId).Get());
    }

    [Fact]
    public async Task EntryScriptMissingFromTheBundle_FailsTheJobWithTheReason()
    {
        var bundleId = await UploadAsync(("other.sh", "exit 0\n", false));

        var (jobId, _) = await _host.SubmitAsync(BundleJob(bundleId, "run.sh"));
        var info = await _host.WaitForStateAsync(jobId, JobState.Failed);

        Assert.Contains("could not start: The entry script 'run.sh' is not in the code bundle.", info.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BundleThatNoLongerUnpacks_FailsTheProcessWithTheReason()
    {
        // Stored behind the API's back (the API checks every upload): the node must still refuse it cleanly.
        const string BundleId = "bundle-corrupt";
        using (var garbage = new MemoryStream("not a tar.gz"u8.ToArray()))
        {
            await _host.Blobs.PutAsync(CodeBundleStore.ArchiveKey(BundleId), garbage);
        }

        var (jobId, _) = await _host.SubmitAsync(BundleJob(BundleId, "run.sh"));
        var info = await _host.WaitForStateAsync(jobId, JobState.Failed);

        Assert.Contains("Could not unpack code bundle 'bundle-corrupt'", info.Reason, StringComparison.Ordinal);
        Assert.Contains("not a valid tar.gz", info.Reason, StringComparison.Ordinal);
        Assert.Null(CodeBundleInstaller.InstalledBundle(_host.Layout.For(jobId)));
    }

    private static JobSpec BundleJob(string bundleId, string entryScript, params string[] arguments) =>
        JobsHost.Shell("unused") with { Command = null, Arguments = [.. arguments], EntryScript = entryScript, CodeBundleId = bundleId };

    private async Task<string> UploadAsync(params (string Name, string Content, bool Executable)[] files)
    {
        var folder = Path.Combine(_sources, Guid.NewGuid().ToString("N"));
        foreach (var (name, content, executable) in files)
        {
            var path = Path.Combine(folder, name);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var text = content.ReplaceLineEndings("\n");
            await File.WriteAllTextAsync(path, text.EndsWith('\n') ? text : text + "\n");
            if (executable && !OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute);
            }
        }

        using var archive = new MemoryStream();
        await CodeBundle.PackAsync(folder, archive);
        archive.Position = 0;
        return (await _host.Services.GetRequiredService<CodeBundleStore>().AddAsync(archive)).BundleId;
    }
}
