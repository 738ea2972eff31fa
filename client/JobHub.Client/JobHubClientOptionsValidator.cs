namespace JobHub.Client;

/// <summary>Checks <see cref="JobHubClientOptions"/> and names every bad value by its property.</summary>
public static class JobHubClientOptionsValidator
{
    /// <summary>Every problem with <paramref name="options"/>, as <c>Property: message</c>; empty when they are fine.</summary>
    public static IReadOnlyList<string> Validate(JobHubClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (options.BaseAddress is not { IsAbsoluteUri: true } address || (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add($"{nameof(options.BaseAddress)}: must be an absolute http or https address (was '{options.BaseAddress}').");
        }

        if (options.Token is { } token && (token.Length == 0 || token.Any(char.IsWhiteSpace)))
        {
            errors.Add($"{nameof(options.Token)}: must be null or a non-empty value without white space.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero && options.RequestTimeout != Timeout.InfiniteTimeSpan)
        {
            errors.Add($"{nameof(options.RequestTimeout)}: must be positive or Timeout.InfiniteTimeSpan (was {options.RequestTimeout}).");
        }

        if (options.PollInterval <= TimeSpan.Zero)
        {
            errors.Add($"{nameof(options.PollInterval)}: must be positive (was {options.PollInterval}).");
        }

        if (options.MaxPollInterval < options.PollInterval)
        {
            errors.Add($"{nameof(options.MaxPollInterval)}: must be at least {nameof(options.PollInterval)} (was {options.MaxPollInterval}, poll interval {options.PollInterval}).");
        }

        if (options.TimeProvider is null)
        {
            errors.Add($"{nameof(options.TimeProvider)}: must not be null.");
        }

        return errors;
    }

    /// <summary>Throws <see cref="JobHubClientOptionsException"/> listing every problem, if there is any.</summary>
    public static void ThrowIfInvalid(JobHubClientOptions options)
    {
        var errors = Validate(options);
        if (errors.Count > 0)
        {
            throw new JobHubClientOptionsException(errors);
        }
    }
}
