namespace JobHub.Silo.Api;

/// <summary>Body of <c>POST /api/v1/jobs/{id}/stop</c> (optional): why.</summary>
public sealed record StopJobRequest(string? Reason);
