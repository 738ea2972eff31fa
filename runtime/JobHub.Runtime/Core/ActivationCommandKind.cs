namespace JobHub.Runtime.Core;

internal enum ActivationCommandKind
{
    /// <summary>Deactivate once in-flight turns finish.</summary>
    Deactivate,

    /// <summary>Deactivate only if still idle for the given age when the command runs.</summary>
    DeactivateIfIdle,
}
