using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub secrets set|list|get|delete</c>: secrets of <c>user:NAME</c>, <c>project:NAME</c> and <c>group:REALM:NAME</c>.
/// <c>set</c> reads the value from standard input unless <c>--value</c> is given, so it stays out of shell history; lists
/// never show values.
/// </summary>
internal static class SecretsCommand
{
    private const string NamespaceHelp = "user:NAME, project:NAME or group:REALM:NAME";

    public static Command Create(GlobalOptions global)
    {
        var secrets = new Command("secrets", "Set, list, read and delete secrets (encrypted at rest; jobs read them with their job token)")
        {
            SetCommand(global), ListCommand(global), GetCommand(global), DeleteCommand(global),
        };
        return secrets;
    }

    private static Command SetCommand(GlobalOptions global)
    {
        var (ns, name) = Arguments();
        var value = new Option<string?>("--value") { Description = "The value (default: read from standard input, one trailing line break dropped, so it stays out of shell history)", HelpName = "value" };
        var set = new Command("set", "Store or replace a secret") { ns, name, value };
        set.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var text = parse.GetValue(value) ?? TrimOneLineBreak(await Console.In.ReadToEndAsync(cancellationToken));
            var info = await ArgumentsChecked(() => client.SetSecretAsync(parse.GetRequiredValue(ns), parse.GetRequiredValue(name), text, cancellationToken));
            await Console.Out.WriteLineAsync($"{info.Namespace}/{info.Name} stored (key {info.KeyId})");
            return ExitCodes.Success;
        });
        return set;
    }

    private static Command ListCommand(GlobalOptions global)
    {
        var ns = new Argument<string>("namespace") { Description = NamespaceHelp };
        var json = new Option<bool>("--json") { Description = "Print a JSON array (names, times, writers; never values)" };
        var list = new Command("list", "List the secrets of a namespace (never their values)") { ns, json };
        list.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var infos = await ArgumentsChecked(() => client.ListSecretsAsync(parse.GetRequiredValue(ns), cancellationToken));
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(infos, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(Console.Out, ["NAME", "UPDATED", "BY", "KEY"], infos.Select(s => (IReadOnlyList<string>)[s.Name, JobText.Time(s.UpdatedAt), s.UpdatedBy, s.KeyId]));
            return ExitCodes.Success;
        });
        return list;
    }

    private static Command GetCommand(GlobalOptions global)
    {
        var (ns, name) = Arguments();
        var get = new Command("get", "Print a secret's value (and nothing else) on standard output") { ns, name };
        get.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var secret = await ArgumentsChecked(() => client.GetSecretAsync(parse.GetRequiredValue(ns), parse.GetRequiredValue(name), cancellationToken));
            await Console.Out.WriteLineAsync(secret.Value);
            return ExitCodes.Success;
        });
        return get;
    }

    private static Command DeleteCommand(GlobalOptions global)
    {
        var (ns, name) = Arguments();
        var delete = new Command("delete", "Delete a secret") { ns, name };
        delete.SetAction(global, async (parse, client, cancellationToken) =>
        {
            await ArgumentsChecked(async () =>
            {
                await client.DeleteSecretAsync(parse.GetRequiredValue(ns), parse.GetRequiredValue(name), cancellationToken);
                return true;
            });
            await Console.Out.WriteLineAsync($"{parse.GetRequiredValue(ns)}/{parse.GetRequiredValue(name)} deleted");
            return ExitCodes.Success;
        });
        return delete;
    }

    private static (Argument<string> Namespace, Argument<string> Name) Arguments() =>
        (new Argument<string>("namespace") { Description = NamespaceHelp },
         new Argument<string>("name") { Description = "The secret's name: 1-128 of A-Z a-z 0-9 _ - ., not starting with '.'" });

    /// <summary>The SDK names fields as the API does; here they are the arguments <c>&lt;namespace&gt;</c>, <c>&lt;name&gt;</c> and <c>--value</c>.</summary>
    private static async Task<T> ArgumentsChecked<T>(Func<Task<T>> call)
    {
        try
        {
            return await call();
        }
        catch (JobHubValidationException invalid)
        {
            var problems = invalid.Errors.OrderBy(e => e.Key, StringComparer.Ordinal)
                .SelectMany(e => e.Value.Select(message => $"{(e.Key == "value" ? "--value" : $"<{e.Key}>")}: {message}"));
            throw new CliUsageException(string.Join(" ", problems));
        }
    }

    private static string TrimOneLineBreak(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
}
