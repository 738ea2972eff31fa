using System.Collections.Immutable;
using JobHub.GrainInterfaces.Billing;
using Microsoft.Extensions.Options;
using Orleans;

namespace JobHub.Grains.Billing;

/// <summary>
/// This silo's copy of the <see cref="IQuotaDirectoryGrain"/>'s set, read again once it is older than
/// <see cref="BillingOptions.QuotaDirectoryRefresh"/> (one caller reads, the others wait for that read). An account whose
/// quota changes on this silo drops the copy at once; other silos see the change within the refresh interval, and the
/// account makes up for what they missed meanwhile (docs/billing.md, "Quotas").
/// </summary>
internal sealed class QuotaDirectoryCache(IGrainFactory grains, IOptions<BillingOptions> billing, TimeProvider time)
{
    private readonly Lock _lock = new();
    private Task<ImmutableHashSet<string>>? _reading;
    private long _readAt;

    /// <summary>The accounts with a quota, as of at most one refresh interval ago.</summary>
    public Task<ImmutableHashSet<string>> AccountsWithQuotaAsync()
    {
        lock (_lock)
        {
            var reading = _reading;
            if (reading is null || reading.IsFaulted || reading.IsCanceled
                || (reading.IsCompletedSuccessfully && time.GetElapsedTime(_readAt) >= billing.Value.QuotaDirectoryRefresh))
            {
                _readAt = time.GetTimestamp();
                _reading = reading = grains.GetGrain<IQuotaDirectoryGrain>(IQuotaDirectoryGrain.Key).AccountsWithQuota();
            }

            return reading;
        }
    }

    /// <summary>Forgets the copy: the next caller reads the directory.</summary>
    public void Invalidate()
    {
        lock (_lock)
        {
            _reading = null;
        }
    }
}
