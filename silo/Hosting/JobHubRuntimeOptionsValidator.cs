using Microsoft.Extensions.Options;

namespace JobHub.Silo.Hosting;

/// <summary>Reports every bad <see cref="JobHubRuntimeOptions"/> value by its setting name.</summary>
internal sealed class JobHubRuntimeOptionsValidator : IValidateOptions<JobHubRuntimeOptions>
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    public ValidateOptionsResult Validate(string? name, JobHubRuntimeOptions options)
    {
        var failures = new List<string>();
        Between(failures, nameof(options.ResponseTimeout), options.ResponseTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Between(failures, nameof(options.CollectionAge), options.CollectionAge, TimeSpan.FromMinutes(1), Day);
        Between(failures, nameof(options.CollectionQuantum), options.CollectionQuantum, TimeSpan.FromSeconds(1), Day);
        Between(failures, nameof(options.ActivationTimeout), options.ActivationTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(failures, nameof(options.DeactivationTimeout), options.DeactivationTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Between(failures, nameof(options.MinimumReminderPeriod), options.MinimumReminderPeriod, TimeSpan.FromSeconds(1), Day);
        if (options.CollectionQuantum >= options.CollectionAge)
        {
            failures.Add($"{JobHubRuntimeOptions.SectionName}:{nameof(options.CollectionQuantum)} must be shorter than {nameof(options.CollectionAge)} (was {options.CollectionQuantum} and {options.CollectionAge}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Between(List<string> failures, string setting, TimeSpan value, TimeSpan min, TimeSpan max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{JobHubRuntimeOptions.SectionName}:{setting} must be between {min} and {max} (was {value}).");
        }
    }
}
