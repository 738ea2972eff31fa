namespace JobHub.Grains.Billing.Ledger;

/// <summary>
/// How precise a ledger amount may be. Every store keeps amounts exactly to <see cref="Decimals"/> places (SQLite as
/// integer micro-units, PostgreSQL as <c>numeric</c>, memory as <see cref="decimal"/>) and refuses an entry with more,
/// so the three stores always agree to the last digit. A meter rounds each entry (<see cref="Round"/>) and lets a later
/// entry carry the remainder.
/// </summary>
public static class LedgerAmounts
{
    /// <summary>Decimal places an amount may have (6: micro-units of the currency).</summary>
    public const int Decimals = 6;

    /// <summary>The largest amount of one entry, either sign (a trillion, so that sums of many entries stay exact in 64-bit micro-units).</summary>
    public const decimal MaxEntryAmount = 1_000_000_000_000m;

    /// <summary>Micro-units per currency unit.</summary>
    internal const long Scale = 1_000_000;

    /// <summary><paramref name="amount"/> rounded to <see cref="Decimals"/> places, halves away from zero.</summary>
    public static decimal Round(decimal amount) => Math.Round(amount, Decimals, MidpointRounding.AwayFromZero);

    /// <summary>True when <paramref name="amount"/> has at most <see cref="Decimals"/> places and lies within <see cref="MaxEntryAmount"/>.</summary>
    public static bool IsValid(decimal amount) => Math.Abs(amount) <= MaxEntryAmount && Round(amount) == amount;

    /// <summary>The amount in micro-units (it must be <see cref="IsValid"/>).</summary>
    internal static long ToMicros(decimal amount) => decimal.ToInt64(amount * Scale);

    /// <summary>An amount from micro-units, with trailing zeros dropped.</summary>
    internal static decimal FromMicros(long micros) => Normalise((decimal)micros / Scale);

    /// <summary>The same value without trailing zeros (1.500000 → 1.5), so every store hands back equal-looking amounts.</summary>
    internal static decimal Normalise(decimal amount) => amount / 1.000000000000000000000000000000000m;
}
