using JobHub.Runtime.Sql.Postgres;
using Microsoft.Extensions.Hosting;

namespace JobHub.Runtime.Sql.Hosting;

/// <summary>Applies the PostgreSQL migrations when the host starts, so an unreachable database stops the silo at boot.</summary>
internal sealed class PostgresStorageStartup(PostgresDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
