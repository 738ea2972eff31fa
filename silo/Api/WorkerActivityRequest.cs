namespace JobHub.Silo.Api;

/// <summary>Body of <c>PUT /api/v1/jobs/{id}/workers/{index}/activity</c>: whether the worker's process waits for work.</summary>
public sealed record WorkerActivityRequest(bool? Idle);
