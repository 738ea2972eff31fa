namespace JobHub.Agent.Results;

/// <summary>One uploaded result file.</summary>
/// <param name="RelativePath">Path below the upload folder, <c>/</c>-separated.</param>
/// <param name="Size">Size in bytes.</param>
/// <param name="Sha256">SHA-256 of the content, lower-case hex.</param>
public sealed record StoredResultFile(string RelativePath, long Size, string Sha256);
