using JobHub.Agent.Processes;

namespace JobHub.Agent.Jobs;

/// <summary>The values a job process finds in its environment (see <see cref="JobEnvironment"/>).</summary>
/// <param name="JobId">The job id.</param>
/// <param name="Role">Master or worker.</param>
/// <param name="WorkerIndex">0 for the master, 1..N for workers.</param>
/// <param name="WorkerCount">Number of worker processes (total processes − 1; 0 for single-process jobs).</param>
/// <param name="ElasticWorkers">True for an elastic worker pool.</param>
/// <param name="MinWorkersRequired">Workers a fixed pool's master waits for.</param>
/// <param name="ClusterCookie">Shared secret the job's processes use to connect to each other.</param>
/// <param name="ApiUrl">Base URL of the JobHub API the processes may call with the job token.</param>
/// <param name="JobToken">Bearer token scoped to this job.</param>
/// <param name="ResultsSummaryFile">Absolute path of the results summary file.</param>
/// <param name="ResultsUploadDir">Absolute path of the folder whose files are uploaded as results.</param>
public sealed record JobEnvironmentValues(
    string JobId,
    ProcessRole Role,
    int WorkerIndex,
    int WorkerCount,
    bool ElasticWorkers,
    int MinWorkersRequired,
    string ClusterCookie,
    Uri ApiUrl,
    string JobToken,
    string ResultsSummaryFile,
    string ResultsUploadDir);
