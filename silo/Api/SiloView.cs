namespace JobHub.Silo.Api;

/// <summary>The identity of one silo as the API shows it; <see cref="Id"/> is the incarnation's address (host:port@generation).</summary>
public sealed record SiloView(string Id, string Name, string Address, DateTimeOffset StartTime, string Version, string Status);
