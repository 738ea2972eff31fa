using System.Diagnostics.CodeAnalysis;

namespace JobHub.Agent.Processes;

/// <summary>Either a started process or the reason it could not start.</summary>
public sealed record ProcessLaunchResult
{
    private ProcessLaunchResult(RunningProcess? process, string? error)
    {
        Process = process;
        Error = error;
    }

    /// <summary>The running process; null when the start failed.</summary>
    public RunningProcess? Process { get; }

    /// <summary>Why the process did not start (names the command); null on success.</summary>
    public string? Error { get; }

    /// <summary>True when <see cref="Process"/> is set.</summary>
    [MemberNotNullWhen(true, nameof(Process))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Started => Process is not null;

    internal static ProcessLaunchResult Success(RunningProcess process) => new(process, null);

    internal static ProcessLaunchResult Failure(string error) => new(null, error);
}
