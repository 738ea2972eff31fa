namespace JobHub.Runtime.Core;

/// <summary>A component of an activation (persistent state) that loads before OnActivateAsync and flushes after OnDeactivateAsync.</summary>
internal interface IActivationParticipant
{
    Task OnActivateAsync(CancellationToken cancellationToken);

    Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken);
}
