using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.GrainInterfaces.Nodes;

namespace JobHub.Grains.Nodes;

/// <summary>
/// Bin-packing of a job's processes: each process goes to a node that already holds processes of the
/// job if one has room, else to the node with the most free vCPUs, so a job lands on as few nodes as fit.
/// </summary>
internal static class Placement
{
    /// <summary>Places every index or none; <paramref name="free"/> is updated only on success.</summary>
    public static List<ProcessPlacement>? PlaceAll(IEnumerable<int> indexes, ProcessResources perProcess, Dictionary<string, NodeCapacity> free, HashSet<string> jobNodes)
    {
        var trial = new Dictionary<string, NodeCapacity>(free, StringComparer.Ordinal);
        var trialNodes = new HashSet<string>(jobNodes, StringComparer.Ordinal);
        var placed = new List<ProcessPlacement>();
        foreach (var index in indexes)
        {
            if (PlaceOne(index, perProcess, trial, trialNodes) is not { } placement)
            {
                return null;
            }

            placed.Add(placement);
        }

        foreach (var (node, capacity) in trial)
        {
            free[node] = capacity;
        }

        jobNodes.UnionWith(trialNodes);
        return placed;
    }

    /// <summary>Places one process if it fits anywhere, updating <paramref name="free"/>.</summary>
    public static ProcessPlacement? PlaceOne(int index, ProcessResources perProcess, Dictionary<string, NodeCapacity> free, HashSet<string> jobNodes)
    {
        var node = free
            .Where(entry => Fits(perProcess, entry.Value))
            .OrderByDescending(entry => jobNodes.Contains(entry.Key))
            .ThenByDescending(entry => entry.Value.Vcpu)
            .ThenBy(entry => entry.Key, StringComparer.Ordinal)
            .Select(entry => entry.Key)
            .FirstOrDefault();
        if (node is null)
        {
            return null;
        }

        var left = free[node];
        free[node] = new NodeCapacity(left.Vcpu - perProcess.Vcpu, left.MemoryMiB - perProcess.MemoryMiB, left.Gpus - perProcess.Gpus);
        jobNodes.Add(node);
        return new ProcessPlacement(index, node);
    }

    /// <summary>"waiting for free nodes: needs 4 vCPU, largest free block is 2" (or the same for memory or GPUs when those are short).</summary>
    public static string WaitingReason(int processes, ProcessResources perProcess, IReadOnlyCollection<NodeCapacity> free)
    {
        var largestVcpu = free.Count == 0 ? 0 : free.Max(capacity => capacity.Vcpu);
        if (largestVcpu < perProcess.Vcpu || free.Count == 0)
        {
            return Invariant($"waiting for free nodes: needs {processes * perProcess.Vcpu:0.##} vCPU, largest free block is {largestVcpu:0.##}");
        }

        var largestMemory = free.Max(capacity => capacity.MemoryMiB);
        if (largestMemory < perProcess.MemoryMiB)
        {
            return Invariant($"waiting for free nodes: needs {processes * perProcess.MemoryMiB} MiB memory, largest free block is {largestMemory} MiB");
        }

        var largestGpus = free.Max(capacity => capacity.Gpus);
        if (largestGpus < perProcess.Gpus)
        {
            return Invariant($"waiting for free nodes: needs {processes * perProcess.Gpus} GPUs, largest free block is {largestGpus}");
        }

        var totalVcpu = free.Sum(capacity => capacity.Vcpu);
        return Invariant($"waiting for free nodes: needs {processes * perProcess.Vcpu:0.##} vCPU for {processes} processes, {totalVcpu:0.##} free in total");
    }

    private static bool Fits(ProcessResources need, NodeCapacity free) =>
        need.Vcpu <= free.Vcpu && need.MemoryMiB <= free.MemoryMiB && need.Gpus <= free.Gpus;

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
