using Orleans;

namespace JobHub.Contracts.Jobs;

/// <summary>A node type (the node pool of that name): the size of each of its nodes and its price.</summary>
/// <param name="Name">Node pool name, for example <c>local</c>.</param>
/// <param name="Vcpu">Virtual CPUs per node.</param>
/// <param name="MemoryMiB">Memory per node in MiB.</param>
/// <param name="Gpus">GPUs per node.</param>
/// <param name="PricePerHour">Price of one node for one hour, in dollars.</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.NodeTypeSpec")]
public sealed record NodeTypeSpec(
    [Id(0)] string Name,
    [Id(1)] int Vcpu,
    [Id(2)] long MemoryMiB,
    [Id(3)] int Gpus,
    [Id(4)] decimal PricePerHour);
