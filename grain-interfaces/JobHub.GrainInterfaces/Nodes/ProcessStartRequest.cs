using JobHub.GrainInterfaces.Jobs;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A worker asks its node to start its process.</summary>
/// <param name="Launch">What to run.</param>
/// <param name="Attempt">1 for the first start, +1 per restart; echoed in the exit report so late reports of an older process are ignored.</param>
public sealed record ProcessStartRequest(WorkerLaunch Launch, int Attempt);
