using JobHub.Contracts.Audit;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.Grains.Audit;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Nodes;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api.Usage;

/// <summary>
/// Usage reports from the billing ledger: <c>GET /api/v1/usage</c> (the caller's own usage, grouped),
/// <c>GET /api/v1/usage/statement.csv</c> (the caller's entries as CSV, streamed) and <c>GET /api/v1/admin/usage</c>
/// (everyone's, admins only: anyone else is answered 403 and the refusal is audited as <c>usage.read.all</c> denied).
/// Reading one's own usage needs an API token (401 without one; a job's token does not open it).
/// </summary>
internal static class UsageApi
{
    private const string AdminRule = "only admins read everyone's usage";

    public static RouteGroupBuilder MapUsageApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var api = routes.MapGroup("/api/v1").WithTags("Usage");
        api.MapGet("/usage", UsageAsync).WithName("GetUsage")
            .WithSummary("Your usage and charges for a period (from inclusive, to exclusive; default this UTC month), grouped by job, day or nodeType.")
            .ProducesCommonProblems().ProducesProblems(StatusCodes.Status401Unauthorized);
        api.MapGet("/usage/statement.csv", StatementAsync).WithName("GetUsageStatement")
            .WithSummary("Your ledger entries for a period as CSV, with a final total row.")
            .Produces(StatusCodes.Status200OK, contentType: "text/csv")
            .ProducesCommonProblems().ProducesProblems(StatusCodes.Status401Unauthorized);
        api.MapGet("/admin/usage", AdminUsageAsync).WithName("GetAdminUsage")
            .WithSummary("Everyone's usage (admins only), grouped by job, day, nodeType or user; filter by user, group (realm/name) and nodeType.")
            .ProducesCommonProblems().ProducesProblems(StatusCodes.Status403Forbidden);
        return api;
    }

    private static async Task<Results<Ok<UsageReport>, ProblemHttpResult>> UsageAsync(
        HttpContext context, IBillingLedger ledger, TimeProvider time, string? from = null, string? to = null, string? groupBy = null)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return ApiProblems.SignInRequired();
        }

        if (UsagePeriod.Resolve(from, to, time, out var start, out var end) is { } periodProblem)
        {
            return periodProblem;
        }

        if (UsagePeriod.Grouping(groupBy, admin: false, out var grouping) is { } groupingProblem)
        {
            return groupingProblem;
        }

        return TypedResults.Ok(await ledger.QueryUsageAsync(new UsageQuery(start, end, [user], null, grouping), context.RequestAborted));
    }

    private static Results<PushStreamHttpResult, ProblemHttpResult> StatementAsync(
        HttpContext context, IBillingLedger ledger, TimeProvider time, string? from = null, string? to = null)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return ApiProblems.SignInRequired();
        }

        if (UsagePeriod.Resolve(from, to, time, out var start, out var end) is { } problem)
        {
            return problem;
        }

        var query = new UsageQuery(start, end, [user], null, UsageGrouping.Job);
        var name = $"jobhub-usage-{user}-{start.UtcDateTime:yyyyMMdd}-{end.UtcDateTime:yyyyMMdd}.csv";
        return TypedResults.Stream(
            body => UsageStatementCsv.WriteAsync(body, ledger.ReadEntriesAsync(query, context.RequestAborted), context.RequestAborted),
            "text/csv; charset=utf-8",
            name);
    }

    private static async Task<Results<Ok<UsageReport>, ProblemHttpResult>> AdminUsageAsync(
        HttpContext context,
        IBillingLedger ledger,
        IAuditLog audit,
        IGrainFactory grains,
        NodeTypeCatalog nodeTypes,
        TimeProvider time,
        string? from = null,
        string? to = null,
        string? groupBy = null,
        string? user = null,
        string? group = null,
        string? nodeType = null)
    {
        var caller = CallerIdentity.Actor(context);
        if (!CallerIdentity.IsAdmin(context))
        {
            await audit.AppendAsync(new AuditRecord(caller, "usage.read.all", "usage", AuditOutcomes.Denied, AdminRule), context.RequestAborted);
            throw new IdentityAccessDeniedException(caller, "read everyone's usage", AdminRule);
        }

        if (UsagePeriod.Resolve(from, to, time, out var start, out var end) is { } periodProblem)
        {
            return periodProblem;
        }

        if (UsagePeriod.Grouping(groupBy, admin: true, out var grouping) is { } groupingProblem)
        {
            return groupingProblem;
        }

        if (user is not null && IdentityNames.UserNameProblem(user) is { } userProblem)
        {
            return ApiProblems.Field("user", $"'{TextRules.Show(user)}' is not a user name: {userProblem}.");
        }

        GroupRef? groupRef = null;
        if (group is not null && (group.Length > UsageLimits.MaxFilterLength || (groupRef = IdentityNames.ParseGroupKey(group, out var groupProblem)) is null))
        {
            return ApiProblems.Field("group", $"group must be a group written realm/name, such as site/physics (was '{TextRules.Show(group)}').");
        }

        if (nodeType is not null && (nodeType.Length > UsageLimits.MaxFilterLength || nodeTypes.Find(nodeType) is null))
        {
            var known = string.Join(", ", nodeTypes.NodeTypes.Select(t => t.Name).Order(StringComparer.Ordinal));
            return ApiProblems.Field("nodeType", $"Unknown node type '{TextRules.Show(nodeType)}' (known: {known}); group by nodeType to see every node type in the ledger.");
        }

        var users = await UsersAsync(grains, user, groupRef);
        return TypedResults.Ok(await ledger.QueryUsageAsync(new UsageQuery(start, end, users, nodeType, grouping), context.RequestAborted));
    }

    /// <summary>Whose entries an admin report sums: everyone's (null), one user's, a group's members, or that user if a member.</summary>
    private static async Task<IReadOnlyList<string>?> UsersAsync(IGrainFactory grains, string? user, GroupRef? group)
    {
        if (group is null)
        {
            return user is null ? null : [user];
        }

        var members = (await grains.Group(group).ListMembers()).Select(m => m.Name).ToList();
        return user is null ? members : members.Where(m => string.Equals(m, user, StringComparison.Ordinal)).ToList();
    }
}
