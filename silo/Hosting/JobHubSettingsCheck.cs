using JobHub.Grains.Datasets;
using JobHub.Grains.Hosting;
using JobHub.Grains.Identity.Hosting;
using JobHub.Grains.Secrets.Hosting;
using JobHub.Silo.Telemetry;
using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting;

/// <summary>
/// Checks every JobHub setting of the silo before anything starts: Orleans reads some of them (ports, storage) while
/// it builds the silo, before .NET's start-up validation runs, so a bad value would otherwise surface as an Orleans
/// stack trace instead of a message naming the setting. All bad settings are reported together.
/// </summary>
internal static class JobHubSettingsCheck
{
    /// <exception cref="OptionsValidationException">Naming every bad setting.</exception>
    public static void ThrowIfInvalid(IConfiguration configuration)
    {
        var failures = new List<string>();
        Check(configuration, JobHubSiloOptions.SectionName, new JobHubSiloOptionsValidator(), failures);
        Check(configuration, JobHubClusterOptions.SectionName, new JobHubClusterOptionsValidator(), failures);
        Check(configuration, JobHubRuntimeOptions.SectionName, new JobHubRuntimeOptionsValidator(), failures);
        Check(configuration, JobsOptions.SectionName, new JobsOptionsValidator(), failures);
        Check(configuration, LocalNodesOptions.SectionName, new LocalNodesOptionsValidator(), failures);
        Check(configuration, DatasetsOptions.SectionName, new DatasetsOptionsValidator(), failures);
        Check<JobHubTelemetryOptions>(configuration, JobHubTelemetryOptions.SectionName, validator: null, failures);
        Check(configuration, Authentication.JobHubOidcOptions.SectionName, new Authentication.JobHubOidcOptionsValidator(), failures);

        // The silo gives the identity its data folder for the admin token file, as AddJobHubSilo does.
        var dataDirectory = DataDirectory(configuration);
        Check(configuration, JobHubIdentityOptions.SectionName, new JobHubIdentityOptionsValidator(), failures, o => o.AdminTokenDirectory ??= dataDirectory);
        Check(configuration, JobHubSecretsOptions.SectionName, new JobHubSecretsOptionsValidator(), failures, o => o.KeyFileDirectory ??= dataDirectory);
        if (failures.Count > 0)
        {
            throw new OptionsValidationException("JobHub", typeof(JobHubSiloOptions), failures);
        }
    }

    private static string? DataDirectory(IConfiguration configuration)
    {
        try
        {
            return (configuration.GetSection(JobHubSiloOptions.SectionName).Get<JobHubSiloOptions>() ?? new JobHubSiloOptions()).DataDirectory;
        }
        catch (InvalidOperationException)
        {
            return null; // reported by the silo section's own check
        }
    }

    private static void Check<TOptions>(IConfiguration configuration, string section, IValidateOptions<TOptions>? validator, List<string> failures, Action<TOptions>? complete = null)
        where TOptions : class, new()
    {
        TOptions options;
        try
        {
            options = configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        }
        catch (InvalidOperationException ex)
        {
            // The binder names the key and the type it expected ("...value at 'JobHub:Cluster:SiloPort' to type 'System.Int32'").
            failures.Add(ex.Message);
            return;
        }

        complete?.Invoke(options);
        if (validator?.Validate(Options.DefaultName, options) is { Failed: true } result)
        {
            failures.AddRange(result.Failures);
        }
    }
}
