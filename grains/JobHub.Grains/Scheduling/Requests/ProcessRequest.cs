using JobHub.Contracts.Jobs;
using JobHub.Grains.Scheduling.Pools;

namespace JobHub.Grains.Scheduling.Requests;

/// <summary>One process of a job to place.</summary>
/// <param name="Index">0 for the master, 1.. for workers.</param>
/// <param name="Role">Master or worker.</param>
/// <param name="Resources">What it reserves on its node.</param>
/// <param name="Critical">
/// True for a process whose loss fails the job (a master, a fixed-pool worker): never placed on a spot pool and
/// never on a node the autoscaler would stop.
/// </param>
public readonly record struct ProcessRequest(int Index, WorkerRole Role, ResourceAmount Resources, bool Critical);
