using System.CommandLine;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using JobHub.Cli.Credentials;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub logout</c>: forgets the token saved for this URL; with <c>--revoke</c>, revokes it on the server first.</summary>
internal static class LogoutCommand
{
    public static Command Create(GlobalOptions global)
    {
        var revoke = new Option<bool>("--revoke") { Description = "Also revoke the saved token on the server (otherwise it works until it expires)" };
        var logout = new Command("logout", "Forget the token 'jobhub login' saved for this URL") { revoke };
        logout.SetAction(global, async (parse, cancellationToken) =>
        {
            var address = global.Address(parse);
            var config = CliConfigFile.Default();
            var saved = config.Read();
            var key = CliConfig.Key(address);
            if (!saved.Servers.TryGetValue(key, out var login))
            {
                await Console.Error.WriteLineAsync($"not logged in to {key}: nothing to do");
                return ExitCodes.Success;
            }

            var revoked = false;
            if (parse.GetValue(revoke))
            {
                using var client = GlobalOptions.CreateClient(address, login.Token);
                try
                {
                    await client.RevokeTokenAsync(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(login.Token))), cancellationToken: cancellationToken);
                    revoked = true;
                }
                catch (JobHubApiException e) when (e.StatusCode == HttpStatusCode.Unauthorized)
                {
                    // Refused already (revoked, expired, its user disabled): nothing left to revoke.
                }
            }

            saved.Servers.Remove(key);
            config.Save(saved);
            await Console.Error.WriteLineAsync(revoked
                ? $"logged out of {key}: the token of {Output.JobText.Safe(login.User)} is revoked and removed from {config.Path}"
                : $"logged out of {key}: the token of {Output.JobText.Safe(login.User)} is removed from {config.Path}{(parse.GetValue(revoke) ? " (the server refused it already)" : "; it still works until it expires or is revoked ('jobhub tokens revoke')")}");
            return ExitCodes.Success;
        });
        return logout;
    }
}
