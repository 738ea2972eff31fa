using System.Globalization;
using JobHub.Contracts.Audit;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Audit;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api.Audit;

/// <summary>
/// <c>GET /api/v1/audit</c>: the audit log for admins, newest first, filtered and a page at a time. Anyone else, the
/// anonymous caller included, is answered 403 (and the refusal is itself recorded, as <c>audit.read</c> denied).
/// </summary>
internal static class AuditApi
{
    private const string ReadRule = "only admins read the audit log";

    public static RouteHandlerBuilder MapAuditApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        return routes.MapGet("/api/v1/audit", ListAsync).WithTags("Audit").WithName("ListAudit")
            .WithSummary("The audit log (admins only), newest first: filter by actor, action prefix, target, outcome, since/until; limit and cursor page it.")
            .ProducesCommonProblems()
            .ProducesProblems(StatusCodes.Status403Forbidden);
    }

    private static async Task<Results<Ok<AuditPage>, ProblemHttpResult>> ListAsync(
        HttpContext context,
        IAuditLogReader reader,
        IAuditLog log,
        string? actor = null,
        string? action = null,
        string? target = null,
        string? outcome = null,
        string? since = null,
        string? until = null,
        int limit = AuditLimits.DefaultPage,
        string? cursor = null)
    {
        var caller = CallerIdentity.Actor(context);
        if (!JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins))
        {
            await log.AppendAsync(new AuditRecord(caller, "audit.read", "audit", AuditOutcomes.Denied, ReadRule), context.RequestAborted);
            throw new IdentityAccessDeniedException(caller, "read the audit log", ReadRule);
        }

        if ((FilterProblem("actor", actor) ?? FilterProblem("action", action) ?? FilterProblem("target", target)
            ?? ShapeProblem("actor", actor, IsActor, "a user name (lower-case letters, digits, '-', '_', '.')")
            ?? ShapeProblem("action", action, IsActionPrefix, "a dotted action or its start, such as 'token.' or 'dataset.visibility' (lower-case letters and '.')")
            ?? ShapeProblem("target", target, IsTarget, "a user, group, job, dataset, namespace or email as entries name them (letters, digits and - _ . : / @ +)")) is { } filterProblem)
        {
            return filterProblem;
        }

        if (outcome is not null && !AuditOutcomes.IsKnown(outcome))
        {
            return ApiProblems.Field("outcome", $"The outcome must be '{AuditOutcomes.Ok}', '{AuditOutcomes.Denied}' or '{AuditOutcomes.Failed}'.");
        }

        if (TimeProblem("since", since, out var from) is { } sinceProblem)
        {
            return sinceProblem;
        }

        if (TimeProblem("until", until, out var to) is { } untilProblem)
        {
            return untilProblem;
        }

        if (from is not null && to is not null && from >= to)
        {
            return ApiProblems.Field("until", "until must be later than since.");
        }

        if (limit is < 1 or > AuditLimits.MaxPage)
        {
            return ApiProblems.Field("limit", $"The page size must be between 1 and {AuditLimits.MaxPage} (was {limit}).");
        }

        if (cursor is not null && !AuditCursor.TryDecode(cursor, out _))
        {
            return ApiProblems.Field("cursor", "This is not a cursor this server handed out: pass the nextCursor of the previous page unchanged.");
        }

        return TypedResults.Ok(await reader.QueryAsync(new AuditQuery(actor, action, target, outcome, from, to, limit, cursor), context.RequestAborted));
    }

    private static ProblemHttpResult? FilterProblem(string field, string? value) =>
        value is null ? null
        : value.Length is 0 or > AuditLimits.MaxFilterLength ? ApiProblems.Field(field, $"The {field} filter must be 1 to {AuditLimits.MaxFilterLength} characters long.")
        : value.Any(char.IsControl) ? ApiProblems.Field(field, $"The {field} filter must not contain control characters.")
        : null;

    private static ProblemHttpResult? ShapeProblem(string field, string? value, Func<string, bool> isValid, string expected) =>
        value is null || isValid(value) ? null : ApiProblems.Field(field, $"'{TextRules.Show(value)}' cannot match any entry: give {expected}.");

    private static bool IsActor(string value) => IdentityNames.UserNameProblem(value) is null;

    private static bool IsActionPrefix(string value) => value.All(c => c is (>= 'a' and <= 'z') or '.' or '-');

    private static bool IsTarget(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or ':' or '/' or '@' or '+');

    private static ProblemHttpResult? TimeProblem(string field, string? value, out DateTimeOffset? time)
    {
        time = null;
        if (value is null)
        {
            return null;
        }

        if (value.Length > 64 || !DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var parsed))
        {
            return ApiProblems.Field(field, $"{field} must be a date and time in ISO 8601 form, such as 2026-12-01T09:30:00Z (UTC unless an offset is given).");
        }

        time = parsed.ToUniversalTime();
        return null;
    }
}
