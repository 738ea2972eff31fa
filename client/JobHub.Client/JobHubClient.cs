using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;

namespace JobHub.Client;

/// <summary>
/// The JobHub REST API (<c>/api/v1</c>) for .NET: submit jobs, watch, stop and extend them, find their
/// workers, read and follow their logs and download their results. Thread-safe; keep one per API address.
/// Errors the API reports raise <see cref="JobHubApiException"/>; an unreachable server raises
/// <see cref="HttpRequestException"/>; a call over <see cref="JobHubClientOptions.RequestTimeout"/> raises <see cref="TimeoutException"/>.
/// Values that break the API's rules (a bad job spec, a job id of the wrong shape, a page size, tail, wait or timeout out of
/// <see cref="Contracts.Validation.JobLimits"/>) raise <see cref="JobHubValidationException"/> before anything is sent.
/// </summary>
public sealed partial class JobHubClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly JobHubClientOptions _options;

    /// <summary>Creates a client with its own <see cref="HttpClient"/>, configured by <paramref name="options"/>.</summary>
    /// <exception cref="JobHubClientOptionsException">The options are invalid.</exception>
    public JobHubClient(JobHubClientOptions options)
        : this(new HttpClient { Timeout = Timeout.InfiniteTimeSpan }, ownsHttp: true, options)
    {
    }

    /// <summary>Creates a client for the API at <paramref name="baseAddress"/>, sending <paramref name="token"/> as a bearer token when given.</summary>
    /// <exception cref="JobHubClientOptionsException">The address or token is invalid.</exception>
    public JobHubClient(Uri baseAddress, string? token = null)
        : this(new JobHubClientOptions { BaseAddress = baseAddress, Token = token })
    {
    }

    /// <summary>
    /// Creates a client over an <see cref="HttpClient"/> the caller owns (for example from <c>IHttpClientFactory</c>).
    /// Its <see cref="HttpClient.BaseAddress"/>, when set, is the API address; otherwise <paramref name="options"/>' is.
    /// Its own <see cref="HttpClient.Timeout"/> still applies on top of <see cref="JobHubClientOptions.RequestTimeout"/>.
    /// </summary>
    /// <exception cref="JobHubClientOptionsException">The options are invalid.</exception>
    public JobHubClient(HttpClient httpClient, JobHubClientOptions? options = null)
        : this(httpClient, ownsHttp: false, options ?? new JobHubClientOptions { BaseAddress = httpClient?.BaseAddress ?? JobHubClientOptions.DefaultBaseAddress })
    {
    }

    private JobHubClient(HttpClient httpClient, bool ownsHttp, JobHubClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(options);
        JobHubClientOptionsValidator.ThrowIfInvalid(options);
        _http = httpClient;
        _ownsHttp = ownsHttp;
        _options = options;
        var address = ownsHttp ? options.BaseAddress : httpClient.BaseAddress ?? options.BaseAddress;
        BaseAddress = address.AbsoluteUri.EndsWith('/') ? address : new Uri(address.AbsoluteUri + "/");
    }

    /// <summary>The API address requests go to (always ending in '/').</summary>
    public Uri BaseAddress { get; }

    /// <summary>
    /// Submits a job. The answer is the job as created (usually already queued or running). The spec is checked with
    /// <see cref="Contracts.Validation.JobSpecValidator"/> first (every rule but the node type's, which only the server knows).
    /// </summary>
    /// <exception cref="JobHubValidationException">The spec breaks a rule (<see cref="JobHubValidationException.Errors"/> per field); nothing was sent.</exception>
    /// <exception cref="JobHubApiException">400 with <see cref="JobHubApiException.Errors"/> per bad field when the server refuses the spec (an unknown node type, processes that do not fit on its nodes); nothing is created then.</exception>
    public Task<JobInfo> SubmitAsync(JobSpec spec, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfInvalid(spec, nameof(spec));
        return SendAsync<JobInfo>(HttpMethod.Post, "api/v1/jobs", spec, cancellationToken);
    }

    /// <summary>
    /// What a job would cost, without submitting it: its price per hour, the cost at its time limit and the minimum
    /// charge (<c>POST /api/v1/jobs/estimate</c>; docs/billing.md). The spec is checked as for <see cref="SubmitAsync(JobSpec, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="JobHubValidationException">The spec breaks a rule; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">400 with <see cref="JobHubApiException.Errors"/> per bad field when the server refuses the spec.</exception>
    public Task<JobEstimate> EstimateAsync(JobSpec spec, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfInvalid(spec, nameof(spec));
        return SendAsync<JobEstimate>(HttpMethod.Post, "api/v1/jobs/estimate", spec, cancellationToken);
    }

    /// <summary>A job with its state, reason, history, limits and results.</summary>
    /// <exception cref="JobHubApiException">404 when there is no such job.</exception>
    public Task<JobInfo> GetAsync(string jobId, CancellationToken cancellationToken = default) =>
        SendAsync<JobInfo>(HttpMethod.Get, JobPath(jobId), null, cancellationToken);

    /// <summary>One page of jobs, newest first; pass <see cref="JobPage.NextCursor"/> back as <paramref name="cursor"/> for the next.</summary>
    /// <param name="state">Only jobs in this state; null for all.</param>
    /// <param name="limit">Jobs per page, 1 to 500.</param>
    /// <param name="cursor">Where the page starts; null for the newest.</param>
    /// <param name="allOwners">Every owner's jobs instead of the caller's.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JobHubValidationException">The limit, state or cursor is out of bounds; nothing was sent.</exception>
    public Task<JobPage> ListAsync(JobState? state = null, int limit = 50, string? cursor = null, bool allOwners = false, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("state", RequestChecks.StateProblem(state)),
            ("limit", RequestChecks.PageSizeProblem(limit)),
            ("cursor", RequestChecks.CursorProblem(cursor)));
        var query = new List<string> { "limit=" + limit.ToString(CultureInfo.InvariantCulture) };
        if (state is { } wanted)
        {
            query.Add("state=" + wanted);
        }

        if (cursor is not null)
        {
            query.Add("cursor=" + Uri.EscapeDataString(cursor));
        }

        if (allOwners)
        {
            query.Add("all=true");
        }

        return SendAsync<JobPage>(HttpMethod.Get, "api/v1/jobs?" + string.Join('&', query), null, cancellationToken);
    }

    /// <summary>Every job, newest first, fetching pages of <paramref name="pageSize"/> (1 to 500) as the enumeration goes.</summary>
    /// <exception cref="JobHubValidationException">The page size or state is out of bounds (thrown by this call, before enumerating).</exception>
    public IAsyncEnumerable<JobSummary> ListAllAsync(JobState? state = null, bool allOwners = false, int pageSize = 100, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("state", RequestChecks.StateProblem(state)), ("limit", RequestChecks.PageSizeProblem(pageSize)));
        return ListPagesAsync(state, allOwners, pageSize, cancellationToken);
    }

    /// <summary>Stops a job (its owner only); stopping a job that already ended changes nothing.</summary>
    /// <exception cref="JobHubValidationException">The reason is longer than 1000 characters or holds control characters other than line breaks and tabs; nothing was sent.</exception>
    public Task<JobInfo> StopAsync(string jobId, string? reason = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)), ("reason", JobSpecValidator.StopReasonProblem(reason)));
        return SendAsync<JobInfo>(HttpMethod.Post, JobPath(jobId) + "/stop", new StopRequest(reason), cancellationToken);
    }

    /// <summary>Adds <paramref name="duration"/> to a job's time limit (its owner only); the limit stays at most 30 days.</summary>
    /// <exception cref="JobHubValidationException">The duration is not positive or longer than 30 days; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">409 when the job has ended; 400 when the new limit would exceed 30 days.</exception>
    public Task<JobInfo> ExtendAsync(string jobId, TimeSpan duration, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)), ("duration", JobSpecValidator.ExtensionProblem(duration, TimeSpan.Zero)));
        return SendAsync<JobInfo>(HttpMethod.Post, JobPath(jobId) + "/extend", new ExtendRequest(duration), cancellationToken);
    }

    /// <summary>Every state change of a job with its time and reason, oldest first.</summary>
    public async Task<IReadOnlyList<JobTransition>> GetHistoryAsync(string jobId, CancellationToken cancellationToken = default) =>
        await SendAsync<List<JobTransition>>(HttpMethod.Get, JobPath(jobId) + "/history", null, cancellationToken);

    /// <summary>
    /// Worker <paramref name="index"/> (1..workers, running) says it is idle (waiting for work) or busy again, for its
    /// current run: a process autoscaler that shrinks the job stops idle workers first. A job's own processes call
    /// this with the job token (<c>jobhub worker idle</c> / <c>busy</c>). Answers the worker as it is then.
    /// </summary>
    /// <exception cref="JobHubValidationException">The job id is malformed or the index is below 1; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">400 for an index above the job's workers; 404 when there is no such job (or it is not the caller's); 409 once the job ended or while the worker is not running.</exception>
    public Task<WorkerInfo> SetWorkerIdleAsync(string jobId, int index, bool idle, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("jobId", RequestChecks.JobIdProblem(jobId)),
            ("index", index >= 1 ? null : string.Create(CultureInfo.InvariantCulture, $"A worker's index is 1 or more (was {index}); the master (0) is never stopped by a scaler.")));
        return SendAsync<WorkerInfo>(HttpMethod.Put, string.Create(CultureInfo.InvariantCulture, $"{JobPath(jobId)}/workers/{index}/activity"), new ActivityRequest(idle), cancellationToken);
    }

    /// <summary>
    /// A job's processes (the master at index 0). With <paramref name="wait"/>, the server holds the answer until
    /// that many workers (index ≥ 1, at most 10,000) run, up to <paramref name="timeout"/> (server default 60 s, at most 3600 s).
    /// </summary>
    /// <exception cref="JobHubValidationException">The wait or timeout is out of bounds; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">408 when fewer workers ran by the timeout; 409 when the job ended first.</exception>
    public async Task<IReadOnlyList<WorkerInfo>> GetWorkersAsync(string jobId, int? wait = null, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("jobId", RequestChecks.JobIdProblem(jobId)),
            ("wait", RequestChecks.WaitProblem(wait)),
            ("timeout", RequestChecks.TimeoutProblem(timeout)));
        var query = new List<string>();
        if (wait is { } count)
        {
            query.Add("wait=" + count.ToString(CultureInfo.InvariantCulture));
        }

        if (timeout is { } limit)
        {
            query.Add("timeout=" + limit.TotalSeconds.ToString(CultureInfo.InvariantCulture));
        }

        var path = JobPath(jobId) + "/workers" + (query.Count > 0 ? "?" + string.Join('&', query) : string.Empty);
        var serverWait = wait is null ? TimeSpan.Zero : timeout ?? TimeSpan.FromSeconds(60);
        return await SendAsync<List<WorkerInfo>>(HttpMethod.Get, path, null, cancellationToken, serverWait);
    }

    /// <summary>The node types (node pools) jobs can ask for, by name.</summary>
    public async Task<IReadOnlyList<NodeTypeSpec>> GetNodeTypesAsync(CancellationToken cancellationToken = default) =>
        await SendAsync<List<NodeTypeSpec>>(HttpMethod.Get, "api/v1/node-types", null, cancellationToken);

    /// <summary>
    /// Polls the job until it reached an end state and returns it. The pause between polls starts at
    /// <see cref="JobHubClientOptions.PollInterval"/> and grows up to <see cref="JobHubClientOptions.MaxPollInterval"/>
    /// while nothing changes. <paramref name="progress"/> hears the job after every poll (including the last).
    /// </summary>
    public async Task<JobInfo> WaitForCompletionAsync(string jobId, IProgress<JobInfo>? progress = null, CancellationToken cancellationToken = default)
    {
        var pause = _options.PollInterval;
        JobInfo? previous = null;
        while (true)
        {
            var job = await GetAsync(jobId, cancellationToken);
            progress?.Report(job);
            if (job.State.IsTerminal())
            {
                return job;
            }

            pause = previous is not null && previous.State == job.State && previous.Reason == job.Reason
                ? TimeSpan.FromTicks(Math.Min(_options.MaxPollInterval.Ticks, (long)(pause.Ticks * 1.5)))
                : _options.PollInterval;
            previous = job;
            await Task.Delay(pause, _options.TimeProvider, cancellationToken);
        }
    }

    /// <summary>Disposes the <see cref="HttpClient"/> if this client created it.</summary>
    public void Dispose()
    {
        if (_ownsHttp)
        {
            _http.Dispose();
        }
    }

    private async IAsyncEnumerable<JobSummary> ListPagesAsync(JobState? state, bool allOwners, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await ListAsync(state, pageSize, cursor, allOwners, cancellationToken);
            foreach (var job in page.Jobs)
            {
                yield return job;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>The API path of a job, after checking the id's shape (<see cref="JobHubValidationException"/> on <c>jobId</c>).</summary>
    private static string JobPath(string jobId)
    {
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)));
        return "api/v1/jobs/" + Uri.EscapeDataString(jobId);
    }

    private HttpRequestMessage CreateRequest(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, new Uri(BaseAddress, path));
        if (_options.Token is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: JobHubJson.Options);
        }

        return request;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken, TimeSpan extraTime = default)
    {
        using var request = CreateRequest(method, path, body);
        using var timeout = StartTimeout(extraTime);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await EnsureSuccessAsync(response, linked.Token);
            return await response.Content.ReadFromJsonAsync<T>(JobHubJson.Options, linked.Token)
                ?? throw new JobHubApiException(response.StatusCode, "The answer had no content.", $"{method} {path}");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{method} {new Uri(BaseAddress, path)} got no answer within {(_options.RequestTimeout + extraTime).TotalSeconds:0.#} s.");
        }
    }

    /// <summary>Sends a request whose body is read later (a stream or a download); only the wait for the headers is limited.</summary>
    private async Task<HttpResponseMessage> SendForStreamAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var timeout = StartTimeout(TimeSpan.Zero);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        HttpResponseMessage? response = null;
        try
        {
            response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await EnsureSuccessAsync(response, linked.Token);
            return response;
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new TimeoutException($"{request.Method} {request.RequestUri} got no answer within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
        catch
        {
            response?.Dispose();
            throw;
        }
    }

    private CancellationTokenSource StartTimeout(TimeSpan extraTime) =>
        _options.RequestTimeout == Timeout.InfiniteTimeSpan
            ? new CancellationTokenSource()
            : new CancellationTokenSource(_options.RequestTimeout + extraTime, _options.TimeProvider);

    private static async Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw await ProblemReader.ReadAsync(response, cancellationToken);
        }
    }

    private sealed record StopRequest(string? Reason);

    private sealed record ExtendRequest(TimeSpan Duration);

    private sealed record ActivityRequest(bool Idle);
}
