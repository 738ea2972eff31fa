using System.Collections.Immutable;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using JobHub.Agent.Results;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.Contracts.Identity;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Audit;
using JobHub.Grains.Billing;
using JobHub.Grains.Jobs.Index;
using JobHub.Grains.Logs;
using JobHub.Grains.Nodes;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Api.Projects;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api;

/// <summary><c>/api/v1/jobs</c> and <c>/api/v1/node-types</c>: submit, watch, stop and extend jobs; read their logs and results.</summary>
public static class JobsApi
{
    private static readonly TimeSpan LogPollInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan WorkersPollInterval = TimeSpan.FromMilliseconds(100);

    public static RouteGroupBuilder MapJobsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/v1/node-types", (NodeTypeCatalog catalog) => TypedResults.Ok(catalog.NodeTypes.OrderBy(t => t.Name, StringComparer.Ordinal).ToList()))
            .WithTags("Jobs").WithName("ListNodeTypes").WithSummary("The node types jobs can ask for.")
            .ProducesProblems(StatusCodes.Status503ServiceUnavailable);

        var group = routes.MapGroup("/api/v1/jobs").WithTags("Jobs").ProducesCommonProblems()
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes));
        group.MapPost("/", SubmitAsync).WithName("SubmitJob").WithSummary("Submits a job; 400 with a message per bad field, and nothing is created.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapPost("/estimate", EstimateAsync).WithName("EstimateJob")
            .WithSummary("What a job spec would cost (price per hour, cost at the time limit, minimum charge); nothing is submitted. 400 naming each bad field, as for a submission.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        group.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("Jobs, newest first, a page at a time (limit, cursor), optionally by state.");
        group.MapGet("/{id}", GetAsync).WithName("GetJob").WithSummary("A job with its state, history, time limit and results.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPost("/{id}/stop", StopAsync).WithName("StopJob").WithSummary("Stops a job (owner only); stopping an ended job changes nothing.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapPost("/{id}/extend", ExtendAsync).WithName("ExtendJob").WithSummary("Adds time to a running job's limit (owner only); the limit stays at most 30 days.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/{id}/history", HistoryAsync).WithName("GetJobHistory").WithSummary("Every state change with its time and reason, and each decision of the job's process autoscaler.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/workers", WorkersAsync).WithName("GetJobWorkers")
            .WithSummary("The job's processes (master at index 0). With wait=N, waits until N workers run, up to timeout seconds (408 then; 409 once the job has ended). Accepts the job token.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status408RequestTimeout, StatusCodes.Status409Conflict);
        group.MapPut("/{id}/workers/{index}/activity", SetWorkerActivityAsync).WithName("SetJobWorkerActivity")
            .WithSummary("A running worker (1..workers) says it is idle (waiting for work) or busy, for its current run: a process autoscaler that shrinks the job stops idle workers first. 409 once the job has ended or while the worker is not running. Accepts the job token.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
        group.MapGet("/{id}/logs", LogsAsync).WithName("GetJobLogs").WithSummary("Log lines after a sequence number (after, limit), or the last lines (tail), not both. Accepts the job token.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/logs/stream", StreamLogsAsync).WithName("StreamJobLogs").WithSummary("Server-sent events: every line after 'after', then new ones, until the job ends.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/results", ResultsArchiveAsync).WithName("DownloadJobResults").WithSummary("Every uploaded result file as one tar.gz archive.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{id}/results/files/{**path}", ResultFileAsync).WithName("DownloadJobResultFile").WithSummary("One uploaded result file.")
            .ProducesProblems(StatusCodes.Status404NotFound, StatusCodes.Status410Gone);
        return group;
    }

    private static async Task<Results<Created<JobInfo>, ProblemHttpResult>> SubmitAsync(JobSpec spec, HttpContext context, IGrainFactory grains, NodeTypeCatalog catalog)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return ApiProblems.SignInRequired();
        }

        // Constraints instead of a pool: the features are those of the pool chosen for them.
        if (PoolChoice.Choose(catalog, spec) is { Problem: null } choice)
        {
            spec = choice.Spec;
        }

        if (MissingFeature(context, spec, catalog) is { } refusal)
        {
            return refusal;
        }

        // A job in a project: its submitter must be a member (403 naming the project; 404 when there is none).
        await ProjectAccess.RequireMemberAsync(grains, spec.Project, user, $"submit a job in project '{spec.Project}'");
        var jobId = "job-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
        // Charged to the submitter's account and their groups' (quotas, docs/billing.md).
        var groupAccounts = JobHubPrincipal.GroupKeys(context.User).Select(k => "group:" + k).Order(StringComparer.Ordinal).ToImmutableArray();
        var info = await grains.GetGrain<IJobGrain>(jobId).SubmitCharged(spec, user, groupAccounts);
        return TypedResults.Created($"/api/v1/jobs/{jobId}", info);
    }

    private static Results<Ok<JobEstimate>, ProblemHttpResult> EstimateAsync(JobSpec spec, HttpContext context, NodeTypeCatalog catalog, JobEstimator estimator)
    {
        if (CallerIdentity.ForUser(context) is null)
        {
            return ApiProblems.SignInRequired();
        }

        // Constraints instead of a pool: the features are those of the pool chosen for them.
        var choice = PoolChoice.Choose(catalog, spec);
        if (choice.Problem is not null && JobSpecValidator.Validate(spec, catalog.NodeTypes).IsValid)
        {
            return ApiProblems.Field("constraints", choice.Problem);
        }

        spec = choice.Spec;

        if (MissingFeature(context, spec, catalog) is { } refusal)
        {
            return refusal;
        }

        // The rules of a submission; only the code bundle's existence is not looked up (docs/billing.md).
        var validation = JobSpecValidator.Validate(spec, catalog.NodeTypes);
        if (!validation.IsValid)
        {
            return TypedResults.Problem(ApiProblems.FieldsDetails(validation.Errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal), "The job spec was refused."));
        }

        return estimator.Estimate(spec) is { } estimate
            ? TypedResults.Ok(estimate)
            : ApiProblems.Field("nodeType", $"There is no node type '{TextRules.Show(spec.NodeType)}'.");
    }

    private static async Task<Results<Ok<JobPage>, ProblemHttpResult>> ListAsync(
        HttpContext context, IJobIndex index, string? state = null, int limit = 50, string? cursor = null, bool all = false)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return ApiProblems.SignInRequired();
        }

        if (all && !CallerIdentity.IsAdmin(context))
        {
            return ApiProblems.AdminsOnly("Listing every user's jobs (all=true)");
        }

        JobState? wanted = null;
        if (state is not null)
        {
            if (!EnumWords.TryParse<JobState>(state, out var parsed))
            {
                return ApiProblems.Field("state", $"'{TextRules.Show(state)}' is not {EnumWords.OneOf(typeof(JobState))}.");
            }

            wanted = parsed;
        }

        if (limit is < 1 or > JobLimits.MaxJobPage)
        {
            return ApiProblems.Field("limit", $"The page size must be between 1 and {JobLimits.MaxJobPage} (was {limit}).");
        }

        if (cursor is not null && !JobListCursor.IsValid(cursor))
        {
            return ApiProblems.Field("cursor", "This is not a cursor this server handed out: pass the nextCursor of the previous page unchanged.");
        }

        return TypedResults.Ok(await index.ListAsync(new JobQuery(all ? null : user, wanted, limit, cursor), context.RequestAborted));
    }

    private static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> GetAsync(string id, HttpContext context, IGrainFactory grains)
    {
        var (job, refusal) = await JobAccess.ReadAsync(context, grains, id);
        return refusal ?? (Results<Ok<JobInfo>, ProblemHttpResult>)TypedResults.Ok(job!);
    }

    private static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> StopAsync(string id, HttpContext context, IGrainFactory grains, IAuditLog audit, [FromBody] StopJobRequest? request = null)
    {
        if (JobSpecValidator.StopReasonProblem(request?.Reason) is { } problem)
        {
            return ApiProblems.Field("reason", problem);
        }

        var (user, refusal, someoneElses) = await JobAccess.OwnerAsync(context, grains, id);
        if (refusal is not null)
        {
            if (someoneElses)
            {
                await audit.AppendAsync(new AuditRecord(user!, "job.stop", id, "denied", "only the job's owner may stop it"), context.RequestAborted);
            }

            return refusal;
        }

        return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).Stop(user!, request?.Reason ?? string.Empty));
    }

    private static async Task<Results<Ok<JobInfo>, ProblemHttpResult>> ExtendAsync(string id, ExtendJobRequest request, HttpContext context, IGrainFactory grains)
    {
        var (user, refusal, _) = await JobAccess.OwnerAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        // The job checks the new limit against its current one; the bounds of the value itself are checked here.
        if (JobSpecValidator.ExtensionProblem(request.Duration, TimeSpan.Zero) is { } problem)
        {
            return ApiProblems.Field("duration", problem + " Give a duration such as \"01:00:00\" (hh:mm:ss) or \"2.00:00:00\" (days).");
        }

        return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).Extend(user!, request.Duration));
    }

    private static async Task<Results<Ok<ImmutableArray<JobTransition>>, ProblemHttpResult>> HistoryAsync(string id, HttpContext context, IGrainFactory grains) =>
        (await JobAccess.ReadAsync(context, grains, id)).Refusal is { } refusal ? refusal
        : TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).GetHistory());

    private static async Task<Results<Ok<WorkerInfo>, ProblemHttpResult>> SetWorkerActivityAsync(
        string id, int index, WorkerActivityRequest request, HttpContext context, IGrainFactory grains)
    {
        var (job, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        var workers = JobPricing.Processes(job!.Spec) - 1;
        if (index < 1 || index > workers)
        {
            return ApiProblems.Field("index", workers == 0
                ? $"Job '{id}' has no workers (only its master, index 0, which is never stopped by a scaler)."
                : $"A worker's index is 1 to {workers} (was {index}); the master (0) is never stopped by a scaler.");
        }

        if (request.Idle is not { } idle)
        {
            return ApiProblems.Field("idle", "Say whether the worker is idle: \"idle\": true (waiting for work) or false (busy).");
        }

        return TypedResults.Ok(await grains.GetGrain<IJobGrain>(id).SetWorkerIdle(index, idle));
    }

    private static async Task<Results<Ok<ImmutableArray<WorkerInfo>>, ProblemHttpResult>> WorkersAsync(
        string id, HttpContext context, IGrainFactory grains, TimeProvider time, int? wait = null, double timeout = 60)
    {
        var (_, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        if (wait is < 0 or > JobLimits.MaxProcesses)
        {
            return ApiProblems.Field("wait", $"The number of workers to wait for must be between 0 and {JobLimits.MaxProcesses} (was {wait}).");
        }

        if (!double.IsFinite(timeout) || timeout is <= 0 or > JobLimits.MaxWaitSeconds)
        {
            return ApiProblems.Field("timeout", $"The timeout must be more than 0 and at most {JobLimits.MaxWaitSeconds} seconds.");
        }

        var job = grains.GetGrain<IJobGrain>(id);
        var workers = await job.GetWorkers();
        if (wait is not { } wanted)
        {
            return TypedResults.Ok(workers);
        }

        var started = time.GetTimestamp();
        var deadline = TimeSpan.FromSeconds(timeout);
        while (RunningWorkers(workers) < wanted)
        {
            if ((await job.Get()).State is var state && state.IsTerminal())
            {
                return TypedResults.Problem(
                    $"Only {RunningWorkers(workers)} of the {wanted} workers asked for are running, and job '{id}' has ended ({state.ToString().ToLowerInvariant()}): no more will start.",
                    statusCode: StatusCodes.Status409Conflict,
                    title: "The job has ended.");
            }

            if (time.GetElapsedTime(started) >= deadline)
            {
                return TypedResults.Problem(
                    $"Only {RunningWorkers(workers)} of the {wanted} workers asked for are running after {timeout:0.#} s.",
                    statusCode: StatusCodes.Status408RequestTimeout,
                    title: "The workers did not start in time.");
            }

            await Task.Delay(WorkersPollInterval, time, context.RequestAborted);
            workers = await job.GetWorkers();
        }

        return TypedResults.Ok(workers);
    }

    private static async Task<Results<Ok<JobLogPage>, ProblemHttpResult>> LogsAsync(
        string id, HttpContext context, IGrainFactory grains, IJobLogStore logs, long? after = null, int limit = 1000, int? tail = null)
    {
        var (_, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        if (LogQueryProblem(after, limit, tail) is { } problem)
        {
            return problem;
        }

        var entries = tail is { } count
            ? await logs.TailAsync(id, count, context.RequestAborted)
            : await logs.ReadAsync(id, after ?? 0, limit, context.RequestAborted);
        return TypedResults.Ok(new JobLogPage(entries, entries.Count > 0 ? entries[^1].Sequence : after ?? 0));
    }

    private static ProblemHttpResult? LogQueryProblem(long? after, int limit, int? tail) =>
        after is < 0 ? ApiProblems.Field("after", $"The sequence number to read after must be 0 or more (was {after}).")
        : limit is < 1 or > JobLimits.MaxLogPage ? ApiProblems.Field("limit", $"The number of lines must be between 1 and {JobLimits.MaxLogPage} (was {limit}).")
        : tail is < 1 or > JobLimits.MaxLogPage ? ApiProblems.Field("tail", $"The number of last lines must be between 1 and {JobLimits.MaxLogPage} (was {tail}).")
        : tail is not null && after is not null ? ApiProblems.Field("tail", "Give either tail (the last lines) or after (the lines after a sequence number), not both.")
        : null;

    private static async Task<Results<ServerSentEventsResult<JobLogEntry>, ProblemHttpResult>> StreamLogsAsync(
        string id, HttpContext context, IGrainFactory grains, IJobLogStore logs, TimeProvider time, long after = 0)
    {
        var (_, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        if (after < 0)
        {
            return ApiProblems.Field("after", $"The sequence number to follow after must be 0 or more (was {after}).");
        }

        var job = grains.GetGrain<IJobGrain>(id);
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

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ResultsArchiveAsync(
        string id, HttpContext context, IGrainFactory grains, IBlobStore blobs)
    {
        var (info, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        if (info!.Results is not { Accepted: true } results)
        {
            return NoResults(info);
        }

        var archive = new MemoryStream();
        await ResultsDownload.WriteArchiveAsync(blobs, results.BlobPrefix, archive, context.RequestAborted);
        archive.Position = 0;
        return TypedResults.File(archive, "application/gzip", $"{id}-results.tar.gz");
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> ResultFileAsync(
        string id, string path, HttpContext context, IGrainFactory grains, IBlobStore blobs)
    {
        var (info, refusal) = await JobAccess.ReadAsync(context, grains, id);
        if (refusal is not null)
        {
            return refusal;
        }

        if (info!.Results is not { Accepted: true } results)
        {
            return NoResults(info);
        }

        if (!results.Files.Any(f => f.RelativePath == path))
        {
            return TypedResults.Problem($"Job '{id}' has no result file '{TextRules.Show(path, 200)}'.", statusCode: StatusCodes.Status404NotFound);
        }

        var stream = await ResultsDownload.OpenFileAsync(blobs, results.BlobPrefix, path, context.RequestAborted);
        return stream is null
            ? TypedResults.Problem($"Result file '{TextRules.Show(path, 200)}' of job '{id}' is listed but missing from the store.", statusCode: StatusCodes.Status410Gone)
            : TypedResults.File(stream, "application/octet-stream", Path.GetFileName(path));
    }

    private static ProblemHttpResult NoResults(JobInfo info) =>
        TypedResults.Problem(
            info.Results is { RefusalReason: { } refused } ? $"The results of job '{info.JobId}' were refused: {refused}" : $"Job '{info.JobId}' has no uploaded results (state {info.State}).",
            statusCode: StatusCodes.Status404NotFound);

    /// <summary>The feature a job needs and its submitter lacks (distributed-jobs, gpu-jobs), as a refusal; null when none is missing.</summary>
    private static ProblemHttpResult? MissingFeature(HttpContext context, JobSpec spec, NodeTypeCatalog catalog)
    {
        if (spec.Mode == JobMode.Distributed && !CallerIdentity.HasFeature(context, JobFeatures.DistributedJobs))
        {
            return ApiProblems.FeatureRequired(JobFeatures.DistributedJobs, "A distributed job");
        }

        // Without explicit resources a process gets its share of the node's GPUs (a malformed spec is refused later);
        // the workers' share is of their own node type's when they have one.
        var gpus = spec.ProcessResources is { } explicitResources ? explicitResources.Gpus
            : Math.Max(GpuShare(catalog, spec, spec.NodeType), GpuShare(catalog, spec, NodeTypeCatalog.WorkerNodeTypeOf(spec)));
        return gpus > 0 && !CallerIdentity.HasFeature(context, JobFeatures.GpuJobs)
            ? ApiProblems.FeatureRequired(JobFeatures.GpuJobs, "A job with GPUs")
            : null;
    }

    private static int GpuShare(NodeTypeCatalog catalog, JobSpec spec, string nodeTypeName) =>
        catalog.Find(nodeTypeName) is { Gpus: > 0 } nodeType && (spec.Distributed?.ProcessesPerNode ?? 1) is > 0 and var perNode ? nodeType.Gpus / perNode : 0;

    private static int RunningWorkers(ImmutableArray<WorkerInfo> workers) => workers.Count(w => w.Index > 0 && w.Status == WorkerStatus.Running);
}
