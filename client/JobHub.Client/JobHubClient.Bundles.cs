using System.Net.Http.Headers;
using System.Net.Http.Json;
using JobHub.Agent.Bundles;
using JobHub.Contracts.Jobs;

namespace JobHub.Client;

/// <summary>Code bundles: a folder packed as tar.gz, uploaded, then unpacked into the working folder of the jobs that name it.</summary>
public sealed partial class JobHubClient
{
    /// <summary>
    /// Packs <paramref name="folder"/> (every file and sub-folder; symbolic links are skipped; permission bits are kept, so
    /// executable scripts stay executable) into a temporary tar.gz, uploads it and returns the stored bundle.
    /// </summary>
    /// <param name="folder">The folder to pack; its contents become the top of the job's working folder.</param>
    /// <param name="progress">Hears how much of the archive has been sent.</param>
    /// <param name="cancellationToken">Cancels packing and upload.</param>
    /// <exception cref="DirectoryNotFoundException">There is no such folder.</exception>
    /// <exception cref="JobHubApiException">400 when the server refuses the archive (the detail names the problem); 413 over the server's size limit.</exception>
    public async Task<CodeBundleInfo> UploadBundleAsync(string folder, IProgress<CodeBundleUploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        var path = Path.Combine(Path.GetTempPath(), $"jobhub-bundle-{Guid.NewGuid():N}.tar.gz");
        await using var archive = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        await CodeBundle.PackAsync(folder, archive, cancellationToken);
        archive.Position = 0;
        return await UploadBundleAsync(archive, progress, cancellationToken);
    }

    /// <summary>
    /// Uploads a tar.gz archive read from <paramref name="archive"/> (from its current position; left open) as a code bundle.
    /// <see cref="JobHubClientOptions.RequestTimeout"/> limits each pause: it starts again whenever bytes go out, so large
    /// archives are not cut off, and after the last byte the server has that long to check the archive and answer.
    /// </summary>
    /// <exception cref="JobHubApiException">400 when the server refuses the archive (the detail names the problem); 413 over the server's size limit.</exception>
    public async Task<CodeBundleInfo> UploadBundleAsync(Stream archive, IProgress<CodeBundleUploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(archive);
        long? total = archive.CanSeek ? archive.Length - archive.Position : null;
        using var timeout = StartTimeout(TimeSpan.Zero);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        using var request = CreateRequest(HttpMethod.Post, "api/v1/bundles", null);
        request.Content = new StreamContent(new ProgressReadStream(archive, sent =>
        {
            if (_options.RequestTimeout != Timeout.InfiniteTimeSpan)
            {
                timeout.CancelAfter(_options.RequestTimeout);
            }

            progress?.Report(new CodeBundleUploadProgress(sent, total));
        }));
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/gzip");
        request.Content.Headers.ContentLength = total;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            await EnsureSuccessAsync(response, linked.Token);
            return await response.Content.ReadFromJsonAsync<CodeBundleInfo>(JobHubJson.Options, linked.Token)
                ?? throw new JobHubApiException(response.StatusCode, "The answer had no content.", "POST api/v1/bundles");
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"POST {new Uri(BaseAddress, "api/v1/bundles")} made no progress within {_options.RequestTimeout.TotalSeconds:0.#} s.");
        }
    }

    /// <summary>An uploaded code bundle's description.</summary>
    /// <exception cref="JobHubApiException">404 when there is no such bundle.</exception>
    /// <exception cref="JobHubValidationException">The id is not the shape of a bundle id; nothing was sent.</exception>
    public Task<CodeBundleInfo> GetBundleAsync(string bundleId, CancellationToken cancellationToken = default)
    {
        RequestChecks.ThrowIfAny(("bundleId", RequestChecks.BundleIdProblem(bundleId)));
        return SendAsync<CodeBundleInfo>(HttpMethod.Get, "api/v1/bundles/" + Uri.EscapeDataString(bundleId), null, cancellationToken);
    }

    /// <summary>
    /// Uploads <paramref name="bundleFolder"/> as a code bundle (see <see cref="UploadBundleAsync(string, IProgress{CodeBundleUploadProgress}?, CancellationToken)"/>)
    /// and submits <paramref name="spec"/> to run from it: its <see cref="JobSpec.CodeBundleId"/> is set to the new bundle, and its
    /// <see cref="JobSpec.EntryScript"/> (or <see cref="JobSpec.Command"/>) runs in the unpacked folder.
    /// </summary>
    /// <exception cref="JobHubValidationException">The spec breaks a rule; checked before the upload, so nothing was sent.</exception>
    /// <exception cref="JobHubApiException">The bundle or the spec was refused.</exception>
    public async Task<JobInfo> SubmitAsync(JobSpec spec, string bundleFolder, IProgress<CodeBundleUploadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(spec);
        RequestChecks.ThrowIfInvalid(spec with { CodeBundleId = RequestChecks.PendingBundleId }, nameof(spec));
        var bundle = await UploadBundleAsync(bundleFolder, progress, cancellationToken);
        return await SubmitAsync(spec with { CodeBundleId = bundle.BundleId }, cancellationToken);
    }
}
