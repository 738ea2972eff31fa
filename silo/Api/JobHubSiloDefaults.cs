namespace JobHub.Silo.Api;

/// <summary>Fixed names of the embedded single-user silo.</summary>
internal static class JobHubSiloDefaults
{
    /// <summary>The one user of an embedded silo until accounts and permissions arrive.</summary>
    public const string LocalUser = "local";
}
