namespace JobHub.Runtime.Storage;

/// <summary>One stored grain state: its JSON payload and the ETag that guards the next write.</summary>
public sealed record GrainStateRecord(string PayloadJson, string Etag);
