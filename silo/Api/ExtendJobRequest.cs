namespace JobHub.Silo.Api;

/// <summary>Body of <c>POST /api/v1/jobs/{id}/extend</c>: how much time to add to the limit.</summary>
public sealed record ExtendJobRequest(TimeSpan Duration);
