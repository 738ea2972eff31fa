namespace JobHub.Runtime;

/// <summary>A grain interface has a member the runtime cannot call; the message names each interface and method.</summary>
public sealed class GrainInterfaceValidationException : JobHubConfigurationException
{
    public GrainInterfaceValidationException(IReadOnlyList<string> problems)
        : base("Invalid grain interfaces:" + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
