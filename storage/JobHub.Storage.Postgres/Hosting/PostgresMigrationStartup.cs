using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Storage.Postgres.Internal;

/// <summary>
/// Applies the registered migration sets at the very first silo lifecycle stage, before Orleans' providers read their
/// queries or tables: an unreachable database or a failed migration stops the silo at start with the error.
/// </summary>
internal sealed class PostgresMigrationStartup(IServiceProvider services, IEnumerable<PostgresMigrationRegistration> registrations) : ILifecycleParticipant<ISiloLifecycle>
{
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(PostgresMigrationStartup), ServiceLifecycleStage.First, StartAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var registry = services.GetRequiredService<PostgresDatabaseRegistry>();
        foreach (var registration in registrations.DistinctBy(r => r.Key))
        {
            var database = registry.Get(registration.Options(services));
            await database.EnsureMigratedAsync(registration.Set, cancellationToken).ConfigureAwait(false);
        }
    }
}
