using Microsoft.Extensions.DependencyInjection;
using JobHub.Runtime.Sql.Postgres;
using Microsoft.Extensions.Hosting;

namespace JobHub.Runtime.Sql.Hosting;

/// <summary>Applies the PostgreSQL migrations when the host starts, so an unreachable database stops the silo at boot.</summary>
// Resolved at start so that options validation (which runs after hosted services are built) reports bad settings first.
internal sealed class PostgresStorageStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.GetRequiredService<PostgresDatabase>().EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
