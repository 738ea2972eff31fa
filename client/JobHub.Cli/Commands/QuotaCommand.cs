using System.CommandLine;
using System.Globalization;
using JobHub.Cli.Output;
using JobHub.Contracts.Billing;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub quota show [account]</c> and <c>jobhub quota set &lt;account&gt; &lt;limit|none&gt;</c>: monthly spending quotas.</summary>
internal static class QuotaCommand
{
    public static Command Create(GlobalOptions global)
    {
        var json = new Option<bool>("--json") { Description = "Print the quota as JSON" };
        var showAccount = new Argument<string?>("account") { Description = "user:NAME or group:REALM/NAME (admins only); without it, your own", Arity = ArgumentArity.ZeroOrOne };
        var show = new Command("show", "Show a monthly quota with this month's spent and reserved amounts") { showAccount, json };
        show.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var quota = parse.GetValue(showAccount) is { } account
                ? await client.GetQuotaAsync(account, cancellationToken)
                : await client.GetOwnQuotaAsync(cancellationToken);
            return await CommandOutput.WriteAsync(quota, parse.GetValue(json), Write);
        });

        var setAccount = new Argument<string>("account") { Description = "user:NAME or group:REALM/NAME" };
        var limit = new Argument<string>("limit") { Description = $"The monthly limit (0 to {AccountNames.MaxMonthlyLimit}), or none to remove the quota" };
        var set = new Command("set", "Set an account's monthly spending quota (admins only)") { setAccount, limit, json };
        set.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var text = parse.GetRequiredValue(limit);
            decimal? monthly = string.Equals(text, "none", StringComparison.OrdinalIgnoreCase) ? null
                : decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value
                : throw new CliUsageException($"limit must be an amount such as 250 or 12.5, or none (was '{OptionValues.Shown(text)}').");
            var quota = await client.SetQuotaAsync(parse.GetRequiredValue(setAccount), monthly, cancellationToken);
            return await CommandOutput.WriteAsync(quota, parse.GetValue(json), Write);
        });

        return new Command("quota", "Monthly spending quotas of users and groups") { show, set };
    }

    private static void Write(TextWriter output, AccountQuota quota)
    {
        var currency = JobText.Safe(quota.Currency);
        output.WriteLine($"account:  {JobText.Safe(quota.Account)}");
        output.WriteLine(quota.MonthlyLimit is { } limit ? string.Create(CultureInfo.InvariantCulture, $"limit:    {limit} {currency} per month") : "limit:    none");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"month:    {JobText.Safe(quota.Month)}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"spent:    {quota.Spent} {currency}"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"reserved: {quota.Reserved} {currency} (running and waiting jobs, at their time limits)"));
        if (quota.MonthlyLimit is { } cap)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"left:     {Math.Max(0, cap - quota.Spent - quota.Reserved)} {currency}"));
        }
    }
}
