namespace JobHub.Client;

/// <summary>The <see cref="JobHubClientOptions"/> given to a <see cref="JobHubClient"/> are invalid; <see cref="Errors"/> names each bad value.</summary>
public sealed class JobHubClientOptionsException : Exception
{
    /// <summary>Creates the exception from the validator's messages.</summary>
    public JobHubClientOptionsException(IReadOnlyList<string> errors)
        : base("Invalid JobHub client options: " + string.Join(" ", errors ?? []))
    {
        Errors = errors ?? [];
    }

    /// <summary>Each problem as <c>Property: message</c>.</summary>
    public IReadOnlyList<string> Errors { get; }
}
