using Microsoft.Extensions.Options;

namespace JobHub.Runtime.Networking;

/// <summary>Reports every bad transport setting by name, so a bad configuration stops the silo at boot.</summary>
internal sealed class NetworkingOptionsValidator : IValidateOptions<NetworkingOptions>
{
    public ValidateOptionsResult Validate(string? name, NetworkingOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{nameof(options.ClusterId)} must not be empty.");
        }

        RequireAtLeast(failures, nameof(options.MaxFramePayloadBytes), options.MaxFramePayloadBytes, 1024);
        RequireAtLeast(failures, nameof(options.SendQueueCapacity), options.SendQueueCapacity, 1);
        RequireAtLeast(failures, nameof(options.MaxBatchBytes), options.MaxBatchBytes, 1024);
        RequirePositive(failures, nameof(options.ConnectTimeout), options.ConnectTimeout);
        RequirePositive(failures, nameof(options.ReconnectInitialBackoff), options.ReconnectInitialBackoff);
        RequirePositive(failures, nameof(options.ReconnectMaxBackoff), options.ReconnectMaxBackoff);
        RequirePositive(failures, nameof(options.DeadlineCheckPeriod), options.DeadlineCheckPeriod);
        if (options.ReconnectMaxBackoff < options.ReconnectInitialBackoff)
        {
            failures.Add($"{nameof(options.ReconnectMaxBackoff)} ({options.ReconnectMaxBackoff}) must not be less than {nameof(options.ReconnectInitialBackoff)} ({options.ReconnectInitialBackoff}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void RequireAtLeast(List<string> failures, string property, int value, int minimum)
    {
        if (value < minimum)
        {
            failures.Add($"{property} must be at least {minimum} (was {value}).");
        }
    }

    private static void RequirePositive(List<string> failures, string property, TimeSpan value)
    {
        if (value <= TimeSpan.Zero)
        {
            failures.Add($"{property} must be positive (was {value}).");
        }
    }
}
