using Orleans;

namespace JobHub.GrainInterfaces.Identity;

/// <summary>The two admin tokens the silo registers itself; neither expires.</summary>
[GenerateSerializer]
[Alias("jobhub.BootstrapTokenKind")]
public enum BootstrapTokenKind
{
    /// <summary><c>JobHub:Identity:BootstrapAdminToken</c>: registered at every start; a changed value replaces (revokes) the previous one.</summary>
    Configured = 0,

    /// <summary>The token written to the admin token file at the first start without a configured token; issued once, ever.</summary>
    FirstStart = 1,
}
