using Microsoft.Extensions.Options;

namespace JobHub.Grains.Hosting;

/// <summary>Reports every bad <see cref="JobsOptions"/> value by property name.</summary>
public sealed class JobsOptionsValidator : IValidateOptions<JobsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string Prefix = nameof(JobsOptions) + ".";
        var failures = new List<string>();
        RequirePositive(failures, Prefix + nameof(options.FixedPoolStartDeadline), options.FixedPoolStartDeadline);
        if (options.FixedPoolStartDeadline > TimeSpan.FromDays(7))
        {
            failures.Add($"{Prefix}{nameof(options.FixedPoolStartDeadline)} must be at most 7.00:00:00 (was {options.FixedPoolStartDeadline}).");
        }

        RequirePositive(failures, Prefix + nameof(options.RestartBackoff), options.RestartBackoff);
        RequirePositive(failures, Prefix + nameof(options.ReconcileInterval), options.ReconcileInterval);
        if (options.ReconcileReminderDelay < TimeSpan.Zero || options.ReconcileReminderDelay > TimeSpan.FromDays(1))
        {
            failures.Add($"{Prefix}{nameof(options.ReconcileReminderDelay)} must be between 00:00:00 and 1.00:00:00 (was {options.ReconcileReminderDelay}).");
        }

        if (options.MaxRestartBackoff < options.RestartBackoff)
        {
            failures.Add($"{Prefix}{nameof(options.MaxRestartBackoff)} must be at least {nameof(options.RestartBackoff)} (was {options.MaxRestartBackoff}).");
        }

        if (options.MaxWorkerRestarts is < 0 or > 1000)
        {
            failures.Add($"{Prefix}{nameof(options.MaxWorkerRestarts)} must be between 0 and 1000 (was {options.MaxWorkerRestarts}).");
        }

        if (options.StopGracePeriod < TimeSpan.Zero || options.StopGracePeriod > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Prefix}{nameof(options.StopGracePeriod)} must be between 00:00:00 and 00:10:00 (was {options.StopGracePeriod}).");
        }

        if (options.ApiUrl is null || !options.ApiUrl.IsAbsoluteUri)
        {
            failures.Add($"{Prefix}{nameof(options.ApiUrl)} must be an absolute URL (was '{options.ApiUrl}').");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequirePositive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{property} must be positive (was {value}).");
        }
    }
}
