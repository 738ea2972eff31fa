using System.Net.Http.Headers;
using JobHub.Agent.Bundles;
using JobHub.Contracts.Jobs;
using JobHub.GrainInterfaces.Jobs;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;

namespace JobHub.Silo.Api;

/// <summary>
/// <c>/api/v1/bundles</c>: upload a code bundle (a folder as tar.gz) that jobs then run from
/// (<see cref="JobSpec.CodeBundleId"/> with <see cref="JobSpec.EntryScript"/>), and read its description.
/// </summary>
/// <remarks>
/// An upload is checked completely before it is accepted: it is unpacked into a scratch folder with the
/// same rules a node applies (only files and folders, no absolute or <c>..</c> names, no links) and the
/// configured limit (<c>JobHub:Agent:CodeBundleLimitBytes</c>, which also limits the archive itself).
/// </remarks>
public static class BundlesApi
{
    private static readonly string[] ArchiveMediaTypes = ["application/gzip", "application/x-gzip", "application/octet-stream"];

    public static RouteGroupBuilder MapBundlesApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("/api/v1/bundles").WithTags("Bundles");
        group.MapPost("/", UploadAsync).WithName("UploadCodeBundle")
            .WithSummary("Stores a code bundle (the request body: a tar.gz); 400 when it is not a safe tar.gz, 413 over the size limit.")
            .Accepts<Stream>(ArchiveMediaTypes[0], ArchiveMediaTypes[1..]);
        group.MapGet("/{id}", GetAsync).WithName("GetCodeBundle").WithSummary("An uploaded code bundle's size and file count.");
        return group;
    }

    private static async Task<Results<Created<CodeBundleInfo>, UnauthorizedHttpResult, ProblemHttpResult>> UploadAsync(HttpContext context, CodeBundleStore bundles)
    {
        if (CallerIdentity.ForUser(context) is null)
        {
            return TypedResults.Unauthorized();
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !ArchiveMediaTypes.Contains(mediaType.MediaType, StringComparer.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                $"Send the bundle as the request body with Content-Type {string.Join(" or ", ArchiveMediaTypes)} (was '{context.Request.ContentType}').",
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The code bundle must be a tar.gz.");
        }

        var limit = bundles.LimitBytes;
        if (context.Request.ContentLength > limit)
        {
            return TooLarge($"The archive is {context.Request.ContentLength} bytes; the limit is {limit} bytes.");
        }

        // The store enforces the bundle limit while it reads; the server's general body limit must not cut in first.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = null;
        }

        try
        {
            var stored = await bundles.AddAsync(context.Request.Body, context.RequestAborted);
            return TypedResults.Created($"/api/v1/bundles/{stored.BundleId}", InfoOf(stored));
        }
        catch (CodeBundleTooLargeException tooLarge)
        {
            return TooLarge(tooLarge.Message);
        }
        catch (InvalidDataException invalid)
        {
            return TypedResults.Problem(invalid.Message, statusCode: StatusCodes.Status400BadRequest, title: "The code bundle was refused.");
        }
    }

    private static async Task<Results<Ok<CodeBundleInfo>, UnauthorizedHttpResult, ProblemHttpResult>> GetAsync(string id, HttpContext context, CodeBundleStore bundles)
    {
        if (CallerIdentity.ForUser(context) is null)
        {
            return TypedResults.Unauthorized();
        }

        return await bundles.GetAsync(id, context.RequestAborted) is { } stored
            ? TypedResults.Ok(InfoOf(stored))
            : TypedResults.Problem($"There is no code bundle '{id}'.", statusCode: StatusCodes.Status404NotFound, title: "No such code bundle.");
    }

    private static ProblemHttpResult TooLarge(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status413PayloadTooLarge, title: "The code bundle is too large.");

    private static CodeBundleInfo InfoOf(StoredCodeBundle stored) =>
        new(stored.BundleId, stored.SizeBytes, stored.Files, stored.UnpackedBytes, stored.UploadedAt);
}
