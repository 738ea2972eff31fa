using System.Globalization;
using JobHub.Contracts.Billing;

namespace JobHub.Client;

public sealed partial class JobHubClient
{
    /// <summary>
    /// Your own usage and charges for the period [<paramref name="from"/>, <paramref name="to"/>) (default: this UTC month;
    /// with one end only, the month from or up to it), grouped by job, day or node type, with exact decimal totals.
    /// </summary>
    /// <exception cref="JobHubValidationException">The period is empty, reversed or longer than <see cref="UsageLimits.MaxPeriodDays"/> days, or <paramref name="groupBy"/> is by user (admins: <see cref="GetAdminUsageAsync"/>); nothing was sent.</exception>
    /// <exception cref="JobHubApiException">401 without an API token.</exception>
    public Task<UsageReport> GetUsageAsync(DateTimeOffset? from = null, DateTimeOffset? to = null, UsageGrouping groupBy = UsageGrouping.Job, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("to", PeriodProblem(from, to)),
            ("groupBy", groupBy is UsageGrouping.Job or UsageGrouping.Day or UsageGrouping.NodeType ? null : "Your own usage is grouped by job, day or node type."));
        return SendAsync<UsageReport>(HttpMethod.Get, "api/v1/usage?" + UsageQuery(from, to, groupBy, []), null, cancellationToken);
    }

    /// <summary>
    /// Writes your statement for the period (defaults as <see cref="GetUsageAsync"/>) as CSV into <paramref name="destination"/>
    /// (left open): a header row, one row per ledger entry, then a <c>total</c> row (columns in docs/billing.md).
    /// </summary>
    /// <exception cref="JobHubValidationException">The period is empty, reversed or too long; nothing was sent.</exception>
    public async Task DownloadStatementAsync(Stream destination, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        RequestChecks.ThrowIfAny(("to", PeriodProblem(from, to)));
        var query = UsageQuery(from, to, null, []);
        using var request = CreateRequest(HttpMethod.Get, "api/v1/usage/statement.csv" + (query.Length > 0 ? "?" + query : string.Empty), null);
        using var response = await SendForStreamAsync(request, cancellationToken);
        await response.Content.CopyToAsync(destination, cancellationToken);
    }

    /// <summary>Everyone's usage (admins only), filtered and grouped by <paramref name="filter"/> (default: this UTC month, by job).</summary>
    /// <exception cref="JobHubValidationException">The period or a filter is out of bounds; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">403 for a caller who is not an admin.</exception>
    public Task<UsageReport> GetAdminUsageAsync(UsageFilter? filter = null, CancellationToken cancellationToken = default)
    {
        filter ??= new UsageFilter();
        static string? Text(string name, string? value) =>
            value is null ? null
            : value.Length is 0 or > UsageLimits.MaxFilterLength ? $"The {name} filter must be 1 to {UsageLimits.MaxFilterLength} characters long."
            : value.Any(char.IsControl) ? $"The {name} filter must not contain control characters."
            : null;

        RequestChecks.ThrowIfAny(
            ("to", PeriodProblem(filter.From, filter.To)),
            ("groupBy", Enum.IsDefined(filter.GroupBy) ? null : "groupBy must be job, day, nodeType or user."),
            ("user", Text("user", filter.User)),
            ("group", Text("group", filter.Group) ?? (filter.Group is { } g && !g.Contains('/', StringComparison.Ordinal) ? "A group is written realm/name, such as site/physics." : null)),
            ("nodeType", Text("nodeType", filter.NodeType)));
        var query = UsageQuery(filter.From, filter.To, filter.GroupBy, [("user", filter.User), ("group", filter.Group), ("nodeType", filter.NodeType)]);
        return SendAsync<UsageReport>(HttpMethod.Get, "api/v1/admin/usage?" + query, null, cancellationToken);
    }

    private static string? PeriodProblem(DateTimeOffset? from, DateTimeOffset? to) =>
        from is { } start && to is { } end
            ? end <= start ? "to must be after from."
            : end - start > TimeSpan.FromDays(UsageLimits.MaxPeriodDays) ? $"A period is at most {UsageLimits.MaxPeriodDays} days."
            : null
            : null;

    private static string UsageQuery(DateTimeOffset? from, DateTimeOffset? to, UsageGrouping? groupBy, (string Name, string? Value)[] filters)
    {
        var query = new List<string>();
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("from", from?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Add("to", to?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Add("groupBy", groupBy switch
        {
            null => null,
            UsageGrouping.NodeType => "nodeType",
            { } g => g.ToString().ToLowerInvariant(),
        });
        foreach (var (name, value) in filters)
        {
            Add(name, value);
        }

        return string.Join('&', query);
    }
}
