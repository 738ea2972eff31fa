namespace JobHub.Silo.Cluster;

/// <summary>The JobHub version this silo runs (the assembly's version).</summary>
internal static class SiloVersion
{
    public static string Current { get; } = typeof(SiloVersion).Assembly.GetName().Version?.ToString() ?? "0.0.0";
}
