namespace JobHub.Runtime.Core;

/// <summary>A request to the activation itself, run in its loop like any other work item.</summary>
internal sealed record ActivationCommand(ActivationCommandKind Kind, DeactivationReason Reason, TimeSpan IdleAge = default);
