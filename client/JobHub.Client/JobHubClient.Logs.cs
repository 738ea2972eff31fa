using System.Globalization;
using System.Net.Http.Headers;
using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;

namespace JobHub.Client;

/// <summary>Reading and following job logs.</summary>
public sealed partial class JobHubClient
{
    private const int MaxStreamResumes = 5;

    /// <summary>
    /// Log entries after sequence number <paramref name="after"/> (0: from the start), at most <paramref name="limit"/> (1 to 10,000).
    /// A line longer than the node's limit (default 16 KiB) is stored as several entries: each after the first has
    /// <see cref="JobLogEntry.IsContinuation"/> set.
    /// </summary>
    /// <exception cref="JobHubValidationException">The job id, <paramref name="after"/> or <paramref name="limit"/> is out of bounds; nothing was sent.</exception>
    public Task<JobLogPage> ReadLogsAsync(string jobId, long after = 0, int limit = 1000, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("jobId", RequestChecks.JobIdProblem(jobId)),
            ("after", RequestChecks.AfterProblem(after)),
            ("limit", RequestChecks.LogLimitProblem(limit)));
        return SendAsync<JobLogPage>(
            HttpMethod.Get,
            string.Create(CultureInfo.InvariantCulture, $"{JobPath(jobId)}/logs?after={after}&limit={limit}"),
            null,
            cancellationToken);
    }

    /// <summary>The last <paramref name="lines"/> log entries of a job (1 to 10,000); the first may continue a line that began earlier.</summary>
    /// <exception cref="JobHubValidationException">The job id or <paramref name="lines"/> is out of bounds; nothing was sent.</exception>
    public Task<JobLogPage> TailLogsAsync(string jobId, int lines, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)), ("tail", RequestChecks.TailProblem(lines)));
        return SendAsync<JobLogPage>(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{JobPath(jobId)}/logs?tail={lines}"), null, cancellationToken);
    }

    /// <summary>
    /// Every log line after <paramref name="after"/>, then new lines as the job writes them, through the server-sent
    /// event stream; the enumeration ends once the job has ended and every line was delivered. A dropped connection
    /// is resumed after the last line received (up to 5 times in a row), so no line is lost or repeated.
    /// </summary>
    /// <exception cref="JobHubValidationException">The job id or <paramref name="after"/> is out of bounds (thrown by this call, before enumerating).</exception>
    /// <exception cref="JobHubApiException">404 when there is no such job.</exception>
    public IAsyncEnumerable<JobLogEntry> FollowLogsAsync(string jobId, long after = 0, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("jobId", RequestChecks.JobIdProblem(jobId)), ("after", RequestChecks.AfterProblem(after)));
        return FollowStreamAsync(jobId, after, cancellationToken);
    }

    private async IAsyncEnumerable<JobLogEntry> FollowStreamAsync(string jobId, long after, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var path = JobPath(jobId) + "/logs/stream";
        var failures = 0;
        while (true)
        {
            using var request = CreateRequest(HttpMethod.Get, string.Create(CultureInfo.InvariantCulture, $"{path}?after={after}"), null);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
            using var response = await SendForStreamAsync(request, cancellationToken);
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            var events = SseParser.Create(body, static (type, data) => type == "log" ? JsonSerializer.Deserialize<JobLogEntry>(data, JobHubJson.Options) : null)
                .EnumerateAsync(cancellationToken)
                .GetAsyncEnumerator(cancellationToken);
            await using (events)
            {
                while (true)
                {
                    bool more;
                    try
                    {
                        more = await events.MoveNextAsync();
                    }
                    catch (Exception e) when (e is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested && ++failures <= MaxStreamResumes)
                    {
                        break; // the connection dropped: resume after the last line delivered
                    }

                    if (!more)
                    {
                        yield break; // the server ends the stream once the job has ended and every line was sent
                    }

                    if (events.Current.Data is { } entry && entry.Sequence > after)
                    {
                        failures = 0;
                        after = entry.Sequence;
                        yield return entry;
                    }
                }
            }
        }
    }
}
