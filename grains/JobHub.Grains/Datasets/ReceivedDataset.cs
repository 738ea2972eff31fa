namespace JobHub.Grains.Datasets;

/// <summary>An upload received completely into the incoming folder, hashed on the way.</summary>
/// <param name="IncomingId">The received file's id (32 hex digits).</param>
/// <param name="Sha256">SHA-256 of the bytes, lower-case hex.</param>
/// <param name="SizeBytes">Bytes received.</param>
public sealed record ReceivedDataset(string IncomingId, string Sha256, long SizeBytes);
