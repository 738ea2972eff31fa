using System.Text.Encodings.Web;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Identity;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Grains.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>
/// Reads <c>Authorization: Bearer &lt;token&gt;</c>. An API token (<c>jhp_…</c>, checked by <see cref="ApiTokenFormat"/>
/// before any lookup) is verified by its token grain, which pushes its sliding expiry on; the owner's groups and features
/// are read from their user grain for this request only, so a revocation or a disabled user acts at once. Any other
/// bearer value that is a JWT, when OpenID Connect is configured (<see cref="JobHubOidcOptions"/>), is validated by the
/// JwtBearer scheme and mapped to a user by email (<see cref="OidcLogin"/>). Any other bearer value is taken as a job token on a job's own endpoints (<c>/api/v1/jobs/{id}/…</c>) and checked by that job.
/// No header: no principal (the endpoints decide what an anonymous caller is). A refused token: 401 problem details
/// whose detail says why in plain words and never shows the token.
/// </summary>
internal sealed partial class JobHubTokenAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    IGrainFactory grains,
    IProblemDetailsService problems,
    IOptions<JobHubOidcOptions> oidc,
    IAuditLog audit,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string BearerPrefix = "Bearer ";
    private const string JobsPath = "/api/v1/jobs/";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString().Trim();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && !header.Equals(BearerPrefix.Trim(), StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var token = header[BearerPrefix.Trim().Length..].Trim();
        if (ApiTokenFormat.IsWellFormedToken(token))
        {
            var check = await LostSiloRetry.RunAsync(() => grains.ApiTokenFor(token).Verify(token), time, Context.RequestAborted);
            if (!check.IsValid || check.UserName is not { } user)
            {
                return AuthenticateResult.Fail(Refusal(check.Result));
            }

            var access = await LostSiloRetry.RunAsync(() => grains.User(user).GetAccess(), time, Context.RequestAborted);
            if (access.Status != UserStatus.Regular)
            {
                return AuthenticateResult.Fail(Refusal(ApiTokenCheckResult.UserDisabled));
            }

            return AuthenticateResult.Success(new AuthenticationTicket(JobHubPrincipal.ForUser(access, SecretId.Of(token)), Scheme.Name));
        }

        if (oidc.Value.Enabled && OidcLogin.LooksLikeJwt(token))
        {
            return await AuthenticateFederatedAsync();
        }

        if (JobOfRequest() is { } jobId && token.Length > 0 && await LostSiloRetry.RunAsync(() => grains.GetGrain<IJobGrain>(jobId).VerifyJobToken(token), time, Context.RequestAborted))
        {
            return AuthenticateResult.Success(new AuthenticationTicket(JobHubPrincipal.ForJob(jobId), Scheme.Name));
        }

        return AuthenticateResult.Fail(token.StartsWith(ApiTokenFormat.TokenPrefix, StringComparison.Ordinal)
            ? Refusal(ApiTokenCheckResult.Malformed)
            : "The bearer token was refused: it is not a JobHub API token ('jhp_…') and not the job token of the job this request names.");
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var result = await HandleAuthenticateOnceSafeAsync();
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status401Unauthorized,
                Title = "The bearer token was refused.",
                Detail = result.Failure?.Message ?? "This request needs a bearer token: send 'Authorization: Bearer <API token>'.",
            },
        });
    }

    /// <summary>A token of the identity provider: validated by the JwtBearer scheme, then mapped to a JobHub user (never anonymous on refusal).</summary>
    private async Task<AuthenticateResult> AuthenticateFederatedAsync()
    {
        AuthenticateResult validated;
        try
        {
            validated = await Context.AuthenticateAsync(JobHubAuthenticationExtensions.OidcScheme);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // JwtBearer throws when the discovery document or the keys cannot be read: refused, never anonymous.
            LogProviderUnreadable(Logger, ex);
            return AuthenticateResult.Fail(OidcLogin.Refusal(ex));
        }

        if (!validated.Succeeded || validated.Principal is null)
        {
            if (validated.Failure is { } failure && OidcLogin.IsUnexpected(failure))
            {
                LogProviderUnreadable(Logger, failure);
            }

            return AuthenticateResult.Fail(OidcLogin.Refusal(validated.Failure));
        }

        var (principal, refusal) = await OidcLogin.MapAsync(validated.Principal, oidc.Value, grains, audit);
        return principal is null
            ? AuthenticateResult.Fail(refusal ?? OidcLogin.Refusal(null))
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    /// <summary>Why a token was refused, in words a caller can act on (never the token itself).</summary>
    private static string Refusal(ApiTokenCheckResult result) => result switch
    {
        ApiTokenCheckResult.Malformed => $"The API token was refused: it is malformed (an API token is '{ApiTokenFormat.TokenPrefix}' followed by {ApiTokenFormat.MinSecretLength} to {ApiTokenFormat.MaxSecretLength} characters of A-Z a-z 0-9 - _).",
        ApiTokenCheckResult.Unknown => "The API token was refused: no such token was issued.",
        ApiTokenCheckResult.Expired => "The API token was refused: it expired (it was not used for longer than the idle lifetime); ask for a new one.",
        ApiTokenCheckResult.Revoked => "The API token was refused: it was revoked.",
        ApiTokenCheckResult.UserDisabled => "The API token was refused: its user is disabled.",
        _ => "The API token was refused.",
    };

    /// <summary>The job a <c>/api/v1/jobs/{id}/…</c> request names, when the id could name one.</summary>
    private string? JobOfRequest()
    {
        if (!Request.Path.StartsWithSegments("/api/v1/jobs", StringComparison.Ordinal) || Request.Path.Value is not { } path || path.Length <= JobsPath.Length)
        {
            return null;
        }

        var id = Context.GetRouteValue("id") as string;
        return IdRules.IsJobId(id) ? id : null;
    }

    [LoggerMessage(EventId = 4900, Level = LogLevel.Warning, Message = "An identity provider's token could not be checked: the discovery document or signing keys could not be read")]
    private static partial void LogProviderUnreadable(ILogger logger, Exception exception);
}
