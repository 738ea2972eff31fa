using System.Collections.Immutable;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Sockets;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Autoscaling.Providers;
using JobHub.Grains.Billing;
using JobHub.Grains.Diagnostics;
using JobHub.Grains.Hosting;
using JobHub.Grains.Nodes;
using JobHub.Grains.Scheduling.Pools;
using JobHub.Agent.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Runtime;
using Orleans.Timers;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// A trace played through JobHub's real grains in an in-process silo, on a virtual clock: each trace job is submitted as
/// a JobHub job spec to its <c>JobGrain</c>; the real <c>NodePoolGrain</c> (scheduler, autoscaler, the <c>simulated</c>
/// provider), job and worker grains place, start, stop and release its processes; <see cref="SimulatedNodeGrain"/>
/// stands in for the node grain (no OS process runs: a master runs for its trace duration). The driver moves time only
/// when the silo is quiescent, one step at a time: one arrival, or one timer due (in due-time order).
/// </summary>
public sealed class GrainSimulation
{
    private static readonly DateTimeOffset Epoch = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly IReadOnlyList<TraceJob> _trace;
    private readonly SimulationSettings _settings;
    private readonly SimulationClock _clock = new(Epoch);
    private readonly QuiescenceTracker _tracker;
    private readonly GrainSimulationLedger _ledger;
    private readonly SimulatedCloud _cloud;
    private readonly Dictionary<string, long> _scaleActions = new(StringComparer.Ordinal);
    private IGrainContext? _lastFired;

    /// <summary>
    /// Sets up the cluster for <paramref name="settings"/>. A run narrows the process's thread pool to one thread
    /// (<see cref="OnePoolThread"/>), so it needs a process of its own: the simulator's command line.
    /// </summary>
    public GrainSimulation(IReadOnlyList<TraceJob> trace, SimulationSettings settings)
    {
        _trace = trace;
        _tracker = new QuiescenceTracker();
        _settings = settings;
        _ledger = new GrainSimulationLedger(trace);
        _cloud = new SimulatedCloud(new SimulatedNodeProviderOptions
        {
            Seed = settings.Seed,
            BootTime = TimeSpan.FromSeconds(90),
            BootJitter = TimeSpan.FromSeconds(60),
            FailureRate = settings.FailureRate,
            SpotInterruptionsPerNodeHour = settings.SpotInterruptionsPerNodeHour,
        });
    }

    /// <summary>Where progress lines go (none by default).</summary>
    public Action<string>? Progress { get; init; }

    /// <summary>Steps the driver took (arrivals and timer ticks).</summary>
    public long Steps { get; private set; }

    /// <summary>
    /// Runs the whole trace until every job ended. Two pools, as in the scheduler-only simulation: <c>cpu</c> for every
    /// job, and <c>spot</c> for the workers of the elastic jobs that allow it (<see cref="DistributedSpec.WorkerNodeType"/>).
    /// </summary>
    public async Task<SimulationReport> RunAsync(CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        using var onePoolThread = OnePoolThread.TryEnter() ?? throw new InvalidOperationException("The runtime refused to narrow the thread pool to one thread.");
        var root = Path.Combine(Path.GetTempPath(), "jobhub-simulator", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        try
        {
            using var host = Build(root);
            _clock.Contexts = host.Services.GetRequiredService<IGrainContextAccessor>();
            _tracker.Contexts = _clock.Contexts;
            using var listener = ListenToScaleActions(host.Services.GetRequiredService<IMeterFactory>());
            Progress?.Invoke("silo starting");
            await host.StartAsync(cancellationToken);
            Progress?.Invoke("silo started");
            try
            {
                var grains = host.Services.GetRequiredService<IGrainFactory>();
                // Ctrl+C or SIGTERM reach the silo's host (its console lifetime), not this loop: stop the run with it.
                using var stopping = CancellationTokenSource.CreateLinkedTokenSource(
                    cancellationToken, host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
                var refused = await PlayAsync(grains, stopping.Token);
                return await ReportAsync(grains, refused, wall, stopping.Token);
            }
            finally
            {
                _tracker.Parking = false;
                await host.StopAsync(CancellationToken.None);
            }
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task<int> PlayAsync(IGrainFactory grains, CancellationToken cancellationToken)
    {
        var refused = 0;
        var next = 0;
        var peak = 0;
        Progress?.Invoke("waiting for the silo to stand still");
        await _tracker.WaitAsync(DeactivatedTicks, cancellationToken);
        Progress?.Invoke("standing still: playing the trace");
        while (true)
        {
            var due = _clock.NextDue;
            DateTimeOffset? arrival = next < _trace.Count ? Epoch.AddSeconds(_trace[next].ArrivalSeconds) : null;
            if (arrival is { } at && (due is null || at <= due))
            {
                _clock.AdvanceTo(at);
                if (!await SubmitAsync(grains, _trace[next++]))
                {
                    refused++;
                }
            }
            else if (next >= _trace.Count && Ended(refused))
            {
                break; // the pools' periodic ticks would go on for ever
            }
            else if (due is { } time && time - Epoch < TimeSpan.FromDays(30))
            {
                _clock.TryFireNext(time, Firing);
            }
            else
            {
                break;
            }

            Steps++;
            if (Steps % 1000 == 0 || Verbose)
            {
                Progress?.Invoke($"step {Steps}: {_clock.GetUtcNow() - Epoch}, {next} of {_trace.Count} jobs submitted, {_ledger.MasterExits} ended, {_cloud.RunningNodes} nodes; {_tracker.Yields} yields to queued work, {_tracker.OffPoolWaits} waits off the pool");
            }

            await _tracker.WaitAsync(DeactivatedTicks, cancellationToken);
            peak = Math.Max(peak, _cloud.RunningNodes);
            PeakNodes = peak;
        }

        return refused;
    }

    private int PeakNodes { get; set; }

    private static bool Verbose => Environment.GetEnvironmentVariable("JOBHUB_SIMULATOR_STEPS") == "1";

    /// <summary>Every job ended: its master exited, or it was refused or failed (its master or a fixed worker lost).</summary>
    private bool Ended(int refused) => _ledger.MasterExits + _ledger.JobsFailed + refused >= _trace.Count;

    private bool Firing(IGrainContext owner, bool grainTimer)
    {
        if (owner.Deactivated.IsCompleted)
        {
            return false; // its grain went away (a job that ended); Orleans would drop the tick
        }

        _lastFired = grainTimer ? owner : null;
        if (grainTimer)
        {
            _tracker.TickFired();
        }

        return true;
    }

    private int DeactivatedTicks() => _lastFired is { } owner && owner.Deactivated.IsCompleted ? 1 : 0;

    private async Task<bool> SubmitAsync(IGrainFactory grains, TraceJob job)
    {
        try
        {
            // Charged to the user's group as the API charges a member's groups: the group's caps and fair share count it.
            await grains.GetGrain<IJobGrain>(GrainSimulationLedger.JobIdOf(job)).SubmitCharged(SpecOf(job), job.User, [$"group:{job.Group}"]);
            return true;
        }
        catch (JobSpecRejectedException)
        {
            return false;
        }
    }

    /// <summary>
    /// The trace job as a JobHub job spec on pool <c>cpu</c>, an elastic job that allows spot with its workers on pool
    /// <c>spot</c> (the command never runs: the node is simulated).
    /// </summary>
    internal static JobSpec SpecOf(TraceJob job)
    {
        var spec = new JobSpec
        {
            Name = job.JobId,
            Command = "/bin/true",
            NodeType = "cpu",
            ProcessResources = new ProcessResources(job.Vcpu, job.MemoryMiB),
            TimeLimit = TimeSpan.FromDays(2),
            Priority = job.Priority,
        };
        return job.Kind switch
        {
            "elastic" => spec with
            {
                Mode = JobMode.Distributed,
                Distributed = new DistributedSpec { Nodes = job.Processes, ProcessesPerNode = 1, Pool = WorkerPoolKind.Elastic, WorkerNodeType = job.SpotOk ? "spot" : null },
            },
            "fixed" => spec with { Mode = JobMode.Distributed, Distributed = new DistributedSpec { Nodes = job.Processes, ProcessesPerNode = 1, Pool = WorkerPoolKind.Fixed, MinimumWorkers = job.Gang - 1 } },
            _ => spec,
        };
    }

    private async Task<SimulationReport> ReportAsync(IGrainFactory grains, int refused, Stopwatch wall, CancellationToken cancellationToken)
    {
        var completed = 0;
        var failed = 0;
        var waits = new List<double>();
        foreach (var job in _trace)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var jobId = GrainSimulationLedger.JobIdOf(job);
            if (_ledger.MasterStart(jobId) is { } started)
            {
                waits.Add((started - Epoch.AddSeconds(job.ArrivalSeconds)).TotalSeconds);
            }

            var info = await grains.GetGrain<IJobGrain>(jobId).Get();
            completed += info.State == JobState.Completed ? 1 : 0;
            failed += info.State is JobState.Failed or JobState.Stopped or JobState.TimedOut ? 1 : 0;
        }

        var ordered = waits.Order().ToArray();
        var paid = _cloud.PaidNodeHours();
        long Actions(string kind)
        {
            lock (_scaleActions)
            {
                return _scaleActions.GetValueOrDefault(kind);
            }
        }

        return new SimulationReport
        {
            Label = _settings.Label + " / through the grains",
            Jobs = _trace.Count,
            Refused = refused,
            Completed = completed,
            Failed = failed,
            WaitP50Seconds = Simulation.Percentile(ordered, 0.50),
            WaitP99Seconds = Simulation.Percentile(ordered, 0.99),
            WaitMaxSeconds = ordered.Length == 0 ? 0 : ordered[^1],
            WaitMeanSeconds = ordered.Length == 0 ? 0 : ordered.Average(),
            WaitedOverAMinute = ordered.Length == 0 ? 0 : ordered.Count(w => w > 60) / (double)ordered.Length,
            NodeHoursPaid = paid,
            Cost = Math.Round(_cloud.Cost(), 2),
            Utilisation = paid <= 0 ? 0 : _ledger.VcpuSeconds / 3600 / (paid * 32),
            PeakNodes = PeakNodes,
            ScaleUps = (int)Actions("scale-up"),
            ScaleDowns = (int)Actions("scale-down"),
            Replacements = (int)Actions("node-replaced"),
            RequeuedWorkers = _ledger.LostElastic,
            SpotInterruptions = _cloud.Interruptions,
            RequeuedAfterInterruption = _ledger.LostToInterruptions,
            InterruptedCriticalProcesses = _ledger.LostCritical,
            Placements = _ledger.ProcessStarts,
            SimulatedSpan = _clock.GetUtcNow() - Epoch,
            WallClock = wall.Elapsed,
            ThroughGrains = true,
            Steps = Steps,
            DroppedTicks = _tracker.DroppedTicks,
            Stalls = _tracker.Stalls,
        };
    }

    private MeterListener ListenToScaleActions(IMeterFactory meters)
    {
        var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == "jobhub.pool.scale_actions")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "kind" && tag.Value is string kind)
                {
                    lock (_scaleActions)
                    {
                        _scaleActions[kind] = _scaleActions.GetValueOrDefault(kind) + value;
                    }
                }
            }
        });
        listener.Start();
        return listener;
    }

    private IHost Build(string root)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = root });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(Environment.GetEnvironmentVariable("JOBHUB_SIMULATOR_LOG") is { } level ? Enum.Parse<LogLevel>(level) : LogLevel.Error);
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        if (Environment.GetEnvironmentVariable("JOBHUB_SIMULATOR_LOG") is null)
        {
            // Orleans' health checks read the virtual clock too and complain of its jumps; its stop logs the pools' last writes.
            builder.Logging.AddFilter("Orleans", LogLevel.None).AddFilter("Polly", LogLevel.None);
        }

        builder.UseOrleans(silo => silo
            .UseLocalhostClustering(FreePort(), FreePort())
            .AddMemoryGrainStorageAsDefault()
            .UseInMemoryReminderService()
            .AddJobHubGrains(
                jobs =>
                {
                    // A reminder only after a day: nothing in a simulation depends on Orleans' real-time reminders.
                    jobs.ReconcileReminderDelay = TimeSpan.FromDays(1);
                    jobs.ReconcileInterval = TimeSpan.FromHours(1);
                },
                nodes => nodes.NodeCount = 1)
            .UseInMemoryJobLogs()
            .UseInMemoryJobIndex());
        var services = builder.Services;
        services.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromDays(365));
        services.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMinutes(10));
        services.Configure<LocalNodeAgentOptions>(o =>
        {
            o.WorkRoot = Path.Combine(root, "jobs");
            o.BlobRoot = Path.Combine(root, "blobs");
        });
        services.Configure<BillingOptions>(o => o.MeterInterval = TimeSpan.FromHours(1));
        services.AddJobHubNodePools(o =>
        {
            o.AutoscalerInterval = TimeSpan.FromSeconds(10);
            o.DefaultUserVcpuCap = _settings.UserVcpuCap;
            o.FairShareHalfLife = TimeSpan.FromHours(1);
            o.MaxClusterNodes = _settings.MaxNodes + _settings.MaxSpotNodes;
            o.Pools["cpu"] = new NodePoolOptions
            {
                Vcpu = 32,
                MemoryMiB = 131_072,
                PricePerHour = 1.50m,
                MaxNodes = _settings.MaxNodes,
                Headroom = new NodePoolHeadroomOptions { PercentOfReserved = _settings.HeadroomPercent, FreeNodes = _settings.HeadroomFreeNodes },
                ScaleDownDelay = _settings.ScaleDownDelay,
                MinimumBillingPeriod = _settings.MinimumBillingPeriod,
                ProvisioningTimeout = TimeSpan.FromMinutes(10),
                Provider = "simulated",
            };
            o.Pools["spot"] = new NodePoolOptions
            {
                Vcpu = 32,
                MemoryMiB = 131_072,
                PricePerHour = 0.50m,
                MaxNodes = _settings.MaxSpotNodes,
                ScaleDownDelay = _settings.ScaleDownDelay,
                MinimumBillingPeriod = _settings.MinimumBillingPeriod,
                ProvisioningTimeout = TimeSpan.FromMinutes(10),
                Provider = "simulated",
                Labels = [PoolSpec.SpotLabel],
            };
        });
        services.RemoveAll<INodeProviderFactory>();
        services.AddSingleton<INodeProviderFactory>(_cloud);
        services.AddSingleton<INodeProviderFactory, LocalNodeProviderFactory>();
        services.AddSingleton(_ledger);

        // Virtual time for JobHub: its TimeProvider, and its grains' timers (Orleans' system targets keep real ones).
        services.RemoveAll<TimeProvider>();
        services.AddSingleton<TimeProvider>(_clock);
        var registry = services.Last(d => d.ServiceType == typeof(ITimerRegistry)).ImplementationType
            ?? throw new InvalidOperationException("Orleans' timer registry is not registered by its type.");
        services.RemoveAll<ITimerRegistry>();
        services.AddSingleton<ITimerRegistry>(sp => new SimulationTimerRegistry(
            (ITimerRegistry)ActivatorUtilities.CreateInstance(sp, registry, _clock),
            (ITimerRegistry)ActivatorUtilities.CreateInstance(sp, registry, TimeProvider.System),
            _tracker));
        services.AddSingleton<IIncomingGrainCallFilter>(_tracker);
        services.AddSingleton<IOutgoingGrainCallFilter>(_tracker);

        // The simulated node in place of the node grain that runs OS processes.
        services.PostConfigure<GrainTypeOptions>(o =>
        {
            o.Classes.Remove(typeof(NodeGrain));
            o.Classes.Add(typeof(SimulatedNodeGrain));
        });
        return builder.Build();
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
