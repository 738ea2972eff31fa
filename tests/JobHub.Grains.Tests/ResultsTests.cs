using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Tests.Infrastructure;

namespace JobHub.Grains.Tests;

public sealed class ResultsTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(uploadLimitBytes: 1000);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Summary_ValidJsonWrittenThroughTheJuliaHubVariable_IsKept()
    {
        var info = await RunAsync("""printf '{"loss": 0.25, "epochs": 3}' > "$JULIAHUB_RESULTS_SUMMARY_FILE" """);

        Assert.Equal(new JobResultsSummary("""{"loss": 0.25, "epochs": 3}""", Truncated: false, InvalidJson: false), info.Summary);
    }

    [Fact]
    public async Task Summary_InvalidJson_IsKeptAsTextAndFlagged()
    {
        var info = await RunAsync("""printf 'loss is low' > "$JOBHUB_RESULTS_SUMMARY_FILE" """);

        Assert.Equal(JobState.Completed, info.State);
        Assert.Equal(new JobResultsSummary("loss is low", Truncated: false, InvalidJson: true), info.Summary);
    }

    [Fact]
    public async Task Summary_Oversize_IsTruncatedAndFlagged()
    {
        var info = await RunAsync("""printf '"%02000d"' 0 > "$JOBHUB_RESULTS_SUMMARY_FILE" """);

        Assert.Equal(JobState.Completed, info.State);
        Assert.NotNull(info.Summary);
        Assert.True(info.Summary.Truncated);
        Assert.Equal(1000, info.Summary.Content.Length);
    }

    [Fact]
    public async Task Summary_Missing_IsNull()
    {
        var info = await RunAsync("true");

        Assert.Null(info.Summary);
        Assert.True(info.Results?.Accepted);
        Assert.Empty(info.Results!.Files);
    }

    [Fact]
    public async Task Upload_FolderWithFiles_IsStoredWithTheJob()
    {
        var info = await RunAsync("""
            cd "$JOBHUB_RESULTS_UPLOAD_DIR" && mkdir sub && printf 'hello' > a.txt && printf 'world!' > sub/b.txt
            """);

        Assert.NotNull(info.Results);
        Assert.True(info.Results.Accepted);
        Assert.Equal(["a.txt", "sub/b.txt"], info.Results.Files.Select(f => f.RelativePath));
        Assert.Equal(11, info.Results.TotalBytes);
        var stored = await _host.Blobs.ListAsync(info.Results.BlobPrefix);
        Assert.Equal(2, stored.Count);
    }

    [Fact]
    public async Task Upload_OverTheLimit_IsRefusedWholeAndTheJobSaysSo()
    {
        var info = await RunAsync("""
            cd "$JOBHUB_RESULTS_UPLOAD_DIR" && printf 'small' > a.txt && head -c 2000 /dev/zero > big.bin
            """);

        Assert.Equal(JobState.Completed, info.State);
        Assert.NotNull(info.Results);
        Assert.False(info.Results.Accepted);
        Assert.False(string.IsNullOrEmpty(info.Results.RefusalReason));
        Assert.Empty(info.Results.Files);
        Assert.Empty(await _host.Blobs.ListAsync(info.Results.BlobPrefix));
    }

    private async Task<JobInfo> RunAsync(string script)
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell(script));
        return await _host.WaitForStateAsync(jobId, JobState.Completed);
    }
}
