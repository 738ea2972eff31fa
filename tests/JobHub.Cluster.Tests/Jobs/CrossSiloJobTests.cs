using System.Text;
using JobHub.Client;
using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Cluster.Tests.Jobs;

/// <summary>
/// A job is one thing on the cluster, whichever silo a client talks to: submitted through one silo, it is followed,
/// listed and read (status, history, logs, summary, result files) through the others, and a code bundle uploaded
/// through one silo runs when submitted through another.
/// </summary>
public sealed class CrossSiloJobTests(JobClusterFixture fixture) : IClassFixture<JobClusterFixture>
{
    private static readonly TimeSpan JobDeadline = TimeSpan.FromSeconds(90);

    private List<JobHubClient> Clients => fixture.Cluster.Clients;

    [Fact]
    public async Task JobSubmittedThroughOneSilo_IsFollowedListedAndReadThroughTheOthers()
    {
        var submitted = await Clients[0].SubmitAsync(ClusterJobSpecs.Ticker("ticker", 30));
        var jobId = submitted.JobId;

        // Followed while it runs through a silo other than the one running its process: every line, in order, and
        // the stream ends with the job.
        using var cancel = new CancellationTokenSource(JobDeadline);
        SiloProcess? nodeSilo = null;
        await Eventually.WaitUntilAsync(async () => (nodeSilo = await fixture.Cluster.SiloRunningTheNodeAsync()) is not null, "a silo runs the job's node");
        var follower = Clients[(fixture.Cluster.Silos.IndexOf(nodeSilo!) + 1) % Clients.Count];
        var followed = new List<JobLogEntry>();
        await foreach (var entry in follower.FollowLogsAsync(jobId, cancellationToken: cancel.Token))
        {
            followed.Add(entry);
        }

        Assert.Equal(Enumerable.Range(1, 30).Select(i => $"tick {i}"), followed.Select(e => e.Text));
        Assert.Equal(Enumerable.Range(1, 30).Select(i => (long)i), followed.Select(e => e.Sequence));

        // Status, history, summary and results through silo C.
        var done = await Clients[2].WaitForCompletionAsync(jobId, cancellationToken: cancel.Token);
        Assert.Equal(JobState.Completed, done.State);
        Assert.Contains(done.History, t => t.State == JobState.Running);
        Assert.Equal("""{"ticks": 30}""", done.Summary?.Content.Trim());
        Assert.True(done.Results?.Accepted, done.Results?.RefusalReason);
        using var file = new MemoryStream();
        await Clients[2].DownloadResultFileAsync(jobId, "count.txt", file, cancel.Token);
        Assert.Equal("counted to 30", Encoding.UTF8.GetString(file.ToArray()).Trim());
        Assert.Equal(["tick 28", "tick 29", "tick 30"], (await Clients[2].TailLogsAsync(jobId, 3, cancel.Token)).Entries.Select(e => e.Text));

        // Listed through every silo, with its final state (the list is a projection, so allow it to catch up).
        foreach (var client in Clients)
        {
            await Eventually.WaitUntilAsync(
                async () => (await client.ListAllAsync(allOwners: true, cancellationToken: cancel.Token).FirstOrDefaultAsync(j => j.JobId == jobId, cancel.Token))?.State == JobState.Completed,
                $"{client.BaseAddress} lists job {jobId} as completed");
        }
    }

    [Fact]
    public async Task CodeBundleUploadedThroughOneSilo_RunsWhenSubmittedThroughAnother()
    {
        var folder = Directory.CreateTempSubdirectory("jobhub-bundle-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(folder, "main.sh"), "#!/bin/sh\necho \"bundle says $(cat message.txt)\"\n");

            // Each silo uploads, and the next one submits: whichever silo runs the node, at least two of the three
            // bundles were uploaded through another silo.
            for (var uploader = 0; uploader < Clients.Count; uploader++)
            {
                await File.WriteAllTextAsync(Path.Combine(folder, "message.txt"), $"uploaded through silo {uploader}");
                var bundle = await Clients[uploader].UploadBundleAsync(folder);
                var submitter = Clients[(uploader + 1) % Clients.Count];
                var job = await submitter.SubmitAsync(ClusterJobSpecs.Shell("bundle", "unused") with
                {
                    Command = null,
                    Arguments = [],
                    EntryScript = "main.sh",
                    CodeBundleId = bundle.BundleId,
                });

                using var cancel = new CancellationTokenSource(JobDeadline);
                var done = await Clients[(uploader + 2) % Clients.Count].WaitForCompletionAsync(job.JobId, cancellationToken: cancel.Token);
                Assert.True(done.State == JobState.Completed, $"bundle job through silo {uploader}: {done.State} ({done.Reason})");
                Assert.Equal(
                    [$"bundle says uploaded through silo {uploader}"],
                    (await Clients[uploader].ReadLogsAsync(job.JobId, cancellationToken: cancel.Token)).Entries.Select(e => e.Text));
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
