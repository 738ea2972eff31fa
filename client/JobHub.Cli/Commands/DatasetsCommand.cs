using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using JobHub.Cli.Output;
using JobHub.Client;
using JobHub.Contracts.Datasets;

namespace JobHub.Cli.Commands;

/// <summary>
/// <c>jobhub datasets upload|download|list|info|visibility|delete|usage</c>: the caller's datasets (docs/cli.md). A dataset
/// is named <c>name</c> (your own) or <c>owner/name</c> (another user's public one).
/// </summary>
internal static class DatasetsCommand
{
    public static Command Create(GlobalOptions global) => new("datasets", "Upload, download, list and manage datasets (files jobs find read-only under datasets/)")
    {
        Upload(global),
        Download(global),
        List(global),
        Info(global),
        Visibility(global),
        Delete(global),
        Usage(global),
    };

    private static Command Upload(GlobalOptions global)
    {
        var file = new Argument<FileInfo>("file") { Description = "The file to upload (streamed; any size up to your quota)" };
        var name = new Option<string?>("--name", "-n") { Description = "The dataset's name (default: the file's name)", HelpName = "name" };
        var makePublic = new Option<bool>("--public") { Description = "Let every user read it (default: private, or a replaced dataset's visibility)" };
        var makePrivate = new Option<bool>("--private") { Description = "Only you may read it" };
        var command = new Command("upload", "Upload a file as a dataset, replacing one of the same name; prints owner/name, size and SHA-256") { file, name, makePublic, makePrivate };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            if (parse.GetValue(makePublic) && parse.GetValue(makePrivate))
            {
                throw new CliUsageException("--public and --private exclude each other.");
            }

            var path = parse.GetRequiredValue(file);
            if (!path.Exists)
            {
                throw new CliUsageException($"<file>: there is no file '{OptionValues.Shown(path.FullName)}'.");
            }

            DatasetVisibility? visibility = parse.GetValue(makePublic) ? DatasetVisibility.Public : parse.GetValue(makePrivate) ? DatasetVisibility.Private : null;
            var progress = DatasetsProgress.ForConsole("uploading");
            DatasetInfo stored;
            try
            {
                stored = await client.UploadDatasetAsync(path.FullName, parse.GetValue(name), visibility, progress, cancellationToken);
            }
            finally
            {
                progress.Finish();
            }

            await Console.Out.WriteLineAsync(Line(stored));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Download(GlobalOptions global)
    {
        var dataset = DatasetArgument();
        var output = new Option<string?>("--output", "-o") { Description = "File to write (default: ./<name>); '-' writes to stdout", HelpName = "path" };
        var command = new Command("download", "Download a dataset (its SHA-256 checked); prints the path written") { dataset, output };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var (owner, name) = await ResolveAsync(client, parse.GetRequiredValue(dataset), cancellationToken);
            var target = parse.GetValue(output);
            if (target == "-")
            {
                await using var stdout = Console.OpenStandardOutput();
                await client.DownloadDatasetAsync(owner, name, stdout, progress: null, cancellationToken);
                return ExitCodes.Success;
            }

            var path = Path.GetFullPath(target ?? name);
            var progress = DatasetsProgress.ForConsole("downloading");
            try
            {
                await client.DownloadDatasetAsync(owner, name, path, progress, cancellationToken);
            }
            finally
            {
                progress.Finish();
            }

            await Console.Out.WriteLineAsync(JobText.Safe(path));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(GlobalOptions global)
    {
        var others = new Option<bool>("--public") { Description = "Other users' public datasets instead of yours" };
        var project = new Option<string?>("--project") { Description = "The datasets shared with this project (you must be a member) instead of yours", HelpName = "name" };
        var json = new Option<bool>("--json") { Description = "Print a JSON array" };
        var command = new Command("list", "List your datasets (or, with --public, other users' public ones; with --project, those shared with a project)") { others, project, json };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            if (parse.GetValue(others) && parse.GetValue(project) is not null)
            {
                throw new CliUsageException("Give --public or --project, not both.");
            }

            var all = new List<DatasetInfo>();
            string? cursor = null;
            do
            {
                var page = parse.GetValue(project) is { } shared
                    ? await client.ListProjectDatasetsAsync(shared, DatasetNames.MaxPage, cursor, cancellationToken)
                    : await client.ListDatasetsAsync(parse.GetValue(others), DatasetNames.MaxPage, cursor, cancellationToken);
                all.AddRange(page.Datasets);
                cursor = page.NextCursor;
            }
            while (cursor is not null);

            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(all, JobHubJson.Options));
                return ExitCodes.Success;
            }

            TextTable.Write(
                Console.Out,
                ["DATASET", "SIZE", "VISIBILITY", "UPDATED", "SHA256"],
                all.Select(d => (IReadOnlyList<string>)[JobText.Safe($"{d.Owner}/{d.Name}"), UploadProgress.Size(d.SizeBytes), JobText.Safe(d.DescribeVisibility()), JobText.Time(d.UpdatedAt), d.Sha256[..16]]));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Info(GlobalOptions global)
    {
        var dataset = DatasetArgument();
        var json = new Option<bool>("--json") { Description = "Print the description as JSON" };
        var command = new Command("info", "Show a dataset's size, SHA-256, times and visibility") { dataset, json };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var (owner, name) = await ResolveAsync(client, parse.GetRequiredValue(dataset), cancellationToken);
            var info = await client.GetDatasetAsync(owner, name, cancellationToken);
            if (parse.GetValue(json))
            {
                await Console.Out.WriteLineAsync(JsonSerializer.Serialize(info, JobHubJson.Options));
                return ExitCodes.Success;
            }

            await Console.Out.WriteLineAsync(string.Join(
                Environment.NewLine,
                $"dataset:    {JobText.Safe($"{info.Owner}/{info.Name}")}",
                string.Create(CultureInfo.InvariantCulture, $"size:       {info.SizeBytes} bytes ({UploadProgress.Size(info.SizeBytes)})"),
                $"sha256:     {info.Sha256}",
                $"visibility: {JobText.Safe(info.DescribeVisibility())}",
                $"created:    {JobText.Time(info.CreatedAt)}",
                $"updated:    {JobText.Time(info.UpdatedAt)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Visibility(GlobalOptions global)
    {
        var dataset = DatasetArgument();
        var visibility = new Argument<string>("visibility") { Description = "private, public, or project:<name> (the members of that project and its jobs may read it)" };
        var command = new Command("visibility", "Make your dataset private, public, or shared with a project you are a member of") { dataset, visibility };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var word = parse.GetRequiredValue(visibility).Trim();
            var (owner, name) = await ResolveAsync(client, parse.GetRequiredValue(dataset), cancellationToken);
            var changed = word.ToLowerInvariant() switch
            {
                "public" => await client.SetDatasetVisibilityAsync(owner, name, DatasetVisibility.Public, cancellationToken),
                "private" => await client.SetDatasetVisibilityAsync(owner, name, DatasetVisibility.Private, cancellationToken),
                _ when word.StartsWith("project:", StringComparison.OrdinalIgnoreCase) => await client.ShareDatasetWithProjectAsync(owner, name, word["project:".Length..], cancellationToken),
                _ => throw new CliUsageException($"<visibility> must be 'private', 'public' or 'project:<name>' (was '{OptionValues.Shown(word)}')."),
            };
            await Console.Out.WriteLineAsync(Line(changed));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Delete(GlobalOptions global)
    {
        var dataset = DatasetArgument();
        var command = new Command("delete", "Delete your dataset (jobs already submitted with it and not yet started then fail to start)") { dataset };
        command.SetAction(global, async (parse, client, cancellationToken) =>
        {
            var (owner, name) = await ResolveAsync(client, parse.GetRequiredValue(dataset), cancellationToken);
            await client.DeleteDatasetAsync(owner, name, cancellationToken);
            await Console.Out.WriteLineAsync($"deleted {JobText.Safe($"{owner}/{name}")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Usage(GlobalOptions global)
    {
        var command = new Command("usage", "Show how much of your dataset quota you use");
        command.SetAction(global, async (_, client, cancellationToken) =>
        {
            var usage = await client.GetDatasetUsageAsync(cancellationToken);
            await Console.Out.WriteLineAsync(string.Create(
                CultureInfo.InvariantCulture,
                $"{usage.Datasets} datasets, {UploadProgress.Size(usage.UsedBytes)} of {UploadProgress.Size(usage.QuotaBytes)} used ({usage.UsedBytes} of {usage.QuotaBytes} bytes); one dataset at most {UploadProgress.Size(usage.MaxDatasetBytes)}"));
            return ExitCodes.Success;
        });
        return command;
    }

    private static Argument<string> DatasetArgument() => new("dataset") { Description = "name (yours) or owner/name" };

    /// <summary>The owner and name <paramref name="text"/> stands for; a bare name is the caller's own (asked of the server).</summary>
    private static async Task<(string Owner, string Name)> ResolveAsync(JobHubClient client, string text, CancellationToken cancellationToken)
    {
        if (DatasetNames.ReferenceProblem(text) is { } problem)
        {
            throw new CliUsageException($"<dataset>: {problem}");
        }

        var slash = text.IndexOf('/', StringComparison.Ordinal);
        return slash >= 0 ? (text[..slash], text[(slash + 1)..]) : ((await client.GetDatasetUsageAsync(cancellationToken)).Owner, text);
    }

    private static string Line(DatasetInfo info) =>
        string.Create(CultureInfo.InvariantCulture, $"{JobText.Safe($"{info.Owner}/{info.Name}")}  {info.SizeBytes} bytes  sha256 {info.Sha256}  {JobText.Safe(info.DescribeVisibility())}");
}
