using System.CommandLine;
using System.Text;
using JobHub.Cli.Credentials;
using JobHub.Contracts.Identity;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub login</c>: checks an API token with the server and saves it for this URL in the private config file
/// (<see cref="CliConfigFile"/>). The token is <c>--token</c>, else read from stdin (piped) or asked for without echo;
/// with <c>--code</c>, an invitation is accepted instead and the first token it gives is saved.
/// </summary>
internal static class LoginCommand
{
    public static Command Create(GlobalOptions global)
    {
        var code = new Option<string?>("--code") { Description = "Accept this invitation code (jhi_…) and save the token it gives", HelpName = "code" };
        var login = new Command("login", "Save an API token for this URL (from --token, stdin or a prompt), or accept an invitation with --code") { code };
        login.SetAction(global, async (parse, cancellationToken) =>
        {
            var address = global.Address(parse);
            var config = CliConfigFile.Default();
            var saved = config.Read();

            // Refuse before an invitation code is spent or a token typed when the token could not be kept private.
            config.EnsurePrivateFolder();
            string token;
            string user;
            if (parse.GetValue(code) is { } invitation)
            {
                if (parse.GetValue(global.Token) is not null)
                {
                    throw new CliUsageException("jobhub login takes --code or --token, not both.");
                }

                using var anonymous = GlobalOptions.CreateClient(address, token: null);
                var redeemed = await anonymous.AcceptInvitationAsync(invitation, cancellationToken);
                token = redeemed.Token.Token;
                user = redeemed.User.Name;
            }
            else
            {
                token = parse.GetValue(global.Token) ?? ReadToken(address);
                if (!ApiTokenFormat.IsWellFormedToken(token))
                {
                    throw new CliUsageException($"this is not an API token: one is '{ApiTokenFormat.TokenPrefix}' followed by {ApiTokenFormat.MinSecretLength} or more characters of A-Z a-z 0-9 - _ (the value is not shown).");
                }

                using var client = GlobalOptions.CreateClient(address, token);
                user = (await client.GetMeAsync(cancellationToken)).Name;
            }

            saved.Servers[CliConfig.Key(address)] = new SavedLogin(token, user, TimeProvider.System.GetUtcNow());
            try
            {
                config.Save(saved);
            }
            catch (CliUsageException) when (parse.GetValue(code) is not null)
            {
                // The invitation is spent: its token is shown this once rather than lost.
                await Console.Out.WriteLineAsync(token);
                CommandRunner.Error("the invitation was accepted but its token could not be saved; it is printed above, shown this once: keep it safe.");
                throw;
            }

            await Console.Error.WriteLineAsync($"logged in to {CliConfig.Key(address)} as {Output.JobText.Safe(user)}; the token is saved in {config.Path}");
            return ExitCodes.Success;
        });
        return login;
    }

    /// <summary>The token from stdin when it is piped, else typed at a prompt without echo.</summary>
    private static string ReadToken(Uri address)
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine()?.Trim() is { Length: > 0 } piped
                ? piped
                : throw new CliUsageException("no token on stdin: pipe one in, pass --token, or use --code <invitation code>.");
        }

        Console.Error.Write($"API token for {CliConfig.Key(address)}: ");
        var typed = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                typed.Length = Math.Max(0, typed.Length - 1);
            }
            else if (!char.IsControl(key.KeyChar))
            {
                typed.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return typed.ToString().Trim() is { Length: > 0 } token ? token : throw new CliUsageException("no token given.");
    }
}
