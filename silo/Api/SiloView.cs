namespace JobHub.Silo.Api;

/// <summary>The identity of one silo as the API shows it.</summary>
public sealed record SiloView(string Name, string Address, DateTimeOffset StartTime, string Version, string Status);
