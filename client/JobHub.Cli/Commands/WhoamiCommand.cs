using System.CommandLine;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub whoami</c>: who the server takes the caller for, and where the token sent came from.</summary>
internal static class WhoamiCommand
{
    public static Command Create(GlobalOptions global)
    {
        var json = new Option<bool>("--json") { Description = "Print the user, groups, features and token source as JSON" };
        var whoami = new Command("whoami", "Show who you are to the server (user, groups, effective features) and which token was sent") { json };
        whoami.SetAction(global, async (parse, cancellationToken) =>
        {
            var address = global.Address(parse);
            var resolved = global.ResolveToken(parse);
            using var client = GlobalOptions.CreateClient(address, resolved.Token);
            var me = await client.GetMeAsync(cancellationToken);
            if (parse.GetValue(json))
            {
                var answer = new { me.Name, me.Status, me.Groups, me.Features, me.IsAdmin, Url = client.BaseAddress, TokenSource = resolved.Kind, TokenFile = resolved.File };
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(answer, JobHubJson.Options));
                return ExitCodes.Success;
            }

            var output = Console.Out;
            await output.WriteLineAsync($"user:     {JobText.Safe(me.Name)}{(me.IsAdmin ? " (admin)" : string.Empty)}");
            await output.WriteLineAsync($"status:   {IdentityText.Name(me.Status)}");
            await output.WriteLineAsync($"groups:   {IdentityText.List(me.Groups)}");
            await output.WriteLineAsync($"features: {IdentityText.List(me.Features)}");
            await output.WriteLineAsync($"url:      {JobText.Safe(client.BaseAddress.AbsoluteUri.TrimEnd('/'))}");
            await output.WriteLineAsync($"token:    {JobText.Safe(resolved.Describe())}");
            return ExitCodes.Success;
        });
        return whoami;
    }
}
