using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Nodes;

namespace JobHub.Grains.Jobs;

/// <summary>
/// The steps of a job's history that name a lost node and the processes placed again. One node's loss is one step:
/// when a reconcile placed some of its processes again before the pool's word about the rest came, the second note
/// adds its processes to the step the first one wrote.
/// </summary>
internal static class NodeLossSteps
{
    /// <summary>Node losses kept as steps of a job's history at most; older ones go first (state changes are always kept).</summary>
    public const int MaxSteps = 100;

    private const string Suffix = "(not counted as restarts)";

    /// <summary>
    /// Notes that <paramref name="relocated"/> were lost with <paramref name="loss"/>'s node and placed again; returns
    /// what the history's last node-loss step now says (the <paramref name="last"/> of the next call).
    /// </summary>
    public static NodeLoss Note(List<JobTransition> history, NodeLoss? last, NodeLoss loss, IEnumerable<int> relocated, JobState state, DateTimeOffset now)
    {
        if (last is not null && history.Count > 0 && history[^1] is { Scaling: null } previous && previous.State == state
            && string.Equals(last.NodeId, loss.NodeId, StringComparison.Ordinal) && string.Equals(last.Reason, loss.Reason, StringComparison.Ordinal)
            && string.Equals(previous.Reason, Describe(last), StringComparison.Ordinal))
        {
            var merged = new NodeLoss(loss.NodeId, loss.Reason, [.. last.Indexes.Union(relocated).Order()]);
            history[^1] = previous with { Reason = Describe(merged) };
            return merged;
        }

        var noted = new NodeLoss(loss.NodeId, loss.Reason, [.. relocated.Order()]);
        history.Add(new JobTransition(state, now, Describe(noted)));
        if (history.Count(IsStep) > MaxSteps)
        {
            history.RemoveAt(history.FindIndex(IsStep));
        }

        return noted;
    }

    private static string Describe(NodeLoss noted) => string.Create(
        CultureInfo.InvariantCulture,
        $"{noted.Reason}: {(noted.Indexes.Length == 1 ? "process" : "processes")} {string.Join(", ", noted.Indexes)} lost with it, placed again on other nodes {Suffix}");

    private static bool IsStep(JobTransition step) => step.Scaling is null && step.Reason.EndsWith(Suffix, StringComparison.Ordinal);
}
