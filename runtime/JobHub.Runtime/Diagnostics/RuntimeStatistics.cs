namespace JobHub.Runtime.Diagnostics;

/// <summary>A point-in-time view of one silo's runtime: what <c>/api/v1/cluster</c> shows.</summary>
public sealed record RuntimeStatistics(
    long Calls,
    long FailedCalls,
    long TimedOutCalls,
    double CallLatencyP50Milliseconds,
    double CallLatencyP99Milliseconds,
    long ActivationsCreated,
    long ActivationsDeactivated,
    IReadOnlyDictionary<string, long> ActivationsByType);
