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
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.DefaultUrl)} must be an absolute http(s) URL (was '{options.DefaultUrl}').");
        }

        if (string.IsNullOrWhiteSpace(options.DataDirectory))
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.DataDirectory)} must name a folder.");
        }

        if (string.IsNullOrWhiteSpace(options.Name))
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.Name)} must not be empty.");
        }

        if (options.Storage is not ("sqlite" or "postgres"))
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.Storage)} must be \"sqlite\" or \"postgres\" (was '{options.Storage}').");
        }

        if (options.Storage == "postgres" && string.IsNullOrWhiteSpace(options.PostgresConnectionString))
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.PostgresConnectionString)} is required when {nameof(options.Storage)} is \"postgres\".");
        }

        if (options.Clustered && options.Storage != "postgres")
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.Clustered)} needs {nameof(options.Storage)} \"postgres\": a cluster keeps its membership table, grain state and reminders in PostgreSQL (was '{options.Storage}').");
        }

        if (options.PostgresSchema is null || !System.Text.RegularExpressions.Regex.IsMatch(options.PostgresSchema, "^[a-z_][a-z0-9_]{0,62}$"))
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.PostgresSchema)} must be a lower-case SQL identifier (was '{options.PostgresSchema}').");
        }

        if (options.ShutdownTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{JobHubSiloOptions.SectionName}:{nameof(options.ShutdownTimeout)} must be positive (was {options.ShutdownTimeout}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
