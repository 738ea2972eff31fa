using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting;

/// <summary>Reports every bad silo setting by name, so the silo refuses to start with a clear message.</summary>
internal sealed class JobHubSiloOptionsValidator : IValidateOptions<JobHubSiloOptions>
{
    public ValidateOptionsResult Validate(string? name, JobHubSiloOptions options)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(options.DefaultUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            failures.Add($"{nameof(options.DefaultUrl)} must be an absolute http(s) URL (was '{options.DefaultUrl}').");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{nameof(options.DataDirectory)} must name a folder.");
        }

        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{nameof(options.Name)} must not be empty.");
        }

        if (options.Storage is not ("sqlite" or "postgres"))
        {
            failures.Add($"{nameof(options.Storage)} must be \"sqlite\" or \"postgres\" (was '{options.Storage}').");
        }

        if (options.Storage == "postgres" && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            failures.Add($"{nameof(options.PostgresConnectionString)} is required when {nameof(options.Storage)} is \"postgres\".");
        }

        foreach (var path in options.GrainAssemblies.Where(p => !File.Exists(p)))
        {
            failures.Add($"{nameof(options.GrainAssemblies)}: '{path}' does not exist.");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{nameof(options.ShutdownTimeout)} must be positive (was {options.ShutdownTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
