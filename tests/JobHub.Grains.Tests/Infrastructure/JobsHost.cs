using JobHub.Agent.Hosting;
using JobHub.Agent.Jobs;
using JobHub.Agent.Results;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Hosting;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Storage.Sqlite;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Infrastructure;

/// <summary>
/// A real Orleans silo with the job grains, one local pool of 4 vCPU nodes, grain state and reminders in a real
/// SQLite file, and its own temporary folders. A restart starts a new silo on the same files.
/// </summary>
public sealed class JobsHost : IAsyncDisposable
{
    public const string Owner = "alice";

    private readonly Func<Task<IHost>> _startSilo;
    private IHost _silo;

    private JobsHost(IHost silo, Func<Task<IHost>> startSilo, string root)
    {
        _silo = silo;
        _startSilo = startSilo;
        Root = root;
    }

    public string Root { get; }

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public IServiceProvider Services => _silo.Services;

    public IJobLogStore Logs => Services.GetRequiredService<IJobLogStore>();

    public IBlobStore Blobs => Services.GetRequiredService<IBlobStore>();

    public JobWorkspaceLayout Layout => Services.GetRequiredService<JobWorkspaceLayout>();

    public static async Task<JobsHost> StartAsync(Action<JobsOptions>? jobs = null, Action<LocalNodesOptions>? nodes = null, long? uploadLimitBytes = null, string? jobIndexPath = null, Action<ISiloBuilder>? silo = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "jobhub-grains-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);

        // Shared by every incarnation of the silo, so a restart finds the grains' state and reminders.
        var database = Path.Combine(root, "jobhub.db");
        async Task<IHost> StartSilo()
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Logging.AddFilter("Orleans", LogLevel.Warning);
            builder.UseOrleans(orleans => orleans
                .UseLocalhostClustering(FreePort.Next(), FreePort.Next())
                .AddSqliteGrainStorageAsDefault(o => o.DataSource = database)
                .UseSqliteReminderService(o => o.DataSource = database)
                .AddJobHubGrains(
                    o =>
                    {
                        o.StopGracePeriod = TimeSpan.FromSeconds(2);
                        o.RestartBackoff = TimeSpan.FromMilliseconds(100);
                        o.MaxRestartBackoff = TimeSpan.FromSeconds(1);
                        o.FixedPoolStartDeadline = TimeSpan.FromSeconds(10);
                        jobs?.Invoke(o);
                    },
                    o =>
                    {
                        o.NodeCount = 1;
                        o.VcpuPerNode = 4;
                        o.MemoryMiBPerNode = 4096;
                        nodes?.Invoke(o);
                    })
                .UseInMemoryJobLogs()
                .UseSqliteJobIndex(o => o.DataSource = jobIndexPath ?? Path.Combine(root, "jobs.db")));
            if (silo is not null)
            {
                builder.UseOrleans(silo);
            }
            builder.Services.Configure<LocalNodeAgentOptions>(o =>
            {
                o.WorkRoot = Path.Combine(root, "jobs");
                o.BlobRoot = Path.Combine(root, "blobs");
                o.OutputDrainTimeout = TimeSpan.FromMilliseconds(200);
                if (uploadLimitBytes is { } limit)
                {
                    o.ResultsUploadLimitBytes = limit;
                }
            });
            var host = builder.Build();
            await host.StartAsync();
            return host;
        }

        return new JobsHost(await StartSilo(), StartSilo, root);
    }

    /// <summary>Stops the silo (its nodes stop their processes) and starts a new one on the same storage and reminders.</summary>
    public async Task RestartSiloAsync()
    {
        await StopSiloAsync();
        _silo = await _startSilo();
    }

    private async Task StopSiloAsync()
    {
        await _silo.StopAsync();
        _silo.Dispose();
    }

    public IJobGrain Job(string jobId) => Grains.GetGrain<IJobGrain>(jobId);

    public static string NewJobId() => "job-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>A job running <c>/bin/sh -c script</c> with 1 vCPU per process.</summary>
    public static JobSpec Shell(string script, Func<JobSpec, JobSpec>? change = null)
    {
        var spec = new JobSpec
        {
            Name = "test",
            Command = "/bin/sh",
            Arguments = ["-c", script],
            NodeType = "local",
            ProcessResources = new ProcessResources(1, 256),
        };
        return change is null ? spec : change(spec);
    }

    public Task<(string JobId, JobInfo Info)> SubmitAsync(JobSpec spec) => SubmitAsync(spec, Owner);

    public async Task<(string JobId, JobInfo Info)> SubmitAsync(JobSpec spec, string owner)
    {
        var jobId = NewJobId();
        return (jobId, await Job(jobId).Submit(spec, owner));
    }

    public async Task<JobInfo> WaitForStateAsync(string jobId, JobState state, TimeSpan? timeout = null)
    {
        JobInfo? last = null;
        try
        {
            await Eventually.WaitUntilAsync(async () => (last = await Job(jobId).Get()).State == state, $"job {jobId} should reach {state}", timeout ?? TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (it is {last?.State}: {last?.Reason})", ex);
        }

        return last!;
    }

    public async Task<WorkerInfo> WaitForWorkerAsync(string jobId, int index, Func<WorkerInfo, bool> condition, string what)
    {
        WorkerInfo? last = null;
        try
        {
            await Eventually.WaitUntilAsync(
                async () =>
                {
                    last = (await Job(jobId).GetWorkers()).FirstOrDefault(w => w.Index == index);
                    return last is not null && condition(last);
                },
                $"worker {index} of {jobId} should be {what}",
                TimeSpan.FromSeconds(10));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (it is {last?.Status}: {last?.Reason})", ex);
        }

        return last!;
    }

    /// <summary>Waits until the job's processes meet <paramref name="condition"/>; the timeout names each process's status, node and reason.</summary>
    public async Task<IReadOnlyList<WorkerInfo>> WaitForWorkersAsync(string jobId, Func<IReadOnlyList<WorkerInfo>, bool> condition, string what, TimeSpan? timeout = null)
    {
        IReadOnlyList<WorkerInfo> last = [];
        try
        {
            await Eventually.WaitUntilAsync(async () => condition(last = await Job(jobId).GetWorkers()), what, timeout ?? TimeSpan.FromSeconds(20));
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"{ex.Message} (workers: {string.Join("; ", last.Select(w => $"{w.Index} {w.Status} on {w.NodeId}: {w.Reason}"))})", ex);
        }

        return last;
    }

    public async ValueTask DisposeAsync()
    {
        await StopSiloAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
