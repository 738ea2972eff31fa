using System.CommandLine;
using JobHub.Cli.Output;

namespace JobHub.Cli.Commands;

/// <summary><c>jobhub results &lt;id&gt;</c>: downloads every result file into a folder, or one file.</summary>
internal static class ResultsCommand
{
    public static Command Create(GlobalOptions global)
    {
        var id = new Argument<string>("id") { Description = "The job id" };
        var output = new Option<DirectoryInfo?>("--output", "-o") { Description = "Folder to write into (default: ./<id>-results, or . with --file)", HelpName = "folder" };
        var file = new Option<string?>("--file") { Description = "Download only this result file (its path below the upload folder)", HelpName = "path" };
        var results = new Command("results", "Download a job's result files; prints each path written") { id, output, file };
        results.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var jobId = parse.GetRequiredValue(id);
            if (parse.GetValue(file) is { } path)
            {
                var fileName = Path.GetFileName(path.TrimEnd('/'));
                if (fileName.Length == 0 || fileName is "." or "..")
                {
                    throw new CliUsageException($"--file must name a result file, such as out/table.csv (was '{OptionValues.Shown(path)}').");
                }

                var folder = parse.GetValue(output)?.FullName ?? Directory.GetCurrentDirectory();
                Directory.CreateDirectory(folder);
                var target = Path.Combine(folder, fileName);
                var partial = target + ".part";
                try
                {
                    await using (var stream = File.Create(partial))
                    {
                        await client.DownloadResultFileAsync(jobId, path, stream, cancellationToken);
                    }
                }
                catch
                {
                    File.Delete(partial); // nothing half-written is left behind
                    throw;
                }

                File.Move(partial, target, overwrite: true);
                await Console.Out.WriteLineAsync(JobText.Safe(target));
                return ExitCodes.Success;
            }

            var destination = parse.GetValue(output)?.FullName ?? Path.Combine(Directory.GetCurrentDirectory(), jobId + "-results");
            foreach (var written in await client.DownloadResultsAsync(jobId, destination, cancellationToken))
            {
                await Console.Out.WriteLineAsync(JobText.Safe(Path.Combine(destination, written)));
            }

            return ExitCodes.Success;
        });
        return results;
    }
}
