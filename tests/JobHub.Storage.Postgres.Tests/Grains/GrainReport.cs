namespace JobHub.Storage.Postgres.Tests.Grains;

/// <summary>What <see cref="IPersistentTestGrain"/> answers.</summary>
[GenerateSerializer]
[Alias("jobhub.tests.GrainReport")]
[Immutable]
public sealed record GrainReport([property: Id(0)] string? Value, [property: Id(1)] string Silo, [property: Id(2)] string? ETag);
