using JobHub.Runtime.Sql.Sqlite;
using Microsoft.Extensions.Hosting;

namespace JobHub.Runtime.Sql.Hosting;

/// <summary>Applies the SQLite migrations when the host starts, so a broken database stops the silo at boot.</summary>
internal sealed class SqliteStorageStartup(SqliteDatabase database) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => database.EnsureMigratedAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
