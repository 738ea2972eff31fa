using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>A worker asks its node to start its process.</summary>
/// <param name="Launch">What to run.</param>
/// <param name="Attempt">1 for the first start, +1 per restart; echoed in the exit report so late reports of an older process are ignored.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.ProcessStartRequest")]
public sealed record ProcessStartRequest([Id(0)] WorkerLaunch Launch, [Id(1)] int Attempt);
