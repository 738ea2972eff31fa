namespace JobHub.Grains.Scheduling.Status;

/// <summary>Why a job waits: the kind, a sentence for people, and when nodes being started should be up.</summary>
/// <param name="Kind">The reason's kind.</param>
/// <param name="Detail">For example "waiting for free nodes: scale-up of pool cpu in progress".</param>
/// <param name="Eta">When the first node being started for it is expected up; null when none is starting.</param>
public sealed record PendingReason(PendingReasonKind Kind, string Detail, DateTimeOffset? Eta = null);
