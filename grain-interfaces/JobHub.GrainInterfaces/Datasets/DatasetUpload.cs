using JobHub.Contracts.Datasets;
using Orleans;

namespace JobHub.GrainInterfaces.Datasets;

/// <summary>A completely received upload, waiting in the blob folder's incoming folder to be stored.</summary>
/// <param name="Name">The dataset name.</param>
/// <param name="IncomingId">The received file's id (32 hex digits, made by the server).</param>
/// <param name="Sha256">SHA-256 of what was received, lower-case hex.</param>
/// <param name="SizeBytes">Bytes received.</param>
/// <param name="Visibility">The visibility to set; null keeps a replaced dataset's (private for a new one).</param>
[GenerateSerializer]
[Immutable]
[Alias("jobhub.DatasetUpload")]
public sealed record DatasetUpload([Id(0)] string Name, [Id(1)] string IncomingId, [Id(2)] string Sha256, [Id(3)] long SizeBytes, [Id(4)] DatasetVisibility? Visibility);
