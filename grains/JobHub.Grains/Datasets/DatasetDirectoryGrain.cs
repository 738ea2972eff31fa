using System.Collections.Immutable;
using JobHub.GrainInterfaces.Datasets;
using JobHub.Grains.Identity;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Datasets;

/// <summary>A sorted list of datasets' keys (<see cref="IDatasetDirectoryGrain"/>); the grain type and state name are those it had when it listed public datasets only.</summary>
[GrainType("publicdatasets")]
internal sealed class DatasetDirectoryGrain(
    [PersistentState("publicDatasets")] IPersistentState<DatasetDirectoryState> state) : Grain, IDatasetDirectoryGrain
{
    /// <inheritdoc />
    public async Task Set(string owner, string name, bool listed)
    {
        ArgumentException.ThrowIfNullOrEmpty(owner);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var keys = state.State.Keys;
        var key = owner + "/" + name;
        var at = keys.BinarySearch(key, StringComparer.Ordinal);
        if (listed == at >= 0)
        {
            return;
        }

        if (listed)
        {
            keys.Insert(~at, key);
        }
        else
        {
            keys.RemoveAt(at);
        }

        await state.WriteOrDeactivateAsync(this);
    }

    /// <inheritdoc />
    public Task<ImmutableArray<string>> Page(string? after, int limit)
    {
        var keys = state.State.Keys;
        var start = 0;
        if (after is not null)
        {
            var at = keys.BinarySearch(after, StringComparer.Ordinal);
            start = at >= 0 ? at + 1 : ~at;
        }

        return Task.FromResult(keys.Skip(start).Take(Math.Max(0, limit)).ToImmutableArray());
    }
}
