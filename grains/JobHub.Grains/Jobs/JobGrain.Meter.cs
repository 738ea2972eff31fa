using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Billing;
using JobHub.Grains.Billing.Ledger;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Grains.Jobs;

/// <summary>
/// The job meter (docs/billing.md): charges the job from the moment it runs (its master process started; for a fixed
/// pool, once its minimum of workers ran) until its last process ended, by the second, at the job's price per hour.
/// </summary>
/// <remarks>
/// Every charge is cumulative: an entry carries round(seconds so far × price ÷ 3600, 6) less what the ledger already
/// holds, so the job's entries sum exactly to the charge of its total seconds however many there are. Entries are
/// numbered; the ledger refuses a number it holds, and the meter then reads the ledger back and charges the difference,
/// so a retried or repeated write never counts twice. A new activation that finds the meter open reads the ledger back
/// first and, when the job's processes ended meanwhile, settles from their timestamps with a correction.
/// </remarks>
internal sealed partial class JobGrain
{
    private IGrainTimer? _meterTimer;

    /// <summary>True in an activation that found the meter open: the ledger may hold more than the state says.</summary>
    private bool _meterResync;

    /// <summary>True in an activation that found the meter open: its end is taken from the processes' timestamps.</summary>
    private bool _meterRecovered;

    private JobMeterState M => S.Meter;

    /// <summary>Called as the job becomes running: charging begins now, at the job's price.</summary>
    private void StartMeter(DateTimeOffset at)
    {
        if (M.StartedAt is not null)
        {
            return;
        }

        M.StartedAt = at;
        M.ChargedUntil = at;
        M.PricePerHour = catalog.Find(Spec.NodeType) is { } nodeType ? JobPricing.PricePerHour(Spec, nodeType) : 0m;
    }

    /// <summary>An activation of a job whose meter is open: read the ledger before charging, settle the end from the processes.</summary>
    private void RecoverMeterOnActivation()
    {
        if (S.Spec is not null && M.StartedAt is not null && !M.Closed)
        {
            _meterResync = true;
            _meterRecovered = true;
        }
    }

    /// <summary>
    /// Charges what is due: the seconds so far while a process runs, or the final charge (the last seconds and the top-up
    /// to the minimum) once the job ended and its last process is over. Safe to call any time; saves nothing itself.
    /// </summary>
    private async Task MeterAsync()
    {
        if (S.Spec is null || M.Closed)
        {
            return;
        }

        var over = S.State.IsTerminal() && S.Workers.Values.All(w => w.Status.IsTerminal());
        if (M.StartedAt is null)
        {
            if (S.StartedAt is { } started)
            {
                StartMeter(started); // a job from before the meter, or one whose start the meter missed
            }
            else
            {
                // Never ran: queueing and waiting for a fixed pool's minimum are free, and no minimum applies.
                M.Closed = over;
                return;
            }
        }

        if (_meterResync)
        {
            await ResyncMeterAsync();
            if (M.Closed)
            {
                return;
            }
        }

        var start = M.StartedAt!.Value;
        if (!over)
        {
            var now = meterClock.GetUtcNow();
            await ChargeAsync(LedgerEntryKind.Usage, now, JobPricing.WholeSeconds(now - start));
            await StopAtCostLimitAsync();
            return;
        }

        var end = _meterRecovered ? ProcessesEndedAt(start) : meterClock.GetUtcNow();
        if (end < start)
        {
            end = start;
        }

        M.EndedAt = end;
        await ChargeAsync(_meterRecovered ? LedgerEntryKind.Correction : LedgerEntryKind.Usage, end, JobPricing.WholeSeconds(end - start));
        M.UsageSeconds = M.ChargedSeconds;

        // Always written, 0 when the job ran longer than the minimum: the entry that marks the job's charge final.
        var minimum = JobPricing.WholeSeconds(billing.Value.MinimumCharge);
        await ChargeAsync(LedgerEntryKind.Minimum, end, Math.Max(minimum, M.ChargedSeconds), always: true);
        M.Closed = true;
        _meterTimer?.Dispose();
        _meterTimer = null;
    }

    /// <summary>
    /// Appends the entry that brings the job's charge to <paramref name="cumulativeSeconds"/> in all. A sequence number
    /// already taken (an earlier try that did write, or another activation) reads the ledger back and tries once more.
    /// </summary>
    private async Task ChargeAsync(LedgerEntryKind kind, DateTimeOffset at, long cumulativeSeconds, bool always = false)
    {
        for (var attempt = 1; ; attempt++)
        {
            var amount = JobPricing.Amount(cumulativeSeconds, M.PricePerHour);
            var seconds = cumulativeSeconds - M.ChargedSeconds;
            var delta = amount - M.ChargedAmount;
            if (seconds == 0 && delta == 0 && !always)
            {
                return;
            }

            var entryKind = kind == LedgerEntryKind.Usage && seconds < 0 ? LedgerEntryKind.Correction : kind;
            var from = entryKind == LedgerEntryKind.Usage ? M.ChargedUntil ?? at : at;
            var entry = new LedgerEntry(
                JobId, M.LastSequence + 1, S.Owner!, Spec.Project, Spec.NodeType, entryKind, from > at ? at : from, at, seconds, delta, meterClock.GetUtcNow());
            if (await ledger.AppendAsync(entry))
            {
                M.LastSequence = entry.Sequence;
                M.ChargedSeconds = cumulativeSeconds;
                M.ChargedAmount = amount;
                if (entryKind != LedgerEntryKind.Minimum)
                {
                    M.ChargedUntil = at;
                }

                return;
            }

            if (attempt == 2)
            {
                throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Job '{JobId}': ledger entry {entry.Sequence} is taken twice in a row; another activation is metering this job."));
            }

            await ResyncMeterAsync();
            if (M.Closed)
            {
                return;
            }
        }
    }

    /// <summary>Reads back what the ledger holds for the job (the truth; the state may lag it after a crash).</summary>
    private async Task ResyncMeterAsync()
    {
        var entries = await ledger.ReadJobAsync(JobId);
        M.LastSequence = entries.Count == 0 ? 0 : entries.Max(e => e.Sequence);
        M.ChargedSeconds = entries.Sum(e => e.Seconds);
        M.ChargedAmount = entries.Sum(e => e.Amount);
        M.UsageSeconds = entries.Where(e => e.Kind != LedgerEntryKind.Minimum).Sum(e => e.Seconds);
        M.ChargedUntil = entries.Where(e => e.Kind == LedgerEntryKind.Usage).Select(e => (DateTimeOffset?)e.To).Max() ?? M.StartedAt;
        if (entries.FirstOrDefault(e => e.Kind == LedgerEntryKind.Minimum) is { } closing)
        {
            M.EndedAt ??= closing.To;
            M.Closed = true;
        }

        _meterResync = false;
    }

    /// <summary>When the job's last process ended, by its worker's report; the meter's last charge when none tells.</summary>
    private DateTimeOffset ProcessesEndedAt(DateTimeOffset start)
    {
        var ends = S.Workers.Values.Where(w => w.StartedAt is not null && w.Status.IsTerminal()).Select(w => w.Since).ToList();
        return ends.Count > 0 ? ends.Max() : M.ChargedUntil ?? start;
    }

    private async Task StopAtCostLimitAsync()
    {
        if (Spec.CostLimit is { } limit && !S.State.IsTerminal() && M.ChargedAmount >= limit)
        {
            await EndAsync(JobState.CostLimitReached, string.Create(CultureInfo.InvariantCulture, $"cost limit of {limit} {billing.Value.Currency} reached"));
        }
    }

    /// <summary>Arms the next charge of an open meter: each <see cref="BillingOptions.MeterInterval"/>, sooner when the cost limit comes first.</summary>
    private void ArmMeter()
    {
        if (_meterTimer is not null || S.Spec is null || M.StartedAt is null || M.Closed)
        {
            return;
        }

        _meterTimer = this.RegisterGrainTimer(OnMeterTickAsync, NextMeterDue(), Timeout.InfiniteTimeSpan);
    }

    private TimeSpan NextMeterDue()
    {
        var interval = billing.Value.MeterInterval;
        if (Spec.CostLimit is not { } limit || M.PricePerHour <= 0 || M.StartedAt is not { } start || S.State.IsTerminal())
        {
            return interval;
        }

        var secondsToLimit = Math.Ceiling(limit * 3600m / M.PricePerHour) - JobPricing.WholeSeconds(meterClock.GetUtcNow() - start);
        return secondsToLimit >= (decimal)interval.TotalSeconds ? interval : TimeSpan.FromSeconds((double)Math.Max(0m, secondsToLimit));
    }

    private async Task OnMeterTickAsync(CancellationToken cancellationToken)
    {
        _meterTimer?.Dispose();
        _meterTimer = null;
        try
        {
            var wasOpen = !M.Closed;
            await MeterAsync();
            if (wasOpen && M.Closed)
            {
                await SaveAsync();
                await ReleaseFinishedAsync(); // when an earlier release waited for the final charge
            }
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            LogMeterFailed(logger, ex, JobId);
        }

        ArmMeter();
    }

    /// <summary>The job's charge so far: the final one once the meter closed, else the seconds it has run at its price.</summary>
    private (decimal Cost, long Seconds) MeterReading()
    {
        if (M.Closed)
        {
            return (M.ChargedAmount, M.ChargedSeconds);
        }

        if (M.StartedAt is not { } start)
        {
            return (0m, 0);
        }

        var seconds = JobPricing.WholeSeconds((M.EndedAt ?? meterClock.GetUtcNow()) - start);
        return (JobPricing.Amount(seconds, M.PricePerHour), seconds);
    }

    /// <summary>The job's price per hour: fixed once it runs, else what it would be now.</summary>
    private decimal MeterPricePerHour() =>
        M.StartedAt is not null ? M.PricePerHour
        : S.Spec is not null && catalog.Find(S.Spec.NodeType) is { } nodeType ? JobPricing.PricePerHour(S.Spec, nodeType) : 0m;

    /// <summary><see cref="MeterAsync"/> at a state change, where a ledger that cannot be written must not stop the change (the next charge covers it).</summary>
    private async Task TryMeterAsync()
    {
        try
        {
            await MeterAsync();
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            LogMeterFailed(logger, ex, JobId);
        }
    }
}
