using Orleans;

namespace JobHub.Grains.Jobs;

/// <summary>
/// The job meter's part of the job's state: when charging began and what the ledger holds for the job. The ledger is the
/// truth; this is its cache, read back from the ledger when an append finds its sequence number taken or a new
/// activation finds the meter open (docs/billing.md, "Durability").
/// </summary>
[GenerateSerializer]
[Alias("jobhub.JobMeterState")]
internal sealed class JobMeterState
{
    /// <summary>When charging began (the meter clock when the job was seen running); null until then.</summary>
    [Id(0)]
    public DateTimeOffset? StartedAt { get; set; }

    /// <summary>The job's price for one hour, fixed when the meter started.</summary>
    [Id(1)]
    public decimal PricePerHour { get; set; }

    /// <summary>The sequence number of the job's last ledger entry (0: none yet).</summary>
    [Id(2)]
    public int LastSequence { get; set; }

    /// <summary>Seconds the ledger charges the job for so far (the sum of its entries' seconds).</summary>
    [Id(3)]
    public long ChargedSeconds { get; set; }

    /// <summary>The sum of the job's ledger entries so far.</summary>
    [Id(4)]
    public decimal ChargedAmount { get; set; }

    /// <summary>The end of the last span charged for.</summary>
    [Id(5)]
    public DateTimeOffset? ChargedUntil { get; set; }

    /// <summary>When charging ended (the job's last process ended); null while it runs.</summary>
    [Id(6)]
    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>True once the final entries (the last usage and the top-up to the minimum) are in the ledger.</summary>
    [Id(7)]
    public bool Closed { get; set; }

    /// <summary>True once the accounts charged were told the final charge (their quota reservations released).</summary>
    [Id(8)]
    public bool Settled { get; set; }

    /// <summary>The seconds charged for time the processes ran (without the top-up to the minimum).</summary>
    [Id(9)]
    public long UsageSeconds { get; set; }

    /// <summary>
    /// An elastic job's price of one process for one hour: its workers are charged for the seconds each ran, at this
    /// price (0 for other jobs, charged for their whole reservation at <see cref="PricePerHour"/>).
    /// </summary>
    [Id(10)]
    public decimal ProcessPricePerHour { get; set; }

    /// <summary>An elastic job's whole seconds of worker runs that ended before their slot ran again (a restart, a re-used slot).</summary>
    [Id(11)]
    public long EndedWorkerSeconds { get; set; }

    /// <summary>
    /// An elastic job's price of one worker for one hour when its workers run on another pool than its master
    /// (<see cref="JobHub.Contracts.Jobs.DistributedSpec.WorkerNodeType"/>); 0 when they run on the master's, at
    /// <see cref="ProcessPricePerHour"/>.
    /// </summary>
    [Id(12)]
    public decimal WorkerProcessPricePerHour { get; set; }
}
