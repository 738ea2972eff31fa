namespace JobHub.GrainInterfaces.Jobs;

/// <summary>One stored result file.</summary>
/// <param name="RelativePath">Path below the upload folder, '/'-separated.</param>
/// <param name="Size">Bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
public sealed record JobResultFile(string RelativePath, long Size, string Sha256);
