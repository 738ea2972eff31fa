using System.CommandLine;
using JobHub.Cli.Commands;

namespace JobHub.Cli;

/// <summary>The <c>jobhub</c> command line: composes the commands and reports usage errors with exit code 2.</summary>
internal static class JobHubCli
{
    public static RootCommand CreateRootCommand()
    {
        var global = new GlobalOptions();
        var root = new RootCommand("jobhub: submit, watch and manage JobHub batch jobs")
        {
            global.Url,
            global.Token,
            SubmitCommand.Create(global),
            ListCommand.Create(global),
            StatusCommand.Create(global),
            LogsCommand.Create(global),
            StopCommand.Create(global),
            ExtendCommand.Create(global),
            ResultsCommand.Create(global),
            WorkersCommand.Create(global),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        var parse = CreateRootCommand().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}");
            }

            await Console.Error.WriteLineAsync("Run 'jobhub --help' (or 'jobhub <command> --help') for usage.");
            return ExitCodes.UsageError;
        }

        return await parse.InvokeAsync();
    }
}
