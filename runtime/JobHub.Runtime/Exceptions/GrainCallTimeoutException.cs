namespace JobHub.Runtime;

/// <summary>
/// A call got no answer within its timeout. The outcome is unknown: the call may or may not have run.
/// The message names the call chain that led to it, which shows non-reentrant cycles.
/// </summary>
[PortableException]
public sealed class GrainCallTimeoutException : JobHubException
{
    public GrainCallTimeoutException(string message, IReadOnlyList<GrainId> callChain)
        : base(message)
    {
        CallChain = callChain;
    }

    /// <summary>The grains from the outermost caller to the grain that did not answer.</summary>
    public IReadOnlyList<GrainId> CallChain { get; }
}
