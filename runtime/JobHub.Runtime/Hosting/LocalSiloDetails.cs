namespace JobHub.Runtime.Hosting;

/// <summary>Who this silo is: its name, address (incarnation) and when it started.</summary>
public sealed record LocalSiloDetails(string Name, SiloAddress Address, DateTimeOffset StartTime, string Version);
