using System.Globalization;
using Orleans;

namespace JobHub.GrainInterfaces.Billing;

/// <summary>A submission would pass an account's monthly spending quota; nothing was created. The figures say by how much.</summary>
[GenerateSerializer]
[Alias("jobhub.QuotaExceededException")]
public sealed class QuotaExceededException : JobHubException
{
    /// <summary>Refuses a job whose <paramref name="estimate"/> does not fit in what <paramref name="account"/> has left.</summary>
    public QuotaExceededException(string account, decimal limit, decimal spent, decimal reserved, decimal estimate, string currency)
        : base(string.Create(
            CultureInfo.InvariantCulture,
            $"The job's estimate at its time limit ({estimate} {currency}) is more than {account} has left this month: its quota is {limit} {currency}, {spent} {currency} spent and {reserved} {currency} reserved by running jobs, {Math.Max(0, limit - spent - reserved)} {currency} left."))
    {
        Account = account;
        Limit = limit;
        Spent = spent;
        Reserved = reserved;
        Estimate = estimate;
        Currency = currency;
    }

    /// <summary>The account whose quota it would pass.</summary>
    [Id(0)]
    public string Account { get; }

    /// <summary>Its monthly limit.</summary>
    [Id(1)]
    public decimal Limit { get; }

    /// <summary>Spent this month.</summary>
    [Id(2)]
    public decimal Spent { get; }

    /// <summary>Reserved by its live jobs.</summary>
    [Id(3)]
    public decimal Reserved { get; }

    /// <summary>The refused job's estimate at its time limit.</summary>
    [Id(4)]
    public decimal Estimate { get; }

    /// <summary>The currency of the amounts.</summary>
    [Id(5)]
    public string Currency { get; }
}
