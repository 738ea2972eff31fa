using System.Collections.Immutable;
using JobHub.GrainInterfaces.Billing;
using Orleans;
using Orleans.Runtime;

namespace JobHub.Grains.Billing;

/// <summary>The cluster's set of accounts with a quota (<see cref="IQuotaDirectoryGrain"/>), durable in grain storage.</summary>
[GrainType("quotadirectory")]
internal sealed class QuotaDirectoryGrain(
    [PersistentState("quotaDirectory")] IPersistentState<QuotaDirectoryState> state) : Grain, IQuotaDirectoryGrain
{
    private ImmutableHashSet<string>? _snapshot;

    /// <inheritdoc />
    public Task<ImmutableHashSet<string>> AccountsWithQuota() =>
        Task.FromResult(_snapshot ??= state.State.Accounts.ToImmutableHashSet(StringComparer.Ordinal));

    /// <inheritdoc />
    public async Task SetHasQuota(string account, bool hasQuota)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        var changed = hasQuota ? state.State.Accounts.Add(account) : state.State.Accounts.Remove(account);
        if (changed)
        {
            _snapshot = null;
            await state.WriteStateAsync();
        }
    }
}
