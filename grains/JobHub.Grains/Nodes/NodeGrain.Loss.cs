using JobHub.GrainInterfaces.Nodes;
using Orleans;

namespace JobHub.Grains.Nodes;

/// <summary>
/// A node that went away. Only its pool decides that (the autoscaler stopped it, or its provider reported it failed or
/// interrupted): the node grain itself never gives up on its processes, so there is one path from a vanished machine
/// to its jobs (pool → node, pool → job).
/// </summary>
internal sealed partial class NodeGrain
{
    /// <summary>Starts under way when the node went away: refused before the fork, killed right after it (value: why).</summary>
    private readonly Dictionary<(string JobId, int Index), string> _lostWhileStarting = [];

    /// <inheritdoc />
    public async Task Lose(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var starts = _starting.Select(s => s.Value.Start).ToList();
        foreach (var key in _starting.Keys)
        {
            _lostWhileStarting.TryAdd(key, reason);
        }

        if (starts.Count > 0)
        {
            // A start that forked meanwhile puts its process in _processes (and kills it itself): wait for them first.
            try
            {
                await Task.WhenAll(starts);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The start's own caller hears of its failure; nothing of it runs here.
            }
        }

        var watches = new List<Task>();
        foreach (var process in _processes.Values.ToList())
        {
            watches.Add(process.Watch);
            Kill(process, reason);
        }

        LogLosing(logger, this.GetPrimaryKeyString(), watches.Count, reason);

        // Each watch reports its exit (after its last line is stored): the pool tells the jobs once that is done.
        await Task.WhenAll(watches);
    }

    /// <summary>SIGKILL at once, no grace; the exit is reported as lost with the node (<see cref="ProcessExit.NodeLost"/>).</summary>
    private void Kill(NodeProcess process, string reason)
    {
        if (process.LostReason is not null)
        {
            return;
        }

        process.LostReason = reason;
        _ = KillAsync(process);
    }

    private async Task KillAsync(NodeProcess process)
    {
        try
        {
            await process.Process.KillAsync();
        }
        catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            LogKillFailed(logger, ex, process.Process.Label);
        }
    }
}
