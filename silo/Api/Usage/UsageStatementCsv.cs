using System.Globalization;
using System.Text;
using JobHub.Grains.Billing.Ledger;

namespace JobHub.Silo.Api.Usage;

/// <summary>
/// Writes a statement as CSV (RFC 4180, UTF-8, CRLF), entry by entry as the ledger streams them: a header row, one row
/// per ledger entry, then a row whose <c>date</c> is <c>total</c> and whose <c>seconds</c> and <c>amount</c> are the
/// sums of the rows above (docs/billing.md, "Statements").
/// </summary>
internal static class UsageStatementCsv
{
    public const string Header = "date,job_id,sequence,kind,node_type,project,from,to,seconds,amount,recorded_at";

    public static async Task WriteAsync(Stream body, IAsyncEnumerable<LedgerEntry> entries, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 16 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(Header).ConfigureAwait(false);
        long seconds = 0;
        var amount = 0m;
        await foreach (var entry in entries.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            seconds += entry.Seconds;
            amount += entry.Amount;
            await writer.WriteLineAsync(Row(entry)).ConfigureAwait(false);
        }

        await writer.WriteLineAsync($"total,,,,,,,,{seconds.ToString(CultureInfo.InvariantCulture)},{Amount(amount)},").ConfigureAwait(false);
        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>An amount as the statement writes it: six decimal places, '.' as the separator.</summary>
    public static string Amount(decimal amount) => amount.ToString("0.000000", CultureInfo.InvariantCulture);

    private static string Row(LedgerEntry entry) => string.Join(',',
        entry.To.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Field(entry.JobId),
        entry.Sequence.ToString(CultureInfo.InvariantCulture),
        entry.Kind.ToString().ToLowerInvariant(),
        Field(entry.NodeType),
        Field(entry.Project ?? string.Empty),
        Time(entry.From),
        Time(entry.To),
        entry.Seconds.ToString(CultureInfo.InvariantCulture),
        Amount(entry.Amount),
        Time(entry.RecordedAt));

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>
    /// A text field, quoted when it holds a separator, a quote or a line break; a leading = + - @ is prefixed with a
    /// quote mark so a spreadsheet never runs it as a formula.
    /// </summary>
    private static string Field(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@')
        {
            value = "'" + value;
        }

        return value.AsSpan().IndexOfAny(",\"\r\n") < 0 ? value : "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
