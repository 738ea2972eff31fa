using Microsoft.Extensions.DependencyInjection;
using JobHub.Runtime.Sql.Sqlite;
using Microsoft.Extensions.Hosting;

namespace JobHub.Runtime.Sql.Hosting;

/// <summary>Applies the SQLite migrations when the host starts, so a broken database stops the silo at boot.</summary>
// Resolved at start so that options validation (which runs after hosted services are built) reports bad settings first.
internal sealed class SqliteStorageStartup(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => services.GetRequiredService<SqliteDatabase>().EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
