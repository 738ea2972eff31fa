using System.Collections.Immutable;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;
using JobHub.Grains.State;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A node pool: its nodes (from the <see cref="NodeTypeCatalog"/>), the reservations on them (persisted)
/// and the jobs waiting for room. It never calls a job and waits: waiting jobs get the one-way
/// <see cref="IJobGrain.OnCapacityAvailable"/> when something is released.
/// </summary>
/// <remarks>
/// Every job of the pool's node type passes through this one grain (reserve, release), so it is
/// reentrant and group-commits its state: each request changes the state within one turn (placement is
/// synchronous) and then waits for a write that includes the change, shared with the requests that came
/// meanwhile. A reservation is durable before its job hears of it, as with one write per request.
/// </remarks>
[Reentrant]
[GrainType("nodepool")]
internal sealed partial class NodePoolGrain(
    NodeTypeCatalog catalog,
    ILogger<NodePoolGrain> logger,
    [PersistentState("nodePool")] IPersistentState<NodePoolState> state) : Grain, INodePoolGrain
{
    private readonly CoalescingStateWriter<NodePoolState> _writer = new(state);

    private NodeTypeSpec NodeType => catalog.Find(this.GetPrimaryKeyString())
        ?? throw new InvalidOperationException($"There is no node pool '{this.GetPrimaryKeyString()}'.");

    /// <summary>
    /// Wakes every job that holds a reservation or waits (one-way, after activation): after a silo restart,
    /// a job that ended before it could give its reservations back does so when it reactivates, and a
    /// waiting job asks again. Cheap when nothing changed.
    /// </summary>
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var jobs = state.State.Reservations.Select(r => r.JobId).Concat(state.State.WaitingJobs).Distinct(StringComparer.Ordinal).ToList();
        if (jobs.Count > 0)
        {
            this.RegisterGrainTimer(
                async _ =>
                {
                    foreach (var jobId in jobs)
                    {
                        await GrainFactory.GetGrain<IJobGrain>(jobId).OnCapacityAvailable();
                    }
                },
                TimeSpan.Zero,
                Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public async Task<ReservationResult> Reserve(ReservationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var reservations = state.State.Reservations;
        var existing = reservations.Where(r => r.JobId == request.JobId).ToList();
        var already = existing.ToDictionary(r => r.Index, r => r.NodeId);
        var free = FreeByNode();
        var jobNodes = existing.Select(r => r.NodeId).ToHashSet(StringComparer.Ordinal);
        var placed = new List<ProcessPlacement>();
        var toPlace = request.Indexes.Where(index => !already.ContainsKey(index)).ToList();
        var requiredCount = request.Indexes.Take(request.Required).Count(index => !already.ContainsKey(index));
        string? reason = null;
        var required = Placement.PlaceAll(toPlace.Take(requiredCount), request.PerProcess, free, jobNodes);
        if (required is null)
        {
            reason = Placement.WaitingReason(requiredCount, request.PerProcess, free.Values);
        }
        else
        {
            placed.AddRange(required);
            var rest = toPlace.Skip(requiredCount).ToList();
            for (var i = 0; i < rest.Count; i++)
            {
                if (Placement.PlaceOne(rest[i], request.PerProcess, free, jobNodes) is not { } one)
                {
                    reason = Placement.WaitingReason(rest.Count - i, request.PerProcess, free.Values);
                    break;
                }

                placed.Add(one);
            }
        }

        reservations.AddRange(placed.Select(p => new PoolReservation(request.JobId, p.Index, p.NodeId, request.PerProcess)));
        var waiting = state.State.WaitingJobs;
        waiting.Remove(request.JobId);
        if (reason is not null)
        {
            waiting.Add(request.JobId);
        }

        await _writer.WriteAsync();
        LogReserved(logger, this.GetPrimaryKeyString(), request.JobId, placed.Count, reason ?? "all placed");
        var all = existing.Select(r => new ProcessPlacement(r.Index, r.NodeId)).Where(p => request.Indexes.Contains(p.Index)).Concat(placed);
        return new ReservationResult([.. all.OrderBy(p => p.Index)], reason);
    }

    /// <inheritdoc />
    public async Task Release(string jobId, int index)
    {
        if (state.State.Reservations.RemoveAll(r => r.JobId == jobId && r.Index == index) > 0)
        {
            await ReleasedAsync();
        }
    }

    /// <inheritdoc />
    public async Task ReleaseJob(string jobId)
    {
        var removed = state.State.Reservations.RemoveAll(r => r.JobId == jobId);
        var wasWaiting = state.State.WaitingJobs.Remove(jobId);
        if (removed > 0)
        {
            await ReleasedAsync();
        }
        else if (wasWaiting)
        {
            await _writer.WriteAsync();
        }
    }

    /// <inheritdoc />
    public Task<NodePoolInfo> GetInfo()
    {
        var capacity = NodeTypeCatalog.CapacityOf(NodeType);
        var free = FreeByNode();
        var nodes = free.Keys.Order(StringComparer.Ordinal)
            .Select(node => new NodeAllocation(node, capacity, free[node], state.State.Reservations.Count(r => r.NodeId == node)))
            .ToImmutableArray();
        return Task.FromResult(new NodePoolInfo(NodeType, nodes, [.. state.State.WaitingJobs]));
    }

    private async Task ReleasedAsync()
    {
        var waiting = state.State.WaitingJobs.ToList();
        state.State.WaitingJobs.Clear();
        await _writer.WriteAsync();
        foreach (var jobId in waiting)
        {
            // One-way: the pool never waits for a job, so a job calling the pool cannot deadlock with it.
            await GrainFactory.GetGrain<IJobGrain>(jobId).OnCapacityAvailable();
        }
    }

    private Dictionary<string, NodeCapacity> FreeByNode()
    {
        var capacity = NodeTypeCatalog.CapacityOf(NodeType);
        var free = catalog.NodeIds(this.GetPrimaryKeyString()).ToDictionary(node => node, _ => capacity, StringComparer.Ordinal);
        foreach (var reservation in state.State.Reservations)
        {
            if (free.TryGetValue(reservation.NodeId, out var left))
            {
                var r = reservation.Resources;
                free[reservation.NodeId] = new NodeCapacity(left.Vcpu - r.Vcpu, left.MemoryMiB - r.MemoryMiB, left.Gpus - r.Gpus);
            }
        }

        return free;
    }

    [LoggerMessage(EventId = 4200, Level = LogLevel.Debug, Message = "Pool {Pool}: job {JobId} got {Placed} processes placed ({Outcome})")]
    private static partial void LogReserved(ILogger logger, string pool, string jobId, int placed, string outcome);
}
