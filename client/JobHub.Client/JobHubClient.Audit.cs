using System.Globalization;
using System.Runtime.CompilerServices;
using JobHub.Contracts.Audit;

namespace JobHub.Client;

public sealed partial class JobHubClient
{
    /// <summary>
    /// One page of the audit log (admins only), newest first; pass <see cref="AuditPage.NextCursor"/> back as
    /// <paramref name="cursor"/> for the next. A caller who is not an admin gets <see cref="JobHubApiException"/> with 403.
    /// </summary>
    /// <param name="filter">Which entries; null for all.</param>
    /// <param name="limit">Entries per page, 1 to 500.</param>
    /// <param name="cursor">Where the page starts; null for the newest.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="JobHubValidationException">A filter, the limit or the cursor is out of bounds; nothing was sent.</exception>
    public Task<AuditPage> ListAuditAsync(AuditFilter? filter = null, int limit = AuditLimits.DefaultPage, string? cursor = null, CancellationToken cancellationToken = default)
    {
        CheckAuditQuery(filter, limit);
        RequestChecks.ThrowIfAny(("cursor", cursor is not null && !AuditCursor.TryDecode(cursor, out _) ? "This is not a cursor the server handed out: pass the nextCursor of the previous page unchanged." : null));
        var query = new List<string> { "limit=" + limit.ToString(CultureInfo.InvariantCulture) };
        void Add(string name, string? value)
        {
            if (value is not null)
            {
                query.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("actor", filter?.Actor);
        Add("action", filter?.Action);
        Add("target", filter?.Target);
        Add("outcome", filter?.Outcome);
        Add("since", filter?.Since?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Add("until", filter?.Until?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture));
        Add("cursor", cursor);
        return SendAsync<AuditPage>(HttpMethod.Get, "api/v1/audit?" + string.Join('&', query), null, cancellationToken);
    }

    /// <summary>Every audit entry matching <paramref name="filter"/>, newest first, fetching pages of <paramref name="pageSize"/> (1 to 500) as the enumeration goes.</summary>
    /// <exception cref="JobHubValidationException">A filter or the page size is out of bounds (thrown by this call, before enumerating).</exception>
    public IAsyncEnumerable<AuditEntry> ListAllAuditAsync(AuditFilter? filter = null, int pageSize = AuditLimits.DefaultPage, CancellationToken cancellationToken = default)
    {
        CheckAuditQuery(filter, pageSize);
        return ListAuditPagesAsync(filter, pageSize, cancellationToken);
    }

    private async IAsyncEnumerable<AuditEntry> ListAuditPagesAsync(AuditFilter? filter, int pageSize, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? cursor = null;
        do
        {
            var page = await ListAuditAsync(filter, pageSize, cursor, cancellationToken);
            foreach (var entry in page.Entries)
            {
                yield return entry;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private static void CheckAuditQuery(AuditFilter? filter, int limit)
    {
        static string? Text(string name, string? value) =>
            value is null ? null
            : value.Length is 0 or > AuditLimits.MaxFilterLength ? $"The {name} filter must be 1 to {AuditLimits.MaxFilterLength} characters long."
            : value.Any(char.IsControl) ? $"The {name} filter must not contain control characters."
            : null;

        RequestChecks.ThrowIfAny(
            ("actor", Text("actor", filter?.Actor)),
            ("action", Text("action", filter?.Action)),
            ("target", Text("target", filter?.Target)),
            ("outcome", filter?.Outcome is { } outcome && !AuditOutcomes.IsKnown(outcome) ? $"The outcome must be '{AuditOutcomes.Ok}', '{AuditOutcomes.Denied}' or '{AuditOutcomes.Failed}'." : null),
            ("until", filter is { Since: { } since, Until: { } until } && since >= until ? "until must be later than since." : null),
            ("limit", limit is < 1 or > AuditLimits.MaxPage ? $"The page size must be between 1 and {AuditLimits.MaxPage} (was {limit})." : null));
    }
}
