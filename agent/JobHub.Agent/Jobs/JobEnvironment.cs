using System.Globalization;
using JobHub.Agent.Processes;

namespace JobHub.Agent.Jobs;

/// <summary>
/// Builds a job process's environment: the user's variables plus the JOBHUB_* variables, each also
/// under its JULIAHUB_* name for programs written for JuliaHub.
/// </summary>
/// <remarks>
/// Every name starting with <c>JOBHUB_</c> or <c>JULIAHUB_</c> is reserved. A user variable with a
/// reserved name is an error (<see cref="ArgumentException"/> here; the job spec validator refuses it
/// at submit time), never silently overridden, so a job never runs with a value its author did not expect.
/// </remarks>
public static class JobEnvironment
{
    /// <summary>Prefix of the JobHub variables.</summary>
    public const string JobHubPrefix = "JOBHUB_";

    /// <summary>Prefix of the same variables under their JuliaHub names.</summary>
    public const string JuliaHubPrefix = "JULIAHUB_";

    /// <summary>The variable names without prefix, in documentation order.</summary>
    public static IReadOnlyList<string> VariableSuffixes { get; } =
    [
        "JOB_ID", "ROLE", "WORKER_INDEX", "NWORKERS", "ELASTIC_WORKERS", "MIN_WORKERS_REQUIRED",
        "CLUSTER_COOKIE", "API_URL", "JOB_TOKEN", "RESULTS_SUMMARY_FILE", "RESULTS_UPLOAD_DIR",
    ];

    /// <summary>True when <paramref name="name"/> starts with a reserved prefix (case-sensitive, as on Linux).</summary>
    public static bool IsReserved(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return name.StartsWith(JobHubPrefix, StringComparison.Ordinal) || name.StartsWith(JuliaHubPrefix, StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns the user's variables plus the job variables under both prefixes.
    /// </summary>
    /// <exception cref="ArgumentException">A user variable has a reserved name.</exception>
    public static IReadOnlyDictionary<string, string> Build(JobEnvironmentValues values, IReadOnlyDictionary<string, string>? userVariables = null)
    {
        ArgumentNullException.ThrowIfNull(values);
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        if (userVariables is not null)
        {
            var reserved = userVariables.Keys.Where(IsReserved).Order(StringComparer.Ordinal).ToList();
            if (reserved.Count > 0)
            {
                throw new ArgumentException(
                    $"Job environment variables may not start with {JobHubPrefix} or {JuliaHubPrefix}: {string.Join(", ", reserved)}.",
                    nameof(userVariables));
            }

            foreach (var (name, value) in userVariables)
            {
                environment[name] = value;
            }
        }

        foreach (var (suffix, value) in Values(values))
        {
            environment[JobHubPrefix + suffix] = value;
            environment[JuliaHubPrefix + suffix] = value;
        }

        return environment;
    }

    private static IEnumerable<(string Suffix, string Value)> Values(JobEnvironmentValues values)
    {
        yield return ("JOB_ID", values.JobId);
        yield return ("ROLE", values.Role == ProcessRole.Master ? "master" : "worker");
        yield return ("WORKER_INDEX", values.WorkerIndex.ToString(CultureInfo.InvariantCulture));
        yield return ("NWORKERS", values.WorkerCount.ToString(CultureInfo.InvariantCulture));
        yield return ("ELASTIC_WORKERS", values.ElasticWorkers ? "true" : "false");
        yield return ("MIN_WORKERS_REQUIRED", values.MinWorkersRequired.ToString(CultureInfo.InvariantCulture));
        yield return ("CLUSTER_COOKIE", values.ClusterCookie);
        yield return ("API_URL", values.ApiUrl.ToString());
        yield return ("JOB_TOKEN", values.JobToken);
        yield return ("RESULTS_SUMMARY_FILE", values.ResultsSummaryFile);
        yield return ("RESULTS_UPLOAD_DIR", values.ResultsUploadDir);
    }
}
