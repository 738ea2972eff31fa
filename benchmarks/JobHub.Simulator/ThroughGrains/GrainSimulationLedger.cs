using System.Globalization;

namespace JobHub.Simulator.ThroughGrains;

/// <summary>
/// What the simulated nodes saw, for the report: when each job's master started, the vCPU-seconds processes ran, process
/// starts, and the processes lost with their nodes (critical: masters and fixed-pool workers). One per simulation, shared
/// by its node grains; it also holds the trace, from which a node knows how long a master runs and how big a process is.
/// </summary>
public sealed class GrainSimulationLedger
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TraceJob> _jobs;
    private readonly Dictionary<string, DateTimeOffset> _masterStarts = new(StringComparer.Ordinal);
    private readonly HashSet<string> _masterExits = new(StringComparer.Ordinal);
    private readonly HashSet<string> _failedJobs = new(StringComparer.Ordinal);
    private double _vcpuSeconds;

    /// <summary>A ledger for <paramref name="trace"/>.</summary>
    public GrainSimulationLedger(IEnumerable<TraceJob> trace) => _jobs = trace.ToDictionary(j => j.JobId, StringComparer.Ordinal);

    /// <summary>Processes started (a process that ran twice counts twice).</summary>
    public long ProcessStarts { get; private set; }

    /// <summary>Critical processes (masters, fixed-pool workers) lost with a node.</summary>
    public int LostCritical { get; private set; }

    /// <summary>Elastic workers lost with a node (their job places them again).</summary>
    public int LostElastic { get; private set; }

    /// <summary>Of <see cref="LostElastic"/>, the workers lost with a node the provider interrupted (a spot node).</summary>
    public int LostToInterruptions { get; private set; }

    /// <summary>Jobs whose master exited by itself (with code 0, after its duration).</summary>
    public int MasterExits
    {
        get
        {
            lock (_gate)
            {
                return _masterExits.Count;
            }
        }
    }

    /// <summary>Jobs that lost a critical process with a node (their job fails).</summary>
    public int JobsFailed
    {
        get
        {
            lock (_gate)
            {
                return _failedJobs.Count;
            }
        }
    }

    /// <summary>vCPU-seconds of processes that ran and ended.</summary>
    public double VcpuSeconds
    {
        get
        {
            lock (_gate)
            {
                return _vcpuSeconds;
            }
        }
    }

    /// <summary>The trace job of a JobHub job id.</summary>
    public TraceJob Job(string jobId) => _jobs[TraceJobIdOf(jobId)];

    /// <summary>When the job's master first started; null when it never did.</summary>
    public DateTimeOffset? MasterStart(string jobId)
    {
        lock (_gate)
        {
            return _masterStarts.TryGetValue(jobId, out var at) ? at : null;
        }
    }

    internal void Started(string jobId, int index, DateTimeOffset at)
    {
        lock (_gate)
        {
            ProcessStarts++;
            if (index == 0)
            {
                _masterStarts.TryAdd(jobId, at);
            }
        }
    }

    internal void Ended(string jobId, int index, TimeSpan ran, bool lostWithNode, bool exitedByItself, bool interrupted = false)
    {
        var job = _jobs[TraceJobIdOf(jobId)];
        lock (_gate)
        {
            _vcpuSeconds += (double)job.Vcpu * ran.TotalSeconds;
            if (exitedByItself && index == 0)
            {
                _masterExits.Add(jobId);
            }

            if (lostWithNode)
            {
                if (index == 0 || string.Equals(job.Kind, "fixed", StringComparison.Ordinal))
                {
                    LostCritical++;
                    _failedJobs.Add(jobId);
                }
                else
                {
                    LostElastic++;
                    LostToInterruptions += interrupted ? 1 : 0;
                }
            }
        }
    }

    /// <summary>The job id a trace job runs under.</summary>
    public static string JobIdOf(TraceJob job) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}{job.JobId}");

    private const string Prefix = "sim-";

    private static string TraceJobIdOf(string jobId) => jobId.StartsWith(Prefix, StringComparison.Ordinal) ? jobId[Prefix.Length..] : jobId;
}
