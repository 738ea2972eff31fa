using System.Diagnostics;
using System.Globalization;
using JobHub.Benchmarks.Ledger;
using JobHub.Contracts.Billing;
using JobHub.Grains.Billing.Ledger;
using JobHub.Storage.Postgres;
using JobHub.Testing;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

// dotnet run -c Release --project benchmarks/JobHub.Benchmarks.Ledger -- 1000000 sqlite|postgres
var count = args.Length > 0 ? long.Parse(args[0], CultureInfo.InvariantCulture) : 1_000_000;
var store = args.Length > 1 ? args[1] : "sqlite";
const int Queries = 200;
const int QueriedUsers = 10;

Console.WriteLine($"billing ledger benchmark: {count:N0} entries ({SyntheticLedger.Users:N0} users, {SyntheticLedger.NodeTypes.Length} node types, {SyntheticLedger.EntriesPerJob} entries a job, over December 2026) in {store}");
var folder = Directory.CreateTempSubdirectory("jobhub-ledger-bench-").FullName;
var schema = $"jobhub_ledger_bench_{Guid.NewGuid():N}";
PostgresDatabase? database = null;
IBillingLedger ledger;
string fillMethod;
var fill = Stopwatch.StartNew();
if (store == "postgres")
{
    await PostgresTestServer.EnsureReachableAsync();
    database = new PostgresDatabase(new JobHubPostgresOptions { ConnectionString = PostgresTestServer.ConnectionString, Schema = schema });
    var postgres = new PostgresBillingLedger(database);
    ledger = postgres;
    await postgres.ReadJobAsync("none"); // creates the table (the silo's migration)
    fill.Restart();
    await CopyAsync(database, count);
    fillMethod = "COPY (binary), then ANALYZE";
}
else
{
    var sqlite = new SqliteBillingLedger(Options.Create(new SqliteBillingLedgerOptions { DataSource = Path.Combine(folder, "billing.db") }));
    ledger = sqlite;
    fill.Restart();
    await AppendAllAsync(sqlite, count);
    fillMethod = "AppendAsync, 64 tasks (group commit)";
}

fill.Stop();
Console.WriteLine($"filled in {fill.Elapsed.TotalSeconds:0.0} s ({count / fill.Elapsed.TotalSeconds:N0} entries/s) by {fillMethod}");
if (store != "postgres")
{
    Console.WriteLine($"file size: {new FileInfo(Path.Combine(folder, "billing.db")).Length / 1024.0 / 1024.0:0.0} MiB (+ WAL)");
}

// A second append of an entry already there is refused (idempotent) and does not change the totals.
if (await ledger.AppendAsync(SyntheticLedger.Entry(0)))
{
    throw new InvalidOperationException("a repeated append was written");
}

var month = (From: SyntheticLedger.Month, To: SyntheticLedger.Month.AddMonths(1));
Console.WriteLine();
Console.WriteLine("| query | queries | users | rows per report | median ms | p99 ms | max ms |");
Console.WriteLine("|---|--:|--:|--:|--:|--:|--:|");
foreach (var grouping in new[] { UsageGrouping.Job, UsageGrouping.Day, UsageGrouping.NodeType })
{
    // Warm-up: the first query of each user reads pages from disk; the figures are the steady state.
    for (var u = 0; u < QueriedUsers; u++)
    {
        await ledger.QueryUsageAsync(new UsageQuery(month.From, month.To, [SyntheticLedger.User(u * 97)], null, grouping));
    }

    var times = new List<double>(Queries);
    var rows = 0;
    for (var q = 0; q < Queries; q++)
    {
        var user = SyntheticLedger.User(q % QueriedUsers * 97);
        var watch = Stopwatch.StartNew();
        var report = await ledger.QueryUsageAsync(new UsageQuery(month.From, month.To, [user], null, grouping));
        watch.Stop();
        times.Add(watch.Elapsed.TotalMilliseconds);
        rows = report.Rows.Length;
    }

    times.Sort();
    Console.WriteLine($"| one user's month by {grouping} | {Queries} | {QueriedUsers} | {rows} | {Percentile(times, 0.5):0.00} | {Percentile(times, 0.99):0.00} | {times[^1]:0.00} |");
}

// One check that the sums are right at this size: a user's total equals the sum of their generated entries.
var checkedUser = SyntheticLedger.User(0);
var expected = 0m;
for (long i = 0; i < count; i++)
{
    var entry = SyntheticLedger.Entry(i);
    if (entry.User == checkedUser)
    {
        expected += entry.Amount;
    }
}

var total = (await ledger.QueryUsageAsync(new UsageQuery(month.From, month.To, [checkedUser], null, UsageGrouping.Job))).Amount;
Console.WriteLine();
Console.WriteLine($"check: {checkedUser}'s month is {total} in the ledger and {expected} generated: {(total == expected ? "equal" : "DIFFERENT")}");

// Appends through the store on the full ledger, as meters write them (64 at a time).
const int Appends = 10_000;
var appending = Stopwatch.StartNew();
await AppendAllAsync(ledger, Appends, first: count);
appending.Stop();
Console.WriteLine($"appends through the store on the full ledger: {Appends:N0} in {appending.Elapsed.TotalSeconds:0.00} s ({Appends / appending.Elapsed.TotalSeconds:N0} entries/s, 64 tasks)");

if (ledger is IAsyncDisposable disposable)
{
    await disposable.DisposeAsync();
}

if (database is not null)
{
    await database.DisposeAsync();
    await PostgresTestServer.DropSchemaAsync(schema);
}

Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
Directory.Delete(folder, recursive: true);
return total == expected ? 0 : 1;

static double Percentile(List<double> sorted, double p) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(p * sorted.Count) - 1)];

static async Task AppendAllAsync(IBillingLedger ledger, long count, long first = 0)
{
    const int Tasks = 64;
    var next = first - 1;
    count += first;
    await Task.WhenAll(Enumerable.Range(0, Tasks).Select(_ => Task.Run(async () =>
    {
        long i;
        while ((i = Interlocked.Increment(ref next)) < count)
        {
            await ledger.AppendAsync(SyntheticLedger.Entry(i));
        }
    })));
}

static async Task CopyAsync(PostgresDatabase database, long count)
{
    await using var connection = await database.DataSource.OpenConnectionAsync();
    await using (var writer = await connection.BeginBinaryImportAsync(
        "COPY billing_ledger (job_id, seq, user_name, project, node_type, kind, from_ticks, to_ticks, seconds, amount, recorded_ticks) FROM STDIN (FORMAT BINARY)"))
    {
        for (long i = 0; i < count; i++)
        {
            var e = SyntheticLedger.Entry(i);
            await writer.StartRowAsync();
            await writer.WriteAsync(e.JobId, NpgsqlDbType.Text);
            await writer.WriteAsync(e.Sequence, NpgsqlDbType.Integer);
            await writer.WriteAsync(e.User, NpgsqlDbType.Text);
            await writer.WriteNullAsync();
            await writer.WriteAsync(e.NodeType, NpgsqlDbType.Text);
            await writer.WriteAsync((short)e.Kind, NpgsqlDbType.Smallint);
            await writer.WriteAsync(e.From.UtcTicks, NpgsqlDbType.Bigint);
            await writer.WriteAsync(e.To.UtcTicks, NpgsqlDbType.Bigint);
            await writer.WriteAsync(e.Seconds, NpgsqlDbType.Bigint);
            await writer.WriteAsync(e.Amount, NpgsqlDbType.Numeric);
            await writer.WriteAsync(e.RecordedAt.UtcTicks, NpgsqlDbType.Bigint);
        }

        await writer.CompleteAsync();
    }

    await using var analyze = new NpgsqlCommand("ANALYZE billing_ledger", connection);
    await analyze.ExecuteNonQueryAsync();
}
