namespace JobHub.Grains.Autoscaling.Providers;

/// <summary>A provider's report about one node.</summary>
public sealed record NodeProviderEvent(string NodeId, string Pool, NodeProviderEventKind Kind, string Reason, DateTimeOffset At);
