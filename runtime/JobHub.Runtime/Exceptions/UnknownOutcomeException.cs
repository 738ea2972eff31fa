namespace JobHub.Runtime;

/// <summary>
/// The call was sent but its answer was lost (the connection or the silo died): it may or may not
/// have run. Retrying may run it twice; make the operation idempotent or check its effect first.
/// </summary>
public sealed class UnknownOutcomeException : JobHubException
{
    public UnknownOutcomeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
