using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Identity;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub tokens list|create|revoke</c>: your API tokens (an admin: anyone's, with <c>--user</c>).</summary>
internal static class TokensCommand
{
    private const int MinPrefix = 8;
    private const int IdLength = 64;

    public static Command Create(GlobalOptions global) => new("tokens", "List, create and revoke API tokens")
    {
        List(global),
        CreateToken(global),
        Revoke(global),
    };

    private static Option<string?> User() => IdentityArguments.UserOption("--user", "Another user's tokens (admins only)");

    private static Command List(GlobalOptions global)
    {
        var user = User();
        var json = new Option<bool>("--json") { Description = "Print the tokens as JSON (with their full ids)" };
        var list = new Command("list", "List your API tokens (never the secrets)") { user, json };
        list.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var tokens = await client.ListTokensAsync(parse.GetValue(user), cancellationToken);
            return await CommandOutput.WriteAsync(tokens, parse.GetValue(json), IdentityText.WriteTokens);
        });
        return list;
    }

    private static Command CreateToken(GlobalOptions global)
    {
        var user = User();
        var name = new Option<string>("--name")
        {
            Description = $"What the token is for (1-{IdentityLimits.MaxTokenNameLength} characters; default 'jobhub cli')",
            HelpName = "name",
            DefaultValueFactory = _ => "jobhub cli",
        };
        name.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && IdentityNames.TokenNameProblem(result.Tokens[0].Value) is { } problem)
            {
                result.AddError($"--name: {problem}.");
            }
        });
        var create = new Command("create", "Create an API token; it is printed on stdout, this once") { name, user };
        create.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var issued = await client.CreateTokenAsync(parse.GetRequiredValue(name), parse.GetValue(user), cancellationToken);
            await Console.Out.WriteLineAsync(issued.Token);
            await Console.Error.WriteLineAsync($"token {Short(issued.Info.TokenId)} '{JobText.Safe(issued.Info.Name)}' created for {JobText.Safe(issued.Info.Owner)}; it is shown this once (above): keep it safe");
            return ExitCodes.Success;
        });
        return create;
    }

    private static Command Revoke(GlobalOptions global)
    {
        var user = User();
        var id = new Argument<string>("id") { Description = $"The token's id as 'jobhub tokens list' shows it (a unique prefix of {MinPrefix} or more hex characters will do)" };
        id.Validators.Add(result =>
        {
            if (result.Tokens.Count > 0 && IdProblem(result.Tokens[0].Value) is { } problem)
            {
                result.AddError(problem);
            }
        });
        var revoke = new Command("revoke", "Revoke an API token; it is refused from then on") { id, user };
        revoke.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var owner = parse.GetValue(user);
            var wanted = parse.GetRequiredValue(id);
            var tokenId = wanted.Length == IdLength ? wanted : await FindAsync(client, wanted, owner, cancellationToken);
            await client.RevokeTokenAsync(tokenId, owner, cancellationToken);
            await Console.Out.WriteLineAsync($"token {Short(tokenId)} revoked");
            return ExitCodes.Success;
        });
        return revoke;
    }

    private static string? IdProblem(string value)
    {
        if (value.StartsWith(ApiTokenFormat.TokenPrefix, StringComparison.Ordinal))
        {
            return "<id>: this is a token, not a token id: give the id 'jobhub tokens list' shows (the value is not shown).";
        }

        return value.Length is >= MinPrefix and <= IdLength && value.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'))
            ? null
            : $"<id>: a token id is {IdLength} lower-case hex characters, or a prefix of {MinPrefix} or more of them, as 'jobhub tokens list' shows (was '{OptionValues.Shown(value)}').";
    }

    /// <summary>The full id of the one token whose id starts with <paramref name="prefix"/>.</summary>
    private static async Task<string> FindAsync(JobHubClient client, string prefix, string? owner, CancellationToken cancellationToken)
    {
        var matches = (await client.ListTokensAsync(owner, cancellationToken)).Where(t => t.TokenId.StartsWith(prefix, StringComparison.Ordinal)).ToList();
        return matches.Count switch
        {
            1 => matches[0].TokenId,
            0 => throw new JobHubApiException(System.Net.HttpStatusCode.NotFound, "No such token.", $"No token of {(owner is null ? "yours" : owner)} has an id starting with '{prefix}' (see 'jobhub tokens list')."),
            _ => throw new CliUsageException($"<id>: '{prefix}' starts the ids of {matches.Count} tokens: give more of it."),
        };
    }

    private static string Short(string tokenId) => tokenId[..Math.Min(IdentityText.ShortIdLength, tokenId.Length)];
}
