using System.Collections.Immutable;

namespace JobHub.Silo.Cluster;

/// <summary>Keeps the last <see cref="MaxKept"/> silo incarnations, newest last, in durable state.</summary>
[GrainType("silohistory")]
public sealed class SiloHistoryGrain([PersistentState("siloHistory")] IPersistentState<SiloHistoryState> state) : Grain, ISiloHistoryGrain
{
    public const string ClusterKey = "cluster";
    public const int MaxKept = 50;

    public async Task RecordStart(SiloIncarnation incarnation)
    {
        ArgumentNullException.ThrowIfNull(incarnation);
        var list = state.State.Incarnations;
        list.RemoveAll(i => i.Address == incarnation.Address);
        list.Add(incarnation);
        if (list.Count > MaxKept)
        {
            list.RemoveRange(0, list.Count - MaxKept);
        }

        await state.WriteStateAsync();
    }

    public async Task RecordStop(string address, DateTimeOffset stoppedAt)
    {
        var list = state.State.Incarnations;
        var index = list.FindIndex(i => i.Address == address);
        if (index >= 0 && list[index].StoppedAt is null)
        {
            list[index] = list[index] with { StoppedAt = stoppedAt };
            await state.WriteStateAsync();
        }
    }

    public Task<ImmutableArray<SiloIncarnation>> GetIncarnations() => Task.FromResult(state.State.Incarnations.ToImmutableArray());
}
