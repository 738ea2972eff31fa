using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Grains.Tests.Infrastructure;
using JobHub.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;

namespace JobHub.Grains.Tests.Nodes;

/// <summary>
/// The node pool grain on the real scheduler and cluster autoscaler (issue 12): a pool of this host's nodes through the
/// <c>local</c> provider with no node at the start and a 1-second start delay scales up for a job, runs it, and scales
/// back down to nothing once the job is over; its nodes, reservations and events survive a silo restart.
/// </summary>
public sealed class ScalingPoolTests : IAsyncLifetime
{
    private JobsHost _host = null!;

    public async Task InitializeAsync() => _host = await JobsHost.StartAsync(
        nodes: o =>
        {
            o.NodeCount = 2;
            o.StartDelay = TimeSpan.FromSeconds(1);
        },
        silo: s => s.Services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(1);
            o.Pools["local"] = new NodePoolOptions
            {
                Vcpu = 4,
                MemoryMiB = 4096,
                MinNodes = 0,
                MaxNodes = 2,
                Provider = "local",
                ScaleDownDelay = TimeSpan.FromSeconds(2),
                ProvisioningTimeout = TimeSpan.FromMinutes(1),
            };
        }));

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ScalesUpFromZeroForAJob_RunsIt_AndScalesDownWhenItIsOver()
    {
        using var meters = new PoolMeterListener(_host.Services.GetRequiredService<IMeterFactory>());
        Assert.Empty((await Pool().GetInfo()).Nodes);

        var (jobId, submitted) = await _host.SubmitAsync(JobsHost.Shell("exit 0"));

        Assert.Equal(JobState.Queued, submitted.State);
        Assert.StartsWith("waiting for free nodes:", submitted.Reason, StringComparison.Ordinal);
        Assert.Contains("scale-up of pool local in progress, first node expected at", submitted.Reason, StringComparison.Ordinal);
        await _host.WaitForStateAsync(jobId, JobState.Completed);

        await Eventually.WaitUntilAsync(async () => (await Pool().GetInfo()).Nodes.IsEmpty, "the idle node should be stopped after the scale-down delay", TimeSpan.FromSeconds(20));
        var events = await Pool().GetEvents(10);
        Assert.Equal(["scale-up", "scale-down"], events.Select(e => e.Kind));
        Assert.Equal("local-1", Assert.Single(events[1].NodeIds));
        Assert.Equal(1, meters.Sum("jobhub.pool.scale_actions", "scale-up"));
        Assert.Equal(1, meters.Sum("jobhub.pool.scale_actions", "scale-down"));
        meters.Observe();
        Assert.Equal(0, meters.Last("jobhub.pool.nodes", "ready"));
    }

    [Fact]
    public async Task NodesReservationsAndEvents_SurviveASiloRestart()
    {
        var (jobId, _) = await _host.SubmitAsync(JobsHost.Shell("exec sleep 60"));
        await _host.WaitForStateAsync(jobId, JobState.Running);

        await _host.RestartSiloAsync();

        var info = await Pool().GetInfo();
        var node = Assert.Single(info.Nodes);
        Assert.Equal(1, node.Reservations);
        Assert.Equal(3m, node.Free.Vcpu);
        Assert.Equal("scale-up", Assert.Single(await Pool().GetEvents(10)).Kind);
        var status = await Pool().GetStatus();
        Assert.Equal(1, Assert.Single(status.Pools).ReadyNodes);

        await _host.Job(jobId).Stop(JobsHost.Owner, "over");
        await Eventually.WaitUntilAsync(async () => (await Pool().GetInfo()).Nodes.IsEmpty, "the node should be stopped once the job is over", TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task Submit_RefusesAFixedJobThatCanNeverFit_NamingTheField()
    {
        var spec = JobsHost.Shell("exit 0") with
        {
            Mode = JobMode.Distributed,
            ProcessResources = null,
            Distributed = new DistributedSpec { Nodes = 3, ProcessesPerNode = 1, Pool = WorkerPoolKind.Fixed },
        };

        var refused = await Assert.ThrowsAsync<GrainInterfaces.Jobs.JobSpecRejectedException>(() => _host.SubmitAsync(spec));

        Assert.Contains("resource misfit: 3 processes must start together", Assert.Single(refused.Errors["distributed.nodes"]), StringComparison.Ordinal);
    }

    private INodePoolGrain Pool() => _host.Grains.GetGrain<INodePoolGrain>("local");

    /// <summary>Listens to this host's node pool meter: counter sums and the last gauge values, by their kind/state tag.</summary>
    private sealed class PoolMeterListener : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentDictionary<(string Instrument, string Tag), long> _sums = new();
        private readonly ConcurrentDictionary<(string Instrument, string Tag), long> _last = new();

        public PoolMeterListener(IMeterFactory factory)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "JobHub.NodePools" && ReferenceEquals(instrument.Meter.Scope, factory))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _sums.AddOrUpdate((instrument.Name, Tag(tags)), value, (_, sum) => sum + value));
            _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => _last[(instrument.Name, Tag(tags))] = value);
            _listener.Start();
        }

        public long Sum(string instrument, string tag) => _sums.GetValueOrDefault((instrument, tag));

        public long Last(string instrument, string tag) => _last.TryGetValue((instrument, tag), out var value) ? value : -1;

        public void Observe() => _listener.RecordObservableInstruments();

        public void Dispose() => _listener.Dispose();

        private static string Tag(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key is "kind" or "state")
                {
                    return tag.Value?.ToString() ?? string.Empty;
                }
            }

            return string.Empty;
        }
    }
}
