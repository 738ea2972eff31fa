namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>A node a provider is starting, and when it expects it up.</summary>
public sealed record NodeStart(string NodeId, DateTimeOffset ExpectedReadyAt);
