namespace JobHub.Simulator;

/// <summary>One job of a trace: when it arrives, whose it is, its shape and how long it runs once started.</summary>
/// <param name="ArrivalSeconds">Seconds from the start of the trace.</param>
/// <param name="JobId">Unique id.</param>
/// <param name="User">Owner (fair share, caps).</param>
/// <param name="Group">The owner's group.</param>
/// <param name="Kind"><c>single</c>, <c>elastic</c> or <c>fixed</c>.</param>
/// <param name="Processes">Master plus workers.</param>
/// <param name="Gang">Processes that start together (fixed: master + minimum workers; else 1).</param>
/// <param name="Vcpu">vCPU per process.</param>
/// <param name="MemoryMiB">Memory per process.</param>
/// <param name="DurationSeconds">Run time from the start of its master.</param>
/// <param name="Priority">Among the owner's own jobs.</param>
/// <param name="SpotOk">Elastic workers may run on spot nodes.</param>
public sealed record TraceJob(
    double ArrivalSeconds,
    string JobId,
    string User,
    string Group,
    string Kind,
    int Processes,
    int Gang,
    decimal Vcpu,
    long MemoryMiB,
    double DurationSeconds,
    int Priority,
    bool SpotOk);
