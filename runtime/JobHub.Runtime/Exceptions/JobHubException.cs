namespace JobHub.Runtime;

/// <summary>The root of every exception the JobHub runtime raises on purpose.</summary>
public abstract class JobHubException : Exception
{
    protected JobHubException(string message)
        : base(message)
    {
    }

    protected JobHubException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
