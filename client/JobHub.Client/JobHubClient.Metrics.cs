using System.Globalization;
using JobHub.Contracts.Metrics;

namespace JobHub.Client;

/// <summary>Reporting and reading a job's metrics (docs/sdk.md, "Metrics").</summary>
public sealed partial class JobHubClient
{
    /// <summary>
    /// Reports one value of a job's metric: as the job's owner, or from inside the job with its <c>JOBHUB_JOB_TOKEN</c>.
    /// The server keeps at most 1,000 samples per name (the oldest are dropped) and 32 names per job.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="name">1–64 characters of <c>A–Z a–z 0–9 . _ -</c>, starting with a letter.</param>
    /// <param name="value">A finite number.</param>
    /// <param name="time">When it was measured (at most 5 minutes ahead of the server's clock); the server's time when null.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JobHubValidationException">The job id, name or value is out of bounds; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 when there is no such job (or it is not the caller's); 409 once the job has ended.</exception>
    public Task ReportMetricAsync(string jobId, string name, double value, DateTimeOffset? time = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("jobId", RequestChecks.JobIdProblem(jobId)),
            ("name", MetricLimits.NameProblem(name)),
            ("value", MetricLimits.ValueProblem(value)));
        return SendBodyWithoutAnswerAsync(JobPath(jobId) + "/metrics", new MetricReport(name, value, time), cancellationToken);
    }

    /// <summary>Reports 1 to 100 values at once; the server keeps all of them or none.</summary>
    /// <exception cref="JobHubValidationException">The job id, the number of reports, or a report's name or value is out of bounds; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 when there is no such job (or it is not the caller's); 409 once the job has ended.</exception>
    public Task ReportMetricsAsync(string jobId, IReadOnlyList<MetricReport> reports, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reports);
        RequestChecks.ThrowIfAny(
            ("jobId", RequestChecks.JobIdProblem(jobId)),
            ("samples", reports.Count is >= 1 and <= MetricLimits.MaxBatchSize ? null : $"A batch holds 1 to {MetricLimits.MaxBatchSize} samples (was {reports.Count})."));
        for (var i = 0; i < reports.Count; i++)
        {
            var prefix = string.Create(CultureInfo.InvariantCulture, $"samples[{i}].");
            RequestChecks.ThrowIfAny(
                (prefix + "name", MetricLimits.NameProblem(reports[i]?.Name)),
                (prefix + "value", reports[i] is { } report ? MetricLimits.ValueProblem(report.Value) : null));
        }

        return SendBodyWithoutAnswerAsync(JobPath(jobId) + "/metrics/batch", new MetricBatch([.. reports]), cancellationToken);
    }

    /// <summary>The samples kept of a job's metrics, oldest first: every name, or only <paramref name="name"/>; all, or those at or after <paramref name="since"/>.</summary>
    /// <exception cref="JobHubValidationException">The job id or name is out of bounds; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 when there is no such job (or it is not the caller's).</exception>
    public Task<JobMetrics> GetMetricsAsync(string jobId, string? name = null, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)), ("name", name is null ? null : MetricLimits.NameProblem(name)));
        var query = new List<string>();
        if (name is not null)
        {
            query.Add("name=" + Uri.EscapeDataString(name));
        }

        if (since is { } from)
        {
            query.Add("since=" + Uri.EscapeDataString(from.ToString("O", CultureInfo.InvariantCulture)));
        }

        var path = JobPath(jobId) + "/metrics" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        return SendAsync<JobMetrics>(HttpMethod.Get, path, null, cancellationToken);
    }

    /// <summary>Posts <paramref name="body"/> to a call whose success has no body (204).</summary>
    private async Task SendBodyWithoutAnswerAsync(string path, object body, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(HttpMethod.Post, path, body);
        using var response = await SendForStreamAsync(request, cancellationToken);
    }
}
