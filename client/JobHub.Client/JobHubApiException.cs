using System.Net;
using System.Text;

namespace JobHub.Client;

/// <summary>
/// The API answered with an error: the RFC 9457 problem details it sent. A refused value (400, and 413/415 for a
/// request body) names each bad field in <see cref="Errors"/> and says the same in <see cref="Detail"/>
/// (<c>distributed.nodes: The number of nodes must be between 1 and 1000 (was 0).</c>).
/// </summary>
public sealed class JobHubApiException : Exception
{
    /// <summary>Creates the exception from an error answer.</summary>
    /// <param name="statusCode">The HTTP status of the answer.</param>
    /// <param name="title">The problem's title (the status' reason phrase when the answer had none).</param>
    /// <param name="detail">The problem's detail, if any.</param>
    /// <param name="errors">Messages per field (camelCase field path, e.g. <c>distributed.nodes</c>); empty unless a spec was refused.</param>
    public JobHubApiException(HttpStatusCode statusCode, string title, string? detail = null, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors = null)
        : base(Describe(statusCode, title, detail, errors))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, IReadOnlyList<string>>();
    }

    /// <summary>The HTTP status of the answer.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title.</summary>
    public string Title { get; }

    /// <summary>The problem's detail, if any; for a refused value <c>field: rule</c> for each bad field.</summary>
    public string? Detail { get; }

    /// <summary>Messages per bad field of a refused request (camelCase field path: <c>name</c>, <c>distributed.nodes</c>, <c>tail</c>, <c>reason</c>); empty for other errors.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Errors { get; }

    /// <summary>True for 404: no such job, or no such result file.</summary>
    public bool IsNotFound => StatusCode == HttpStatusCode.NotFound;

    private static string Describe(HttpStatusCode statusCode, string title, string? detail, IReadOnlyDictionary<string, IReadOnlyList<string>>? errors)
    {
        var text = new StringBuilder().Append((int)statusCode).Append(' ').Append(title);
        if (errors is not { Count: > 0 } && !string.IsNullOrWhiteSpace(detail))
        {
            // With field errors the detail only repeats them ("field: rule"), so the fields are given instead.
            text.Append(' ').Append(detail);
        }

        foreach (var (field, messages) in errors ?? new Dictionary<string, IReadOnlyList<string>>())
        {
            foreach (var message in messages)
            {
                text.Append(' ').Append(field).Append(": ").Append(message);
            }
        }

        return text.ToString();
    }
}
