using Microsoft.Extensions.Options;

namespace JobHub.Agent.Hosting;

/// <summary>Reports every bad <see cref="LocalNodeAgentOptions"/> value by property name.</summary>
public sealed class LocalNodeAgentOptionsValidator : IValidateOptions<LocalNodeAgentOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LocalNodeAgentOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string Prefix = nameof(LocalNodeAgentOptions) + ".";
        if (string.IsNullOrWhiteSpace(options.WorkRoot))
        {
            failures.Add($"{Prefix}{nameof(options.WorkRoot)} must name a folder.");
        }

        if (string.IsNullOrWhiteSpace(options.BlobRoot))
        {
            failures.Add($"{Prefix}{nameof(options.BlobRoot)} must name a folder.");
        }

        if (options.ProcessRecordRoot is not null && string.IsNullOrWhiteSpace(options.ProcessRecordRoot))
        {
            failures.Add($"{Prefix}{nameof(options.ProcessRecordRoot)} must name a folder when it is set.");
        }

        if (options.StopGracePeriod < TimeSpan.Zero || options.StopGracePeriod > TimeSpan.FromMinutes(10))
        {
            failures.Add($"{Prefix}{nameof(options.StopGracePeriod)} must be between 00:00:00 and 00:10:00 (was {options.StopGracePeriod}).");
        }

        if (options.ResultsUploadLimitBytes <= 0)
        {
            failures.Add($"{Prefix}{nameof(options.ResultsUploadLimitBytes)} must be positive (was {options.ResultsUploadLimitBytes}).");
        }

        if (options.CodeBundleLimitBytes <= 0)
        {
            failures.Add($"{Prefix}{nameof(options.CodeBundleLimitBytes)} must be positive (was {options.CodeBundleLimitBytes}).");
        }

        if (options.MaxLogLineLength is < 80 or > 1024 * 1024)
        {
            failures.Add($"{Prefix}{nameof(options.MaxLogLineLength)} must be between 80 and 1048576 (was {options.MaxLogLineLength}).");
        }

        if (options.OutputDrainTimeout < TimeSpan.Zero || options.OutputDrainTimeout > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{Prefix}{nameof(options.OutputDrainTimeout)} must be between 00:00:00 and 00:01:00 (was {options.OutputDrainTimeout}).");
        }

        if (options.PassThroughEnvironmentVariables.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{Prefix}{nameof(options.PassThroughEnvironmentVariables)} must not contain empty names.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
