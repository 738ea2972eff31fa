namespace JobHub.Runtime.Core;

/// <summary>A continuation of grain code posted back to its activation.</summary>
internal sealed class PostedCallback(SendOrPostCallback callback, object? state)
{
    public void Run() => callback(state);
}
