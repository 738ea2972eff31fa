using System.Collections.Immutable;
using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Metrics;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Metrics;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Metrics;

/// <summary>
/// <c>/api/v1/jobs/{id}/metrics</c>: a job reports named values (for the process autoscaler and its owner's eyes) and
/// reads them back. Allowed to the job's owner and to the job's own processes (the job token); 404 to anyone else.
/// </summary>
public static class JobMetricsApi
{
    public static RouteGroupBuilder MapJobMetricsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("/api/v1/jobs/{id}/metrics").WithTags("Jobs").ProducesCommonProblems()
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes));
        group.MapPost("/", ReportAsync).WithName("ReportJobMetric")
            .WithSummary("Keeps one value of a job's metric (name, value, optional time); 409 once the job has ended. Accepts the job token.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapPost("/batch", ReportBatchAsync).WithName("ReportJobMetrics")
            .WithSummary("Keeps 1 to 100 values at once, all or none. Accepts the job token.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/", GetAsync).WithName("GetJobMetrics")
            .WithSummary("The samples kept of the job's metrics (optionally one name, and only those at or after 'since'), oldest first. Accepts the job token.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReportAsync(
        string id, MetricReportRequest request, HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        if (Problems(request, time.GetUtcNow(), string.Empty) is { Count: > 0 } problems)
        {
            return Refused(problems);
        }

        return await StoreAsync(id, [ToReport(request)], batch: false, context, grains);
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> ReportBatchAsync(
        string id, MetricBatchRequest request, HttpContext context, IGrainFactory grains, TimeProvider time)
    {
        if (request.Samples is not { Length: >= 1 and <= MetricLimits.MaxBatchSize } samples)
        {
            return ApiProblems.Field("samples", string.Create(CultureInfo.InvariantCulture, $"A batch holds 1 to {MetricLimits.MaxBatchSize} samples (was {request.Samples?.Length ?? 0})."));
        }

        var now = time.GetUtcNow();
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        for (var i = 0; i < samples.Length; i++)
        {
            foreach (var (field, problem) in Problems(samples[i], now, string.Create(CultureInfo.InvariantCulture, $"samples[{i}].")))
            {
                problems[field] = problem;
            }
        }

        return problems.Count > 0 ? Refused(problems) : await StoreAsync(id, [.. samples.Select(s => ToReport(s!))], batch: true, context, grains);
    }

    private static async Task<Results<Ok<JobMetrics>, ProblemHttpResult>> GetAsync(
        string id, HttpContext context, IGrainFactory grains, string? name = null, DateTimeOffset? since = null)
    {
        var (_, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        if (name is not null && MetricLimits.NameProblem(name) is { } problem)
        {
            return ApiProblems.Field("name", problem);
        }

        return TypedResults.Ok(await grains.GetGrain<IJobMetricsGrain>(id).Get(name, since));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> StoreAsync(
        string id, ImmutableArray<MetricReport> reports, bool batch, HttpContext context, IGrainFactory grains)
    {
        var (job, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        // An ended job's metrics are history: they may be read, and nothing may be added to them.
        if (job!.State.IsTerminal())
        {
            return TypedResults.Problem(
                $"Job '{id}' has ended ({job.State.ToString().ToLowerInvariant()}): its metrics may be read but no longer reported.",
                statusCode: StatusCodes.Status409Conflict,
                title: "The job has ended.");
        }

        await grains.GetGrain<IJobMetricsGrain>(id).Report(reports, batch);
        return TypedResults.NoContent();
    }

    private static Dictionary<string, string[]> Problems(MetricReportRequest? request, DateTimeOffset now, string prefix)
    {
        var problems = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (request is null)
        {
            problems[prefix.TrimEnd('.')] = ["A metric report is required."];
            return problems;
        }

        if (request.Value is null)
        {
            problems[prefix + "value"] = ["A value is required: a finite number."];
        }

        foreach (var (field, problem) in MetricLimits.Problems(new MetricReport(request.Name!, request.Value ?? 0, request.Time), now, prefix))
        {
            problems[field] = [problem];
        }

        return problems;
    }

    private static MetricReport ToReport(MetricReportRequest request) => new(request.Name!, request.Value!.Value, request.Time);

    private static ProblemHttpResult Refused(Dictionary<string, string[]> problems) =>
        TypedResults.Problem(ApiProblems.FieldsDetails(problems, "The metric report was refused."));
}
