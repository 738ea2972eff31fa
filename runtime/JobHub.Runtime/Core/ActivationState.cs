namespace JobHub.Runtime.Core;

/// <summary>The life of an activation, as in Orleans: Created → Activating → Valid → Deactivating → Invalid.</summary>
internal enum ActivationState
{
    Created,
    Activating,
    Valid,
    Deactivating,
    Invalid,
}
