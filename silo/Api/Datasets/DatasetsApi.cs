using System.Collections.Immutable;
using JobHub.Contracts.Datasets;
using JobHub.Contracts.Identity;
using JobHub.Contracts.Projects;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Datasets;
using JobHub.Grains.Datasets;
using JobHub.Silo.Api.Problems;
using JobHub.Silo.Api.Projects;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using MediaTypeHeaderValue = System.Net.Http.Headers.MediaTypeHeaderValue;

namespace JobHub.Silo.Api.Datasets;

/// <summary>
/// <c>/api/v1/datasets</c>: users' datasets (docs/datasets.md). Every call needs an API token (401 without one). The owner
/// uploads, reads, changes the visibility of and deletes a dataset; anyone with a token reads a public one, the members of
/// a project one shared with it; any other dataset answers 404 to everyone else, admins included, exactly as a dataset
/// that does not exist.
/// </summary>
/// <remarks>
/// An upload streams the raw body into a temporary file in the shared blob folder while hashing it, never holding it in
/// memory; only when it is complete (and still fits the owner's quota) is it moved into place and does the dataset point
/// to it, so a replaced dataset's old content stays readable until then. A refused or broken upload leaves nothing behind.
/// </remarks>
public static class DatasetsApi
{
    /// <summary>The field an upload's size and quota refusals are filed under.</summary>
    public const string ContentField = "content";

    private const string OctetStream = "application/octet-stream";

    public static RouteGroupBuilder MapDatasetsApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("/api/v1/datasets").WithTags("Datasets").ProducesCommonProblems();
        group.MapPut("/{name}", UploadAsync).WithName("UploadDataset")
            .WithSummary("Stores the raw request body (application/octet-stream) as the caller's dataset {name}, replacing one of that name; visibility=private|public. 413 over the caller's quota or the largest dataset, with the figures.")
            .Accepts<Stream>(OctetStream)

            // 404: a path whose name is not one segment (an unescaped '/') matches no dataset route.
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/", ListAsync).WithName("ListDatasets")
            .WithSummary("The caller's datasets by name, with public=true other users' public ones, or with project={name} those shared with a project the caller is a member of (by owner and name); a page at a time (limit, cursor).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapGet("/usage", UsageAsync).WithName("GetDatasetUsage").WithSummary("The caller's dataset count, bytes used, quota and largest dataset.");
        group.MapGet("/{owner}/{name}", GetAsync).WithName("GetDataset")
            .WithSummary("A dataset's size, SHA-256, times and visibility; 404 when there is none the caller may read.")
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapGet("/{owner}/{name}/content", DownloadAsync).WithName("DownloadDataset")
            .WithSummary("A dataset's content, streamed, with Content-Length and the SHA-256 as ETag; Range requests are answered 206.")
            .Produces(StatusCodes.Status200OK, contentType: OctetStream)
            .ProducesProblems(StatusCodes.Status404NotFound);
        group.MapPut("/{owner}/{name}/visibility", SetVisibilityAsync).WithName("SetDatasetVisibility")
            .WithSummary("Makes a dataset private, public, or shared with a project the owner is a member of ({\"visibility\":\"project\",\"project\":\"ml\"}); owner only: 403 for another user's dataset the caller can read, 404 otherwise.")
            .WithMetadata(new RequestSizeLimitAttribute(JobLimits.MaxJsonBodyBytes))
            .ProducesBodyProblems().ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        group.MapDelete("/{owner}/{name}", DeleteAsync).WithName("DeleteDataset")
            .WithSummary("Deletes a dataset (owner only; 403 for another user's dataset the caller can read, 404 otherwise).")
            .ProducesProblems(StatusCodes.Status403Forbidden, StatusCodes.Status404NotFound);
        return group;
    }

    private static async Task<Results<Created<DatasetInfo>, Ok<DatasetInfo>, UnauthorizedHttpResult, ProblemHttpResult>> UploadAsync(
        string name, HttpContext context, IGrainFactory grains, DatasetContentStore store, IOptions<DatasetsOptions> options, string? visibility = null)
    {
        if (Caller(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        name = Uri.UnescapeDataString(name);
        if (DatasetNames.NameProblem(name) is { } nameProblem)
        {
            return ApiProblems.Field("name", nameProblem);
        }

        DatasetVisibility? wanted = null;
        if (visibility is not null)
        {
            if (!EnumWords.TryParse<DatasetVisibility>(visibility, out var parsed))
            {
                return ApiProblems.Field("visibility", $"'{TextRules.Show(visibility)}' is not {EnumWords.OneOf(typeof(DatasetVisibility))}.");
            }

            if (parsed == DatasetVisibility.Project)
            {
                return ApiProblems.Field("visibility", "An upload is private or public; share the dataset with a project afterwards (PUT /api/v1/datasets/{owner}/{name}/visibility with visibility 'project' and the project).");
            }

            wanted = parsed;
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType) || !string.Equals(mediaType.MediaType, OctetStream, StringComparison.OrdinalIgnoreCase))
        {
            return ApiProblems.Field(
                ContentField,
                $"Send the dataset as the raw request body with Content-Type {OctetStream} (was '{TextRules.Show(context.Request.ContentType)}').",
                StatusCodes.Status415UnsupportedMediaType);
        }

        var owner = grains.GetGrain<IDatasetOwnerGrain>(user);
        var allowance = await owner.GetAllowance(name);
        if (context.Request.ContentLength is { } declared && declared > allowance.AllowedBytes)
        {
            return TooLarge(DatasetQuotaExceededException.Describe(declared, allowance));
        }

        // This endpoint's own request size limit (not the server's 30 MB default, nor the JSON APIs' 1 MiB).
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = options.Value.MaxDatasetBytes;
        }

        ReceivedDataset received;
        try
        {
            received = await store.ReceiveAsync(context.Request.Body, allowance.AllowedBytes, context.RequestAborted);
        }
        catch (DatasetTooLargeException)
        {
            return TooLarge(DatasetQuotaExceededException.Describe(null, allowance));
        }
        catch (BadHttpRequestException bad) when (bad.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(DatasetQuotaExceededException.Describe(null, allowance));
        }

        try
        {
            var stored = await owner.Commit(new DatasetUpload(name, received.IncomingId, received.Sha256, received.SizeBytes, wanted));
            var location = $"/api/v1/datasets/{Uri.EscapeDataString(user)}/{Uri.EscapeDataString(name)}";
            return stored.Created ? TypedResults.Created(location, stored.Dataset) : TypedResults.Ok(stored.Dataset);
        }
        catch (DatasetQuotaExceededException exceeded)
        {
            // Another upload of the same owner completed first; the grain removed this one's file.
            return TooLarge(exceeded.Message);
        }
        finally
        {
            // Gone already when stored or refused by the grain; this catches a failure in between.
            store.DeleteIncoming(received.IncomingId);
        }
    }

    private static async Task<Results<Ok<DatasetPage>, UnauthorizedHttpResult, ProblemHttpResult>> ListAsync(
        HttpContext context, IGrainFactory grains, [FromQuery(Name = "public")] bool? publicOnes = null, string? project = null, int limit = 50, string? cursor = null)
    {
        if (Caller(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        if (limit is < 1 or > DatasetNames.MaxPage)
        {
            return ApiProblems.Field("limit", $"The page size must be between 1 and {DatasetNames.MaxPage} (was {limit}).");
        }

        if (project is not null && publicOnes == true)
        {
            return ApiProblems.Field("project", "List either public datasets (public=true) or those shared with a project (project={name}), not both.");
        }

        if (project is not null && ProjectNames.NameProblem(project) is { } projectProblem)
        {
            return ApiProblems.Field("project", projectProblem);
        }

        var others = publicOnes == true || project is not null;
        if (cursor is not null && (others ? !cursor.Contains('/', StringComparison.Ordinal) || DatasetNames.ReferenceProblem(cursor) is not null : !DatasetNames.IsValid(cursor)))
        {
            return ApiProblems.Field("cursor", "This is not a cursor this server handed out: pass the nextCursor of the previous page unchanged.");
        }

        if (!others)
        {
            var mine = await grains.GetGrain<IDatasetOwnerGrain>(user).List(user);
            var page = mine.Where(d => cursor is null || string.CompareOrdinal(d.Name, cursor) > 0).Take(limit + 1).ToList();
            var more = page.Count > limit;
            return TypedResults.Ok(new DatasetPage([.. page.Take(limit)], more ? page[limit - 1].Name : null));
        }

        if (project is null)
        {
            return TypedResults.Ok(await DirectoryPageAsync(grains, IDatasetDirectoryGrain.PublicKey, user, cursor, limit, d => d.Visibility == DatasetVisibility.Public && d.Owner != user));
        }

        await ProjectAccess.RequireMemberAsync(grains, project, user, $"list the datasets shared with project '{project}'");
        return TypedResults.Ok(await DirectoryPageAsync(grains, IDatasetDirectoryGrain.ProjectKey(project), user, cursor, limit, d => d.Visibility == DatasetVisibility.Project && d.Project == project));
    }

    /// <summary>
    /// The datasets of the list <paramref name="key"/> after <paramref name="cursor"/> (an <c>owner/name</c> key) that
    /// <paramref name="user"/> may read and that still <paramref name="belong"/> there (a stale key is skipped).
    /// </summary>
    private static async Task<DatasetPage> DirectoryPageAsync(IGrainFactory grains, string key, string user, string? cursor, int limit, Func<DatasetInfo, bool> belong)
    {
        var list = grains.GetGrain<IDatasetDirectoryGrain>(key);
        var found = ImmutableArray.CreateBuilder<DatasetInfo>(limit);
        var after = cursor;
        while (true)
        {
            var keys = await list.Page(after, limit + 1);
            foreach (var listed in keys)
            {
                if (found.Count == limit)
                {
                    return new DatasetPage(found.ToImmutable(), after);
                }

                after = listed;
                var (owner, name) = DatasetNames.Resolve(listed, user);
                if (await grains.GetGrain<IDatasetOwnerGrain>(owner).Get(name, user) is { } info && belong(info))
                {
                    found.Add(info);
                }
            }

            if (keys.Length <= limit)
            {
                return new DatasetPage(found.ToImmutable(), null);
            }
        }
    }

    private static async Task<Results<Ok<DatasetUsage>, UnauthorizedHttpResult>> UsageAsync(HttpContext context, IGrainFactory grains) =>
        Caller(context) is not { } user ? TypedResults.Unauthorized() : TypedResults.Ok(await grains.GetGrain<IDatasetOwnerGrain>(user).GetUsage());

    private static async Task<Results<Ok<DatasetInfo>, UnauthorizedHttpResult, ProblemHttpResult>> GetAsync(string owner, string name, HttpContext context, IGrainFactory grains)
    {
        if (Caller(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        name = Uri.UnescapeDataString(name);
        if (Refusal(owner, name) is { } refused)
        {
            return refused;
        }

        return await grains.GetGrain<IDatasetOwnerGrain>(owner).Get(name, user) is { } info ? TypedResults.Ok(info) : NotFound(owner, name);
    }

    private static async Task<Results<FileStreamHttpResult, UnauthorizedHttpResult, ProblemHttpResult>> DownloadAsync(
        string owner, string name, HttpContext context, IGrainFactory grains, DatasetContentStore store)
    {
        if (Caller(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        name = Uri.UnescapeDataString(name);
        if (Refusal(owner, name) is { } refused)
        {
            return refused;
        }

        // Twice at most: a replacement that completes between reading the metadata and opening its file removes the old content.
        for (var attempt = 0; attempt < 2; attempt++)
        {
            if (await grains.GetGrain<IDatasetOwnerGrain>(owner).Get(name, user) is not { } info)
            {
                break;
            }

            if (store.OpenRead(info.Owner, info.Sha256) is { } content)
            {
                return TypedResults.File(
                    content,
                    OctetStream,
                    lastModified: info.UpdatedAt,
                    entityTag: new EntityTagHeaderValue($"\"{info.Sha256}\""),
                    enableRangeProcessing: true);
            }
        }

        return NotFound(owner, name);
    }

    private static async Task<Results<Ok<DatasetInfo>, UnauthorizedHttpResult, ProblemHttpResult>> SetVisibilityAsync(
        string owner, string name, DatasetVisibilityRequest request, HttpContext context, IGrainFactory grains)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Caller(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        name = Uri.UnescapeDataString(name);
        if (Refusal(owner, name) is { } refused)
        {
            return refused;
        }

        if (!Enum.IsDefined(request.Visibility))
        {
            return ApiProblems.Field("visibility", $"Visibility must be {EnumWords.OneOf(typeof(DatasetVisibility))}.");
        }

        return TypedResults.Ok(await grains.GetGrain<IDatasetOwnerGrain>(owner).SetVisibility(name, request.Visibility, request.Project, user));
    }

    private static async Task<Results<NoContent, UnauthorizedHttpResult, ProblemHttpResult>> DeleteAsync(string owner, string name, HttpContext context, IGrainFactory grains)
    {
        if (Caller(context) is not { } user)
        {
            return TypedResults.Unauthorized();
        }

        name = Uri.UnescapeDataString(name);
        if (Refusal(owner, name) is { } refused)
        {
            return refused;
        }

        await grains.GetGrain<IDatasetOwnerGrain>(owner).Delete(name, user);
        return TypedResults.NoContent();
    }

    /// <summary>The acting user; null without an API token (anon, or a job's own token): datasets are for users.</summary>
    private static string? Caller(HttpContext context) => CallerIdentity.IsAuthenticated(context) ? CallerIdentity.Actor(context) : null;

    private static ProblemHttpResult? Refusal(string owner, string name) =>
        IdentityNames.UserNameProblem(owner) is { } ownerProblem ? ApiProblems.Field("owner", $"'{TextRules.Show(owner)}' is not a user name: {ownerProblem}.")
        : DatasetNames.NameProblem(name) is { } nameProblem ? ApiProblems.Field("name", nameProblem)
        : null;

    private static ProblemHttpResult NotFound(string owner, string name) =>
        TypedResults.Problem(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound,
            Title = "No such dataset.",
            Detail = $"There is no dataset '{TextRules.Show(owner)}/{TextRules.Show(name)}' you can read.",
        });

    private static ProblemHttpResult TooLarge(string detail) => ApiProblems.Field(ContentField, detail, StatusCodes.Status413PayloadTooLarge);
}
