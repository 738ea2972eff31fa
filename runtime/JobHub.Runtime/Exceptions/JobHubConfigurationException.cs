namespace JobHub.Runtime;

/// <summary>The root of errors in how the runtime was set up (found at start-up, not at a call).</summary>
public abstract class JobHubConfigurationException : JobHubException
{
    protected JobHubConfigurationException(string message)
        : base(message)
    {
    }
}
