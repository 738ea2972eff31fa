namespace JobHub.Silo.Api;

/// <summary>The silo that answered a request.</summary>
/// <param name="Id">Its silo address (<c>host:port@generation</c>), unique per run.</param>
/// <param name="Name">Its name (<c>JobHub:Silo:Name</c>).</param>
/// <param name="Address">Its silo-to-silo endpoint (same as <paramref name="Id"/>).</param>
/// <param name="Gateway">The endpoint cluster clients connect to.</param>
/// <param name="Version">The JobHub version it runs.</param>
/// <param name="Status"><c>active</c>, or <c>stopping</c> during a graceful stop.</param>
public sealed record SiloView(string Id, string Name, string Address, string? Gateway, string Version, string Status);
