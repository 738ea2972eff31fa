using JobHub.Runtime.Core;
using Microsoft.Extensions.DependencyInjection;

namespace JobHub.Runtime.Storage;

/// <summary>Creates the <see cref="IPersistentState{TState}"/> for a [PersistentState] constructor parameter of the grain being built.</summary>
internal static class PersistentStateFactory
{
    public static IPersistentState<TState> Create<TState>(IServiceProvider services, PersistentStateAttribute attribute)
        where TState : new()
    {
        var activation = Activation.Constructing
            ?? throw new InvalidOperationException("Persistent state can only be created while the runtime constructs a grain.");
        var storage = services.GetKeyedService<IGrainStorage>(attribute.StorageName)
            ?? throw new InvalidOperationException(
                $"Grain {activation.GrainId} wants state '{attribute.StateName}' from storage '{attribute.StorageName}', but no such storage is registered " +
                "(UseSqliteStorage, UsePostgresStorage or UseMemoryStorage).");
        var state = new PersistentState<TState>(activation, storage, attribute.StateName, services.GetRequiredService<RuntimeClient>().Copier.Json);
        activation.AddParticipant(state);
        return state;
    }
}
