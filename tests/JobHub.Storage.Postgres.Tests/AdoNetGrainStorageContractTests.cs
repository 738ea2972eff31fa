using JobHub.Storage.Postgres.Tests.Infrastructure;

namespace JobHub.Storage.Postgres.Tests;

/// <summary>Orleans' own ADO.NET grain storage (<c>AddAdoNetPostgresGrainStorage</c>) on our schema and query rows.</summary>
public sealed class AdoNetGrainStorageContractTests(SiloFixture fixture)
    : GrainStorageContract(fixture, TestSilo.AdoNetStorage), IClassFixture<SiloFixture>;
