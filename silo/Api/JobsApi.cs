using System.Collections.Immutable;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using JobHub.Agent.Results;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Grains.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api;

/// <summary><c>/api/v1/jobs</c> and <c>/api/v1/node-types</c>: submit, watch, stop and extend jobs; read their logs and results.</summary>
public static class JobsApi
{
    private const int MaxPageSize = 500;
    private const int MaxLogPage = 10_000;
    private static readonly TimeSpan LogPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WorkersPollInterval = TimeSpan.FromMilliseconds(100);

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/v1/node-types", (NodeTypeCatalog catalog) => TypedResults.Ok(catalog.NodeTypes.OrderBy(t => t.Name, StringComparer.Ordinal).ToList()))
            .WithTags("Jobs").WithName("ListNodeTypes").WithSummary("The node types jobs can ask for.");

        var group = routes.MapGroup("/api/v1/jobs").WithTags("Jobs");
        group.MapPost("/", SubmitAsync).WithName("SubmitJob").WithSummary("Submits a job; 400 with a message per bad field, and nothing is created.");
        group.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("Jobs, newest first, a page at a time (limit, cursor), optionally by state.");
        group.MapGet("/{id}", GetAsync).WithName("GetJob").WithSummary("A job with its state, history, time limit and results.");
        group.MapPost("/{id}/stop", StopAsync).WithName("StopJob").WithSummary("Stops a job (owner only); stopping an ended job changes nothing.");
        group.MapPost("/{id}/extend", ExtendAsync).WithName("ExtendJob").WithSummary("Adds time to a running job's limit (owner only).");
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetJobHistory").WithSummary("Every state change with its time and reason.");
        group.MapGet("/{id}/workers", WorkersAsync).WithName("GetJobWorkers")
            .WithSummary("The job's processes (master at index 0). With wait=N, waits until N workers run, up to timeout seconds (408 then). Accepts the job token.");
        group.MapGet("/{id}/logs", LogsAsync).WithName("GetJobLogs").WithSummary("Log lines after a sequence number (after, limit), or the last lines (tail). Accepts the job token.");
        group.MapGet("/{id}/logs/stream", StreamLogsAsync).WithName("StreamJobLogs").WithSummary("Server-sent events: every line after 'after', then new ones, until the job ends.");
        group.MapGet("/{id}/results", ResultsArchiveAsync).WithName("DownloadJobResults").WithSummary("Every uploaded result file as one tar.gz archive.");
        group.MapGet("/{id}/results/files/{**path}", ResultFileAsync).WithName("DownloadJobResultFile").WithSummary("One uploaded result file.");
        return group;
    }

    private static async Task<Results<Created<JobInfo>, UnauthorizedHttpResult>> SubmitAsync(JobSpec spec, HttpContext context, IGrainFactory grains)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        var jobId = "job-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        var info = await grains.GetGrain<IJobGrain>(jobId).Submit(spec, user);
        return TypedResults.Created($"/api/v1/jobs/{jobId}", info);
    }

    private static async Task<Results<Ok<JobPage>, UnauthorizedHttpResult, ProblemHttpResult>> ListAsync(
        HttpContext context, IJobIndex index, JobState? state = null, int limit = 50, string? cursor = null, bool all = false)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (limit is < 1 or > MaxPageSize)
        {
            return TypedResults.Problem($"limit must be between 1 and {MaxPageSize}.", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await index.ListAsync(new JobQuery(all ? null : user, state, limit, cursor), context.RequestAborted));
    }

    private static async Task<Results<Ok<JobInfo>, UnauthorizedHttpResult>> GetAsync(string id, HttpContext context, IGrainFactory grains) =>
        await CallerIdentity.ForJobAsync(context, grains, id) is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).Get());

    private static async Task<Results<Ok<JobInfo>, UnauthorizedHttpResult>> StopAsync(string id, HttpContext context, IGrainFactory grains, [FromBody] StopJobRequest? request = null)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).Stop(user, request?.Reason ?? string.Empty));
    }

    private static async Task<Results<Ok<JobInfo>, UnauthorizedHttpResult, ProblemHttpResult>> ExtendAsync(string id, ExtendJobRequest request, HttpContext context, IGrainFactory grains)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (request.Duration <= TimeSpan.Zero)
        {
            return TypedResults.Problem("duration must be positive, e.g. \"01:00:00\".", statusCode: StatusCodes.Status400BadRequest);
        }

        return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).Extend(user, request.Duration));
    }

    private static async Task<Results<Ok<ImmutableArray<JobTransition>>, UnauthorizedHttpResult>> HistoryAsync(string id, HttpContext context, IGrainFactory grains) =>
        await CallerIdentity.ForJobAsync(context, grains, id) is null
            ? TypedResults.Unauthorized()
            : TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).GetHistory());

    private static async Task<Results<Ok<ImmutableArray<WorkerInfo>>, UnauthorizedHttpResult, ProblemHttpResult>> WorkersAsync(
        string id, HttpContext context, IGrainFactory grains, TimeProvider time, int? wait = null, double timeout = 60)
    {
        if (await CallerIdentity.ForJobAsync(context, grains, id) is null)
        {
            return TypedResults.Unauthorized();
        }

        if (wait is < 0 || timeout is <= 0 or > 3600)
        {
            return TypedResults.Problem("wait must be ≥ 0 and timeout between 0 and 3600 seconds.", statusCode: StatusCodes.Status400BadRequest);
        }

        var job = grains.GetGrain<IJobGrain>(id);
        var workers = await job.GetWorkers();
        if (wait is not { } wanted)
        {
            return TypedResults.Ok(workers);
        }

        var deadline = time.GetUtcNow() + TimeSpan.FromSeconds(timeout);
        while (RunningWorkers(workers) < wanted)
        {
            if (time.GetUtcNow() >= deadline || (await job.Get()).State.IsTerminal())
            {
                return TypedResults.Problem(
                    $"Only {RunningWorkers(workers)} of the {wanted} workers asked for are running after {timeout:0.#} s.",
                    statusCode: StatusCodes.Status408RequestTimeout);
            }

            await Task.Delay(WorkersPollInterval, time, context.RequestAborted);
            workers = await job.GetWorkers();
        }

        return TypedResults.Ok(workers);
    }

    private static async Task<Results<Ok<JobLogPage>, UnauthorizedHttpResult, ProblemHttpResult>> LogsAsync(
        string id, HttpContext context, IGrainFactory grains, IJobLogStore logs, long after = 0, int limit = 1000, int? tail = null)
    {
        if (await CallerIdentity.ForJobAsync(context, grains, id) is null)
        {
            return TypedResults.Unauthorized();
        }

        if (limit is < 1 or > MaxLogPage || tail is < 1 or > MaxLogPage || after < 0)
        {
            return TypedResults.Problem($"limit and tail must be between 1 and {MaxLogPage}; after must be ≥ 0.", statusCode: StatusCodes.Status400BadRequest);
        }

        await grains.GetGrain<IJobGrain>(id).Get(); // 404 for a job that does not exist
        var entries = tail is { } count
            ? await logs.TailAsync(id, count, context.RequestAborted)
            : await logs.ReadAsync(id, after, limit, context.RequestAborted);
        return TypedResults.Ok(new JobLogPage(entries, entries.Count > 0 ? entries[^1].Sequence : after));
    }

    private static async Task<Results<ServerSentEventsResult<JobLogEntry>, UnauthorizedHttpResult>> StreamLogsAsync(
        string id, HttpContext context, IGrainFactory grains, IJobLogStore logs, TimeProvider time, long after = 0)
    {
        if (await CallerIdentity.ForJobAsync(context, grains, id) is null)
        {
            return TypedResults.Unauthorized();
        }

        var job = grains.GetGrain<IJobGrain>(id);
        await job.Get();
        return TypedResults.ServerSentEvents(FollowUntilEndAsync(job, logs, id, after, time, context.RequestAborted), eventType: "log");
    }

    /// <summary>Reads the log as it grows; once the job has ended, drains what is left and finishes.</summary>
    private static async IAsyncEnumerable<JobLogEntry> FollowUntilEndAsync(
        IJobGrain job, IJobLogStore logs, string id, long after, TimeProvider time, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var ended = (await job.Get()).State.IsTerminal();
            var batch = await logs.ReadAsync(id, after, 1000, cancellationToken);
            foreach (var entry in batch)
            {
                after = entry.Sequence;
                yield return entry;
            }

            if (batch.Count == 0)
            {
                if (ended)
                {
                    yield break;
                }

                await Task.Delay(LogPollInterval, time, cancellationToken);
            }
        }
    }

    private static async Task<Results<FileStreamHttpResult, UnauthorizedHttpResult, ProblemHttpResult>> ResultsArchiveAsync(
        string id, HttpContext context, IGrainFactory grains, IBlobStore blobs)
    {
        if (await CallerIdentity.ForJobAsync(context, grains, id) is null)
        {
            return TypedResults.Unauthorized();
        }

        var info = await grains.GetGrain<IJobGrain>(id).Get();
        if (info.Results is not { Accepted: true } results)
        {
            return NoResults(info);
        }

        var archive = new MemoryStream();
        await ResultsDownload.WriteArchiveAsync(blobs, results.BlobPrefix, archive, context.RequestAborted);
        archive.Position = 0;
        return TypedResults.File(archive, "application/gzip", $"{id}-results.tar.gz");
    }

    private static async Task<Results<FileStreamHttpResult, UnauthorizedHttpResult, ProblemHttpResult>> ResultFileAsync(
        string id, string path, HttpContext context, IGrainFactory grains, IBlobStore blobs)
    {
        if (await CallerIdentity.ForJobAsync(context, grains, id) is null)
        {
            return TypedResults.Unauthorized();
        }

        var info = await grains.GetGrain<IJobGrain>(id).Get();
        if (info.Results is not { Accepted: true } results)
        {
            return NoResults(info);
        }

        if (!results.Files.Any(f => f.RelativePath == path))
        {
            return TypedResults.Problem($"Job '{id}' has no result file '{path}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var stream = await ResultsDownload.OpenFileAsync(blobs, results.BlobPrefix, path, context.RequestAborted);
        return stream is null
            ? TypedResults.Problem($"Result file '{path}' of job '{id}' is listed but missing from the store.", statusCode: StatusCodes.Status410Gone)
            : TypedResults.File(stream, "application/octet-stream", Path.GetFileName(path));
    }

    private static ProblemHttpResult NoResults(JobInfo info) =>
        TypedResults.Problem(
            info.Results is { RefusalReason: { } refused } ? $"The results of job '{info.JobId}' were refused: {refused}" : $"Job '{info.JobId}' has no uploaded results (state {info.State}).",
            statusCode: StatusCodes.Status404NotFound);

    private static int RunningWorkers(ImmutableArray<WorkerInfo> workers) => workers.Count(w => w.Index > 0 && w.Status == WorkerStatus.Running);
}
