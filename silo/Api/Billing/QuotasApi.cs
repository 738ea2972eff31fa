using JobHub.Contracts.Audit;
using JobHub.Contracts.Billing;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Billing;
using JobHub.Grains.Audit;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Hosting.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api.Billing;

/// <summary>
/// Monthly spending quotas (docs/billing.md): admins read and set any account's (<c>/api/v1/admin/quotas/{account}</c>,
/// every change audited as <c>quota.set</c>); a user reads their own (<c>/api/v1/quota</c>).
/// </summary>
internal static class QuotasApi
{
    public static RouteGroupBuilder MapQuotasApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        routes.MapGet("/api/v1/quota", OwnAsync).WithTags("Billing").WithName("GetOwnQuota")
            .WithSummary("The caller's own monthly quota, spent and reserved this month.")
            .ProducesCommonProblems();
        var group = routes.MapGroup("/api/v1/admin/quotas").WithTags("Billing").ProducesCommonProblems()
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes));
        group.MapGet("/{**account}", GetAsync).WithName("GetQuota")
            .WithSummary("An account's (user:NAME or group:REALM/NAME) monthly quota and this month's figures; admins only.")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapPut("/{**account}", SetAsync).WithName("SetQuota")
            .WithSummary("Sets an account's monthly quota ({\"monthlyLimit\": 100} or null for none); admins only, audited.")
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Ok<AccountQuota>, ProblemHttpResult>> OwnAsync(HttpContext context, IGrainFactory grains)
    {
        if (CallerIdentity.ForUser(context) is not { } user)
        {
            return ApiProblems.SignInRequired();
        }

        return TypedResults.Ok(await grains.GetGrain<IAccountGrain>(AccountNames.ForUser(user)).GetQuota());
    }

    private static async Task<Results<Ok<AccountQuota>, ProblemHttpResult>> GetAsync(string account, HttpContext context, IGrainFactory grains)
    {
        if (AdminRefusal(context, "Reading a spending quota") is { } refusal)
        {
            return refusal;
        }

        if (AccountNames.AccountProblem(account) is { } problem)
        {
            return NoSuchAccount(problem);
        }

        return TypedResults.Ok(await grains.GetGrain<IAccountGrain>(account).GetQuota());
    }

    private static async Task<Results<Ok<AccountQuota>, ProblemHttpResult>> SetAsync(string account, SetQuotaRequest request, HttpContext context, IGrainFactory grains, IAuditLog audit)
    {
        var actor = CallerIdentity.Actor(context);
        if (AdminRefusal(context, "Setting a spending quota") is { } refusal)
        {
            if (CallerIdentity.IsAuthenticated(context))
            {
                await audit.AppendAsync(new AuditRecord(actor, "quota.set", TextRules.Show(account, 200), AuditOutcomes.Denied, "only admins set quotas"), context.RequestAborted);
            }

            return refusal;
        }

        if (AccountNames.AccountProblem(account) is { } problem)
        {
            return NoSuchAccount(problem);
        }

        if (AccountNames.LimitProblem(request.MonthlyLimit) is { } limitProblem)
        {
            return ApiProblems.Field("monthlyLimit", limitProblem);
        }

        var quota = await grains.GetGrain<IAccountGrain>(account).SetQuota(request.MonthlyLimit);
        await audit.AppendAsync(
            new AuditRecord(actor, "quota.set", account, AuditOutcomes.Ok, request.MonthlyLimit is { } limit ? FormattableString.Invariant($"monthly limit {limit} {quota.Currency}") : "no quota"),
            context.RequestAborted);
        return TypedResults.Ok(quota);
    }

    /// <summary>A path that cannot name an account is answered as one that is not there, without a lookup (as job ids are).</summary>
    private static ProblemHttpResult NoSuchAccount(string problem) => ApiProblems.Field("account", problem + ".", StatusCodes.Status404NotFound);

    private static ProblemHttpResult? AdminRefusal(HttpContext context, string what) =>
        !CallerIdentity.IsAuthenticated(context) ? ApiProblems.SignInRequired()
        : !JobHubPrincipal.IsIn(context.User, BuiltInGroups.Admins) ? ApiProblems.AdminsOnly(what)
        : null;
}
