using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Hosting;

/// <summary>Reports every bad runtime setting by name, so a bad configuration stops the silo at boot.</summary>
internal sealed class JobHubRuntimeOptionsValidator : IValidateOptions<JobHubRuntimeOptions>
{
    public ValidateOptionsResult Validate(string? name, JobHubRuntimeOptions options)
    {
        var failures = new List<string>();
        RequirePositive(failures, nameof(options.ResponseTimeout), options.ResponseTimeout);
        RequirePositive(failures, nameof(options.CollectionAge), options.CollectionAge);
        RequirePositive(failures, nameof(options.CollectionQuantum), options.CollectionQuantum);
        RequirePositive(failures, nameof(options.ActivationTimeout), options.ActivationTimeout);
        RequirePositive(failures, nameof(options.DeactivationTimeout), options.DeactivationTimeout);
        RequirePositive(failures, nameof(options.MinimumReminderPeriod), options.MinimumReminderPeriod);
        if (options.MaxWorkItemsPerTurnBatch < 1)
        {
            failures.Add($"{nameof(options.MaxWorkItemsPerTurnBatch)} must be at least 1 (was {options.MaxWorkItemsPerTurnBatch}).");
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
