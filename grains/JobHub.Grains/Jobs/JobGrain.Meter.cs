using System.Globalization;
using JobHub.Contracts.Jobs;
using JobHub.Grains.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Grains.Nodes;
using Orleans;
using Orleans.Runtime;
using Orleans.Storage;

namespace JobHub.Grains.Jobs;

/// <summary>
/// The job meter (docs/billing.md): charges the job from the moment it runs (its master process started; for a fixed
/// pool, once its minimum of workers ran) until its last process ended, by the second, at the job's price per hour. An
/// elastic job's workers come and go (a scaler, restarts): it is charged for the master's seconds and each worker's
/// own, by the process.
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
        if (catalog.Find(Spec.NodeType) is not { } nodeType)
        {
            return;
        }

        if (Elastic)
        {
            // The minimum is charged at the price of what the job started with: its master and first workers.
            var workerNodeType = catalog.Find(NodeTypeCatalog.WorkerNodeTypeOf(Spec)) ?? nodeType;
            M.ProcessPricePerHour = JobPricing.ProcessPricePerHour(Spec, nodeType);
            M.WorkerProcessPricePerHour = workerNodeType == nodeType ? 0m : JobPricing.ProcessPricePerHour(Spec, workerNodeType);
            M.PricePerHour = JobPricing.PricePerHour(Spec, nodeType, workerNodeType, 1 + (S.ScaledWorkers ?? WorkerCount));
        }
        else
        {
            M.PricePerHour = JobPricing.PricePerHour(Spec, nodeType);
        }
    }

    /// <summary>The job's charge from its start until <paramref name="at"/>: its whole seconds, and their amount.</summary>
    private (long Seconds, decimal Amount) DueAt(DateTimeOffset start, DateTimeOffset at)
    {
        var seconds = JobPricing.WholeSeconds(at - start);
        if (M.ProcessPricePerHour == 0m)
        {
            return (seconds, JobPricing.Amount(seconds, M.PricePerHour));
        }

        var workerSeconds = M.EndedWorkerSeconds + S.Workers.Values.Where(w => w.Index > 0).Sum(w => WorkerSeconds(w, start, at));
        return M.WorkerProcessPricePerHour == 0m
            ? (seconds, JobPricing.Amount(seconds + workerSeconds, M.ProcessPricePerHour))
            : (seconds, JobPricing.Amount(seconds, M.ProcessPricePerHour) + JobPricing.Amount(workerSeconds, M.WorkerProcessPricePerHour));
    }

    /// <summary>The whole seconds worker <paramref name="worker"/>'s current run held its share, within the meter's span.</summary>
    private static long WorkerSeconds(WorkerInfo worker, DateTimeOffset meterStart, DateTimeOffset at)
    {
        if (worker.StartedAt is not { } started)
        {
            return 0;
        }

        var from = started > meterStart ? started : meterStart;
        var to = worker.Status.IsTerminal() && worker.Since < at ? worker.Since : at;
        return JobPricing.WholeSeconds(to - from);
    }

    /// <summary>
    /// Before an elastic job's worker slot runs again (a restart, a re-used slot): keeps the seconds its run so far
    /// held, which its next report no longer tells.
    /// </summary>
    private void KeepEndedWorkerSeconds(WorkerInfo? known, WorkerInfo next)
    {
        if (known?.StartedAt is not { } started || next.StartedAt == started || known.Index == 0
            || M.ProcessPricePerHour == 0m || M.StartedAt is not { } meterStart || M.Closed)
        {
            return;
        }

        var end = known.Status.IsTerminal() ? known.Since : next.StartedAt ?? next.Since;
        M.EndedWorkerSeconds += WorkerSeconds(known with { Status = WorkerStatus.Exited, Since = end }, meterStart, end);
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
            var (seconds, amount) = DueAt(start, now);
            await ChargeAsync(LedgerEntryKind.Usage, now, seconds, amount);
            await StopAtCostLimitAsync();
            return;
        }

        var end = _meterRecovered ? ProcessesEndedAt(start) : meterClock.GetUtcNow();
        if (end < start)
        {
            end = start;
        }

        M.EndedAt = end;
        var (total, totalAmount) = DueAt(start, end);
        await ChargeAsync(_meterRecovered ? LedgerEntryKind.Correction : LedgerEntryKind.Usage, end, total, totalAmount);
        M.UsageSeconds = M.ChargedSeconds;

        // Always written, 0 when the job ran longer than the minimum: the entry that marks the job's charge final.
        var minimum = JobPricing.WholeSeconds(billing.Value.MinimumCharge);
        var minimumAmount = JobPricing.Amount(minimum, M.PricePerHour);
        await ChargeAsync(LedgerEntryKind.Minimum, end, Math.Max(minimum, M.ChargedSeconds), Math.Max(minimumAmount, M.ChargedAmount), always: true);
        M.Closed = true;
        _meterTimer?.Dispose();
        _meterTimer = null;
    }

    /// <summary>
    /// Appends the entry that brings the job's charge to <paramref name="cumulativeSeconds"/> and
    /// <paramref name="amount"/> in all. A sequence number already taken (an earlier try that did write, or another
    /// activation) reads the ledger back and tries once more.
    /// </summary>
    private async Task ChargeAsync(LedgerEntryKind kind, DateTimeOffset at, long cumulativeSeconds, decimal amount, bool always = false)
    {
        for (var attempt = 1; ; attempt++)
        {
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
        var rate = MeterPricePerHour();
        if (Spec.CostLimit is not { } limit || rate <= 0 || M.StartedAt is not { } start || S.State.IsTerminal())
        {
            return interval;
        }

        var secondsToLimit = Math.Ceiling((limit - DueAt(start, meterClock.GetUtcNow()).Amount) * 3600m / rate);
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

        var (seconds, amount) = DueAt(start, M.EndedAt ?? meterClock.GetUtcNow());
        return (amount, seconds);
    }

    /// <summary>
    /// The job's price per hour: fixed once it runs (an elastic job's: that of its master and the workers running now),
    /// else what it would be now.
    /// </summary>
    private decimal MeterPricePerHour() =>
        M.StartedAt is not null
            ? M.ProcessPricePerHour == 0m ? M.PricePerHour
                : M.ProcessPricePerHour + (M.WorkerProcessPricePerHour == 0m ? M.ProcessPricePerHour : M.WorkerProcessPricePerHour) * RunningWorkers()
        : S.Spec is not null ? estimator.PricePerHour(S.Spec) : 0m;

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
