using Orleans;

namespace JobHub.GrainInterfaces.Nodes;

/// <summary>
/// One node (key: the node id, for example <c>local-1</c>). Runs processes through the local agent in
/// per-job working folders with the job environment, captures their logs and reports each exit to
/// its worker with the one-way <see cref="Jobs.IWorkerGrain.OnProcessExited"/>.
/// </summary>
[Alias("jobhub.INodeGrain")]
public interface INodeGrain : IGrainWithStringKey
{
    /// <summary>Starts a process; never throws for a process that cannot start (the result says why).</summary>
    Task<ProcessStartResult> StartProcess(ProcessStartRequest request);

    /// <summary>Sends SIGTERM and kills after the grace period, in the background; the exit is reported as usual. Returns at once.</summary>
    Task StopProcess(string jobId, int index, string reason);

    /// <summary>
    /// The node went away (its pool removed it: stopped, failed or interrupted): every process it runs is SIGKILLed at
    /// once, with no grace, as a machine that vanished would end them, and starts under way are refused or killed.
    /// Their exits are reported as usual, marked <see cref="ProcessExit.NodeLost"/> with <paramref name="reason"/>.
    /// Returns once they have exited and their logs are stored. Only the pool calls this; repeating it is harmless.
    /// </summary>
    Task Lose(string reason);

    /// <summary>The running process of that worker, or null when this node runs none.</summary>
    Task<NodeProcessInfo?> GetProcess(string jobId, int index);

    /// <summary>The processes this node runs.</summary>
    Task<NodeInfo> GetInfo();
}
