using Microsoft.AspNetCore.Authentication;

namespace JobHub.Silo.Hosting.Authentication;

/// <summary>Bearer tokens on the REST API: API tokens of users and job tokens of a job's own processes.</summary>
internal static class JobHubAuthenticationExtensions
{
    /// <summary>
    /// Adds the <see cref="JobHubPrincipal.Scheme"/> scheme (<see cref="JobHubTokenAuthenticationHandler"/>) as the default.
    /// Only the authentication core: no cookies and no data protection key ring (nothing is written to the home folder).
    /// </summary>
    public static IServiceCollection AddJobHubAuthentication(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(JobHubTokenAuthenticationHandler)))
        {
            return services;
        }

        services.AddAuthenticationCore(o => o.DefaultScheme = JobHubPrincipal.Scheme);
        services.AddWebEncoders();
        new AuthenticationBuilder(services).AddScheme<AuthenticationSchemeOptions, JobHubTokenAuthenticationHandler>(JobHubPrincipal.Scheme, displayName: "JobHub API or job token", configureOptions: null);
        return services;
    }

    /// <summary>
    /// Authenticates every request, and answers a request whose bearer token was refused with 401 problem details at once,
    /// so a refused token never falls back to acting anonymously.
    /// </summary>
    public static IApplicationBuilder UseJobHubAuthentication(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseAuthentication();
        app.Use(async (context, next) =>
        {
            var result = await context.AuthenticateAsync(JobHubPrincipal.Scheme);
            if (result.Failure is not null)
            {
                await context.ChallengeAsync(JobHubPrincipal.Scheme);
                return;
            }

            await next(context);
        });
        return app;
    }
}
