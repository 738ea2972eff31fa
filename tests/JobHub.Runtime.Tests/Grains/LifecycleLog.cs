using System.Collections.Concurrent;

namespace JobHub.Runtime.Tests.Grains;

/// <summary>A DI singleton the lifecycle grains write to, so tests see activations come and go.</summary>
public sealed class LifecycleLog
{
    public ConcurrentQueue<string> Events { get; } = new();

    public ConcurrentDictionary<string, int> ActivationFailuresLeft { get; } = new();

    public int Count(string evt) => Events.Count(e => e == evt);
}
