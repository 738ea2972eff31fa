namespace JobHub.Contracts.Validation;

/// <summary>
/// The upper bounds on what a request may ask for, the same in the API, the SDK and the CLI (docs/api.md, "Limits").
/// They keep every size, duration and count far from what could overflow or exhaust a silo, while leaving room for
/// any real job.
/// </summary>
public static class JobLimits
{
    /// <summary>Longest job name, in characters.</summary>
    public const int MaxNameLength = 200;

    /// <summary>Longest command, in characters.</summary>
    public const int MaxCommandLength = 4096;

    /// <summary>Longest entry script path, in characters.</summary>
    public const int MaxEntryScriptLength = 1024;

    /// <summary>Most arguments a job may pass.</summary>
    public const int MaxArguments = 4096;

    /// <summary>Most bytes (UTF-8) of all arguments together; Linux refuses a single argument over 128 KiB too.</summary>
    public const int MaxArgumentBytes = 128 * 1024;

    /// <summary>Most environment variables a job may set.</summary>
    public const int MaxEnvironmentVariables = 1024;

    /// <summary>Most bytes (UTF-8) of all environment names and values together.</summary>
    public const int MaxEnvironmentBytes = 128 * 1024;

    /// <summary>Longest environment variable name, in characters.</summary>
    public const int MaxEnvironmentNameLength = 256;

    /// <summary>Lowest job priority.</summary>
    public const int MinPriority = -100;

    /// <summary>Highest job priority.</summary>
    public const int MaxPriority = 100;

    /// <summary>Longest node type name, in characters.</summary>
    public const int MaxNodeTypeLength = 100;

    /// <summary>Longest code bundle id, in characters.</summary>
    public const int MaxCodeBundleIdLength = 128;

    /// <summary>Most nodes a distributed job may ask for.</summary>
    public const int MaxNodes = 1000;

    /// <summary>Most processes per node.</summary>
    public const int MaxProcessesPerNode = 256;

    /// <summary>Most processes (master and workers) in one job.</summary>
    public const int MaxProcesses = 10_000;

    /// <summary>Most vCPUs one process may reserve.</summary>
    public const decimal MaxVcpuPerProcess = 1024;

    /// <summary>Most memory one process may reserve, in MiB (16 TiB).</summary>
    public const long MaxMemoryMiBPerProcess = 16L * 1024 * 1024;

    /// <summary>Most GPUs one process may reserve.</summary>
    public const int MaxGpusPerProcess = 64;

    /// <summary>Highest cost limit, in dollars.</summary>
    public const decimal MaxCostLimit = 1_000_000m;

    /// <summary>Longest time limit a job may have, at submission or after any extension: 30 days.</summary>
    public static readonly TimeSpan MaxTimeLimit = TimeSpan.FromDays(30);

    /// <summary>Longest reason given when stopping a job, in characters.</summary>
    public const int MaxStopReasonLength = 1000;

    /// <summary>Longest job id the API reads from a URL, in characters; longer ones are refused unread.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest page cursor (the API hands out cursors of a job id and a time), in characters.</summary>
    public const int MaxCursorLength = 200;

    /// <summary>Largest page of jobs.</summary>
    public const int MaxJobPage = 500;

    /// <summary>Largest page of log lines (limit, tail).</summary>
    public const int MaxLogPage = 10_000;

    /// <summary>Longest wait for workers, in seconds.</summary>
    public const int MaxWaitSeconds = 3600;

    /// <summary>Largest request body for JSON requests (job specs, stop and extend), in bytes.</summary>
    public const int MaxJsonBodyBytes = 1024 * 1024;

    /// <summary>The most vCPUs per node a job's constraints may ask for.</summary>
    public const int MaxConstraintVcpu = 1024;

    /// <summary>The most memory per node a job's constraints may ask for, in MiB (16 TiB).</summary>
    public const long MaxConstraintMemoryMiB = 16L * 1024 * 1024;

    /// <summary>The most GPUs per node a job's constraints may ask for.</summary>
    public const int MaxConstraintGpus = 64;

    /// <summary>The most labels a job's constraints may name.</summary>
    public const int MaxConstraintLabels = 16;

    /// <summary>The longest label a job's constraints may name.</summary>
    public const int MaxConstraintLabelLength = 64;
}
