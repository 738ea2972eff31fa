using JobHub.Contracts.Jobs;
using JobHub.Testing;

namespace JobHub.Client.Tests.Infrastructure;

/// <summary>
/// One real silo process per test class, on a free port with its own data folder. Its local node is given
/// 8 vCPU so that the small sleeping jobs of a class never queue behind each other on this 2-core machine, at 2 USD
/// per node-hour (billing).
/// </summary>
public sealed class SiloFixture : IAsyncLifetime
{
    private readonly string _data = Directory.CreateTempSubdirectory("jobhub-client-tests-").FullName;
    private SiloProcess? _silo;
    private JobHubClient? _client;

    public SiloProcess Silo => _silo ?? throw new InvalidOperationException("The silo has not started.");

    public JobHubClient Client => _client ?? throw new InvalidOperationException("The silo has not started.");

    public Uri Url => new($"http://127.0.0.1:{Silo.Port}");

    /// <summary>A job running <c>/bin/sh -c script</c> with a quarter vCPU.</summary>
    public static JobSpec Shell(string script, string name = "test") => new()
    {
        Name = name,
        Command = "/bin/sh",
        Arguments = ["-c", script],
        NodeType = "local",
        ProcessResources = new ProcessResources(0.25m, 64),
        TimeLimit = TimeSpan.FromMinutes(5),
    };

    public async Task InitializeAsync()
    {
        _silo = await SiloProcess.StartAsync(_data, "--JobHub:LocalNodes:VcpuPerNode", "8", "--JobHub:LocalNodes:PricePerHour", "2");
        _client = new JobHubClient(new JobHubClientOptions { BaseAddress = Url, Token = _silo.AdminToken, PollInterval = TimeSpan.FromMilliseconds(50), MaxPollInterval = TimeSpan.FromMilliseconds(250) });
    }

    public async Task<JobInfo> WaitForStateAsync(string jobId, JobState state)
    {
        JobInfo? job = null;
        await Eventually.WaitUntilAsync(async () => (job = await Client.GetAsync(jobId)).State == state, $"job {jobId} is {state} (last seen {job?.State}: {job?.Reason})");
        return job!;
    }

    public async Task DisposeAsync()
    {
        _client?.Dispose();
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        try
        {
            Directory.Delete(_data, recursive: true);
        }
        catch (IOException)
        {
            // A job's folder may still be closing; the temp folder is cleaned by the OS.
        }
    }
}
