using System.CommandLine;
using System.CommandLine.Parsing;
using JobHub.Cli.Commands;

namespace JobHub.Cli;

/// <summary>
/// The <c>jobhub</c> command line: composes the commands, reports usage errors with exit code 2 (one line each, naming the
/// option or argument), and turns anything that escapes a command into a one-line message and an exit code.
/// </summary>
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
            WorkerCommand.Create(global),
            MetricsCommand.Create(global),
            ClusterCommand.Create(global),
            PoolsCommand.Create(global),
            LoginCommand.Create(global),
            LogoutCommand.Create(global),
            WhoamiCommand.Create(global),
            TokensCommand.Create(global),
            UsersCommand.Create(global),
            GroupsCommand.Create(global),
            SecretsCommand.Create(global),
            ProjectsCommand.Create(global),
            DatasetsCommand.Create(global),
            AuditCommand.Create(global),
            QuotaCommand.Create(global),
            UsageCommand.Create(global),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            // No response files: an argument such as --name @home is a value, not a file to read.
            var parse = CreateRootCommand().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
            if (parse.Errors.Count > 0)
            {
                // "Required command was not provided" only repeats an unknown command's error; alone (plain 'jobhub') it stays.
                var errors = parse.Errors.Count > 1 ? parse.Errors.Where(e => e.SymbolResult is not CommandResult { Command: RootCommand } || e.Message.StartsWith("Unrecognized", StringComparison.Ordinal)) : parse.Errors;
                foreach (var message in errors.Select(Describe).Distinct(StringComparer.Ordinal))
                {
                    CommandRunner.Error(message);
                }

                return ExitCodes.UsageError;
            }

            // Commands report their own failures (CommandRunner); this handler would print stack traces.
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e)
        {
            return CommandRunner.Report(e, url: null);
        }
    }

    /// <summary>A command's name with its parents' (<c>users show</c>), without the root.</summary>
    private static string FullName(CommandResult command) =>
        command.Parent is CommandResult { Command: not RootCommand } parent ? FullName(parent) + " " + command.Command.Name : command.Command.Name;

    /// <summary>A parse error as one line; a missing argument names the argument and shows the command's usage.</summary>
    private static string Describe(ParseError error)
    {
        var command = error.SymbolResult switch
        {
            CommandResult result => result,
            ArgumentResult { Parent: CommandResult parent } => parent,
            _ => null,
        };
        if (command is not null && command.Command.Arguments.Count > 0 && error.Message.StartsWith("Required argument missing", StringComparison.Ordinal))
        {
            var missing = command.Command.Arguments
                .Where(a => a.Arity.MinimumNumberOfValues > 0 && command.GetResult(a) is not { Tokens.Count: > 0 })
                .Select(a => $"<{a.Name}>")
                .ToList();
            if (missing.Count > 0)
            {
                var usage = string.Join(' ', command.Command.Arguments.Select(a => $"<{a.Name}>"));
                var name = FullName(command);
                return $"jobhub {name} needs {string.Join(" and ", missing)}: jobhub {name} {usage} [options] (see --help).";
            }
        }

        return error.SymbolResult is CommandResult { Command: RootCommand } || error.Message.StartsWith("Unrecognized", StringComparison.Ordinal)
            ? $"{error.Message} See 'jobhub --help' or 'jobhub <command> --help'."
            : error.Message;
    }
}
