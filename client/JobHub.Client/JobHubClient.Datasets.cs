using System.Buffers;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using JobHub.Contracts.Datasets;
using JobHub.Contracts.Projects;

namespace JobHub.Client;

/// <summary>Datasets: files a user uploads once and names in jobs, which find them read-only under <c>datasets/</c> in their working folder.</summary>
public sealed partial class JobHubClient
{
    /// <summary>
    /// Uploads the file at <paramref name="path"/> as the caller's dataset <paramref name="name"/> (default: the file's name),
    /// replacing one of that name (whose old content stays readable until this upload completes).
    /// </summary>
    /// <param name="path">The file to upload; it is streamed, never read into memory.</param>
    /// <param name="name">The dataset's name (1–128 of a-z A-Z 0-9 - _ ., not starting with '.', no '..'); null for the file's name.</param>
    /// <param name="visibility">Private or public; null keeps a replaced dataset's visibility (private for a new one).</param>
    /// <param name="progress">Hears how much has been sent.</param>
    /// <param name="cancellationToken">Cancels the upload; the server keeps nothing of it.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="JobHubValidationException">The name breaks the rules; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">413 when it would exceed the caller's quota or the largest dataset (the detail gives the figures); 401 without a token.</exception>
    public async Task<DatasetInfo> UploadDatasetAsync(string path, string? name = null, DatasetVisibility? visibility = null, IProgress<DatasetTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        name ??= Path.GetFileName(path);
        RequestChecks.ThrowIfAny(("name", DatasetNames.NameProblem(name)));
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 0, FileOptions.Asynchronous | FileOptions.SequentialScan);
        return await UploadDatasetAsync(file, name, visibility, progress, cancellationToken);
    }

    /// <summary>
    /// Uploads what <paramref name="content"/> holds from its position (left open) as the caller's dataset <paramref name="name"/>.
    /// <see cref="JobHubClientOptions.RequestTimeout"/> limits each pause, not the whole upload.
    /// </summary>
    /// <exception cref="JobHubValidationException">The name breaks the rules; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">413 over the quota or the largest dataset; 401 without a token.</exception>
    public async Task<DatasetInfo> UploadDatasetAsync(Stream content, string name, DatasetVisibility? visibility = null, IProgress<DatasetTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        RequestChecks.ThrowIfAny(("name", DatasetNames.NameProblem(name)));
        long? total = content.CanSeek ? content.Length - content.Position : null;
        var path = "api/v1/datasets/" + Uri.EscapeDataString(name) + (visibility is { } v ? "?visibility=" + Word(v) : string.Empty);
        using var timeout = StartTimeout(TimeSpan.Zero);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = CreateRequest(HttpMethod.Put, path, null);
        request.Content = new StreamContent(new ProgressReadStream(content, sent =>
        {
            if (_options.RequestTimeout != Timeout.InfiniteTimeSpan)
            {
                timeout.CancelAfter(_options.RequestTimeout);
            }

            progress?.Report(new DatasetTransferProgress(sent, total));
        }));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentLength = total;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await EnsureSuccessAsync(response, linked.Token);
            return await response.Content.ReadFromJsonAsync<DatasetInfo>(JobHubJson.Options, linked.Token)
                ?? throw new JobHubApiException(response.StatusCode, "The answer had no content.", "PUT " + path);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"PUT {new Uri(BaseAddress, path)} made no progress within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>
    /// Downloads dataset <paramref name="owner"/>/<paramref name="name"/> into the file <paramref name="path"/> (written to a
    /// temporary file beside it first, then renamed), checking its SHA-256 against the server's; returns its description.
    /// </summary>
    /// <exception cref="JobHubApiException">404 when there is none the caller may read.</exception>
    /// <exception cref="InvalidDataException">What arrived does not have the dataset's SHA-256 (nothing is left at <paramref name="path"/>).</exception>
    public async Task<DatasetInfo> DownloadDatasetAsync(string owner, string name, string path, IProgress<DatasetTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var full = Path.GetFullPath(path);
        var temporary = full + $".{Guid.NewGuid():N}.part";
        try
        {
            DatasetInfo info;
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 0, FileOptions.Asynchronous))
            {
                info = await DownloadDatasetAsync(owner, name, file, progress, cancellationToken);
            }

            File.Move(temporary, full, overwrite: true);
            return info;
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Writes dataset <paramref name="owner"/>/<paramref name="name"/> into <paramref name="destination"/> (left open), checking its SHA-256; returns its description.</summary>
    /// <exception cref="JobHubApiException">404 when there is none the caller may read.</exception>
    /// <exception cref="InvalidDataException">What arrived does not have the dataset's SHA-256.</exception>
    public async Task<DatasetInfo> DownloadDatasetAsync(string owner, string name, Stream destination, IProgress<DatasetTransferProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        using var request = CreateRequest(HttpMethod.Get, DatasetPath(owner, name) + "/content", null);
        using var response = await SendForStreamAsync(request, cancellationToken);
        var expected = response.Headers.ETag?.Tag.Trim('"');
        var total = response.Content.Headers.ContentLength;
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        var buffer = ArrayPool<byte>.Shared.Rent(81920);
        long received = 0;
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer.AsMemory(0, 81920), cancellationToken)) > 0)
            {
                hash.AppendData(buffer, 0, read);
                await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
                received += read;
                progress?.Report(new DatasetTransferProgress(received, total));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        var actual = Convert.ToHexStringLower(hash.GetHashAndReset());
        if (expected is not null && !string.Equals(expected, actual, StringComparison.Ordinal))
        {
            throw new InvalidDataException($"Dataset '{owner}/{name}' arrived with SHA-256 {actual}, not {expected}: the download was damaged or the dataset was replaced meanwhile.");
        }

        return await GetDatasetAsync(owner, name, cancellationToken) is { } info && info.Sha256 == actual
            ? info
            : throw new InvalidDataException($"Dataset '{owner}/{name}' was replaced while it was downloaded; download it again.");
    }

    /// <summary>A dataset's size, SHA-256, times and visibility.</summary>
    /// <exception cref="JobHubApiException">404 when there is none the caller may read.</exception>
    public Task<DatasetInfo> GetDatasetAsync(string owner, string name, CancellationToken cancellationToken = default) =>
        SendAsync<DatasetInfo>(HttpMethod.Get, DatasetPath(owner, name), null, cancellationToken);

    /// <summary>One page of the caller's datasets, or (<paramref name="publicOnes"/>) of other users' public ones; pass <see cref="DatasetPage.NextCursor"/> for the next.</summary>
    /// <exception cref="JobHubValidationException">The page size is not 1–200; nothing was sent.</exception>
    public Task<DatasetPage> ListDatasetsAsync(bool publicOnes = false, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("limit", limit is < 1 or > DatasetNames.MaxPage ? $"The page size must be between 1 and {DatasetNames.MaxPage} (was {limit})." : null));
        var query = $"api/v1/datasets?limit={limit}" + (publicOnes ? "&public=true" : string.Empty) + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
        return SendAsync<DatasetPage>(HttpMethod.Get, query, null, cancellationToken);
    }

    /// <summary>One page of the datasets shared with <paramref name="project"/> (the caller must be a member); pass <see cref="DatasetPage.NextCursor"/> for the next.</summary>
    /// <exception cref="JobHubValidationException">The project name is malformed or the page size is not 1–200; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 when there is no such project, 403 when the caller is not a member.</exception>
    public Task<DatasetPage> ListProjectDatasetsAsync(string project, int limit = 50, string? cursor = null, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(
            ("project", ProjectNames.NameProblem(project)),
            ("limit", limit is < 1 or > DatasetNames.MaxPage ? $"The page size must be between 1 and {DatasetNames.MaxPage} (was {limit})." : null));
        var query = $"api/v1/datasets?project={Uri.EscapeDataString(project)}&limit={limit}" + (cursor is null ? string.Empty : "&cursor=" + Uri.EscapeDataString(cursor));
        return SendAsync<DatasetPage>(HttpMethod.Get, query, null, cancellationToken);
    }

    /// <summary>The caller's dataset count, bytes used, quota and largest dataset.</summary>
    public Task<DatasetUsage> GetDatasetUsageAsync(CancellationToken cancellationToken = default) =>
        SendAsync<DatasetUsage>(HttpMethod.Get, "api/v1/datasets/usage", null, cancellationToken);

    /// <summary>Makes the caller's dataset private or public (to share it with a project, use <see cref="ShareDatasetWithProjectAsync"/>).</summary>
    /// <exception cref="JobHubValidationException"><paramref name="visibility"/> is <see cref="DatasetVisibility.Project"/>, which needs the project; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">403 for another user's dataset the caller can read, 404 for one the caller cannot read.</exception>
    public Task<DatasetInfo> SetDatasetVisibilityAsync(string owner, string name, DatasetVisibility visibility, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("visibility", visibility == DatasetVisibility.Project ? "Sharing with a project names the project: use ShareDatasetWithProjectAsync." : null));
        return SendAsync<DatasetInfo>(HttpMethod.Put, DatasetPath(owner, name) + "/visibility", new DatasetVisibilityRequest(visibility), cancellationToken);
    }

    /// <summary>
    /// Shares the caller's dataset with <paramref name="project"/>, a project the caller is a member of: its members may read
    /// it and jobs running in it may name it (<c>owner/name</c>). Making it private or public again ends the share, and so
    /// does deleting the project.
    /// </summary>
    /// <exception cref="JobHubValidationException">The project name is malformed; nothing was sent.</exception>
    /// <exception cref="JobHubApiException">404 for a dataset the caller cannot read or a missing project, 403 when the caller is not the dataset's owner or not a member of the project.</exception>
    public Task<DatasetInfo> ShareDatasetWithProjectAsync(string owner, string name, string project, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("project", ProjectNames.NameProblem(project)));
        return SendAsync<DatasetInfo>(HttpMethod.Put, DatasetPath(owner, name) + "/visibility", new DatasetVisibilityRequest(DatasetVisibility.Project, project), cancellationToken);
    }

    /// <summary>Deletes the caller's dataset; jobs submitted earlier that have not started yet then fail to start.</summary>
    /// <exception cref="JobHubApiException">403 for another user's public dataset, 404 for one the caller cannot read.</exception>
    public async Task DeleteDatasetAsync(string owner, string name, CancellationToken cancellationToken = default)
    {
        using var request = CreateRequest(HttpMethod.Delete, DatasetPath(owner, name), null);
        using var response = await SendForStreamAsync(request, cancellationToken);
    }

    private static string DatasetPath(string owner, string name)
    {
        RequestChecks.ThrowIfAny(("owner", string.IsNullOrWhiteSpace(owner) ? "A dataset's owner is a user name." : null), ("name", DatasetNames.NameProblem(name)));
        return "api/v1/datasets/" + Uri.EscapeDataString(owner) + "/" + Uri.EscapeDataString(name);
    }

    private static string Word(DatasetVisibility visibility) => visibility == DatasetVisibility.Public ? "public" : "private";
}
