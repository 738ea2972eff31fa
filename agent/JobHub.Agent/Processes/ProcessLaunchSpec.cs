namespace JobHub.Agent.Processes;

/// <summary>Everything needed to start one OS process of a job.</summary>
/// <param name="Command">The executable: a path, or a name looked up on the agent's PATH.</param>
/// <param name="Arguments">argv[1..], passed one by one (no shell quoting involved).</param>
/// <param name="WorkingDirectory">The folder the process starts in; must exist.</param>
/// <param name="Environment">
/// The process environment. It is NOT merged with the agent's environment: the launcher clears the
/// environment and copies only <see cref="Hosting.LocalNodeAgentOptions.PassThroughEnvironmentVariables"/>
/// from the agent, then these entries (which win).
/// </param>
/// <param name="Label">Job id, role and worker index; stamped on every log line.</param>
public sealed record ProcessLaunchSpec(
    string Command,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string> Environment,
    ProcessLabel Label)
{
    /// <summary>
    /// The node that starts the process; its record on disk is kept in that node's folder
    /// (<see cref="ProcessRecordStore"/>). Null outside a node (tests).
    /// </summary>
    public string? NodeId { get; init; }
}
