using JobHub.Agent.Jobs;
using JobHub.Agent.Processes;
using JobHub.Agent.Tests.Infrastructure;

namespace JobHub.Agent.Tests.Jobs;

public sealed class JobEnvironmentTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static JobEnvironmentValues Values(string summary = "/w/summary.json", string upload = "/w/upload") => new(
        JobId: "job-9",
        Role: ProcessRole.Worker,
        WorkerIndex: 2,
        WorkerCount: 3,
        ElasticWorkers: true,
        MinWorkersRequired: 1,
        ClusterCookie: "cookie-123",
        ApiUrl: new Uri("http://127.0.0.1:5000/"),
        JobToken: "token-abc",
        ResultsSummaryFile: summary,
        ResultsUploadDir: upload);

    [Fact]
    public void Build_SetsEveryVariableUnderBothPrefixes()
    {
        var environment = JobEnvironment.Build(Values(), new Dictionary<string, string> { ["MY_VAR"] = "x" });

        var expected = new Dictionary<string, string>
        {
            ["JOB_ID"] = "job-9", ["ROLE"] = "worker", ["WORKER_INDEX"] = "2", ["NWORKERS"] = "3",
            ["ELASTIC_WORKERS"] = "true", ["MIN_WORKERS_REQUIRED"] = "1", ["CLUSTER_COOKIE"] = "cookie-123",
            ["API_URL"] = "http://127.0.0.1:5000/", ["JOB_TOKEN"] = "token-abc",
            ["RESULTS_SUMMARY_FILE"] = "/w/summary.json", ["RESULTS_UPLOAD_DIR"] = "/w/upload",
        };
        Assert.Equal(expected.Keys.Order(), JobEnvironment.VariableSuffixes.Order());
        foreach (var (suffix, value) in expected)
        {
            Assert.Equal(value, environment["JOBHUB_" + suffix]);
            Assert.Equal(value, environment["JULIAHUB_" + suffix]);
        }

        Assert.Equal("x", environment["MY_VAR"]);
        Assert.Equal(23, environment.Count);
    }

    [Fact]
    public void Build_UserVariableWithReservedNameIsRefused()
    {
        var error = Assert.Throws<ArgumentException>(() => JobEnvironment.Build(Values(), new Dictionary<string, string>
        {
            ["JOBHUB_JOB_ID"] = "spoofed",
            ["JULIAHUB_ANYTHING"] = "x",
            ["FINE"] = "y",
        }));

        Assert.Contains("JOBHUB_JOB_ID", error.Message, StringComparison.Ordinal);
        Assert.Contains("JULIAHUB_ANYTHING", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("FINE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Process_SeesEveryJobHubAndJuliaHubVariable()
    {
        var workspace = new JobWorkspaceLayout(_folder.Path).Create("job-9");
        var environment = JobEnvironment.Build(Values(workspace.ResultsSummaryFile, workspace.UploadDirectory));
        var sink = new CollectingSink();
        using var process = Launchers.Create().StartOrFail(Launchers.Shell("env", workspace.WorkDirectory, environment), sink);

        await Eventually.WithDeadlineAsync(process.Exited, "env to exit");

        var seen = sink.Texts(LogStreamKind.StandardOutput).ToHashSet();
        foreach (var prefix in new[] { "JOBHUB_", "JULIAHUB_" })
        {
            foreach (var suffix in JobEnvironment.VariableSuffixes)
            {
                Assert.Contains($"{prefix}{suffix}={environment[prefix + suffix]}", seen);
            }
        }

        Assert.Contains($"JULIAHUB_RESULTS_SUMMARY_FILE={workspace.ResultsSummaryFile}", seen);
    }

    [Fact]
    public async Task Process_MasterWritesSummaryThroughJuliaHubVariable()
    {
        var workspace = new JobWorkspaceLayout(_folder.Path).Create("job-10");
        var environment = JobEnvironment.Build(Values(workspace.ResultsSummaryFile, workspace.UploadDirectory) with { Role = ProcessRole.Master, WorkerIndex = 0 });
        using var process = Launchers.Create().StartOrFail(
            Launchers.Shell("echo '{\"loss\": 0.5}' > \"$JULIAHUB_RESULTS_SUMMARY_FILE\"", workspace.WorkDirectory, environment),
            new CollectingSink());

        Assert.Equal(0, await Eventually.WithDeadlineAsync(process.Exited, "the master to exit"));

        var summary = await Agent.Results.ResultsSummaryReader.ReadAsync(workspace.ResultsSummaryFile);
        Assert.NotNull(summary);
        Assert.Equal("{\"loss\": 0.5}\n", summary.Content);
        Assert.False(summary.InvalidJson);
    }
}
