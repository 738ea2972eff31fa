using System.Net.Http.Headers;
using JobHub.Agent.Bundles;
using JobHub.Contracts.Jobs;
using JobHub.Contracts.Validation;
using JobHub.GrainInterfaces.Jobs;
using JobHub.Silo.Api.Problems;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JobHub.Silo.Api;

/// <summary>
/// <c>/api/v1/bundles</c>: upload a code bundle (a folder as tar.gz) that jobs then run from
/// (<see cref="JobSpec.CodeBundleId"/> with <see cref="JobSpec.EntryScript"/>), and read its description.
/// </summary>
/// <remarks>
/// An upload is checked completely before anything is stored (<see cref="CodeBundleStore.AddAsync"/>: the rules a node
/// applies when it unpacks, <see cref="CodeBundleLimits"/>, and the configured size limit
/// <c>JobHub:Agent:CodeBundleLimitBytes</c>, which also limits the archive itself). A refusal is problem details whose
/// <c>detail</c> and <c>errors.bundle</c> name the rule and the entry: 400 for a bad archive or entry, 413 over a size
/// limit, 415 for another content type. Client text in messages (entry names, ids) is cut to 80 characters and escaped.
/// </remarks>
public static class BundlesApi
{
    /// <summary>The field refusals of an upload are filed under.</summary>
    public const string BundleField = "bundle";

    private static readonly string[] ArchiveMediaTypes = ["application/gzip", "application/x-gzip", "application/octet-stream"];

    public static RouteGroupBuilder MapBundlesApi(this IEndpointRouteBuilder routes)
    {
        ArgumentNullException.ThrowIfNull(routes);
        var group = routes.MapGroup("/api/v1/bundles").WithTags("Bundles");
        group.MapPost("/", UploadAsync).WithName("UploadCodeBundle")
            .WithSummary("Stores a code bundle (the request body: a tar.gz); 400 when it is not a safe tar.gz, 413 over a size limit, 415 for another content type.")
            .Accepts<Stream>(ArchiveMediaTypes[0], ArchiveMediaTypes[1..]);
        group.MapGet("/{id}", GetAsync).WithName("GetCodeBundle").WithSummary("An uploaded code bundle's size and file count; 404 when there is none.");
        return group;
    }

    private static async Task<Results<Created<CodeBundleInfo>, ProblemHttpResult>> UploadAsync(HttpContext context, CodeBundleStore bundles)
    {
        if (CallerIdentity.ForUser(context) is null)
        {
            return ApiProblems.SignInRequired();
        }

        if (!MediaTypeHeaderValue.TryParse(context.Request.ContentType, out var mediaType)
            || !ArchiveMediaTypes.Contains(mediaType.MediaType, StringComparer.OrdinalIgnoreCase))
        {
            return Refused(
                StatusCodes.Status415UnsupportedMediaType,
                $"Send the bundle as the request body with Content-Type {string.Join(" or ", ArchiveMediaTypes)} (was '{TextRules.Show(context.Request.ContentType)}').",
                "The code bundle must be a tar.gz.");
        }

        var limit = bundles.LimitBytes;
        if (context.Request.ContentLength > limit)
        {
            return Refused(StatusCodes.Status413PayloadTooLarge, $"Code bundle refused: the archive is {context.Request.ContentLength} bytes; the limit is {limit} bytes.");
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
            return Refused(StatusCodes.Status413PayloadTooLarge, tooLarge.Message);
        }
        catch (InvalidDataException invalid)
        {
            return Refused(StatusCodes.Status400BadRequest, invalid.Message);
        }
    }

    private static async Task<Results<Ok<CodeBundleInfo>, ProblemHttpResult>> GetAsync(string id, HttpContext context, CodeBundleStore bundles)
    {
        if (CallerIdentity.ForUser(context) is null)
        {
            return ApiProblems.SignInRequired();
        }

        // An id that cannot name a bundle is not looked up (the store answers null for it without touching a file).
        if (await bundles.GetAsync(id, context.RequestAborted) is { } stored)
        {
            return TypedResults.Ok(InfoOf(stored));
        }

        var detail = CodeBundleStore.IsValidId(id)
            ? $"There is no code bundle '{TextRules.Show(id)}'."
            : $"There is no code bundle '{TextRules.Show(id)}': a bundle id is 1 to {JobLimits.MaxCodeBundleIdLength} ASCII letters, digits, '-', '_' or '.', starting with a letter or digit.";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "No such code bundle.");
    }

    /// <summary>A refused upload: the rule in <c>detail</c> and under <c>errors.bundle</c>.</summary>
    private static ProblemHttpResult Refused(int status, string detail, string title = "The code bundle was refused.") =>
        TypedResults.Problem(new ValidationProblemDetails(new Dictionary<string, string[]>(StringComparer.Ordinal) { [BundleField] = [detail] })
        {
            Status = status,
            Title = title,
            Detail = detail,
        });

    private static CodeBundleInfo InfoOf(StoredCodeBundle stored) =>
        new(stored.BundleId, stored.SizeBytes, stored.Files, stored.UnpackedBytes, stored.UploadedAt);
}
