namespace JobHub.Runtime;

/// <summary>
/// The caller does not wait for this method: its Task completes once the call is queued, and errors
/// are only logged. Allowed on methods returning Task or ValueTask.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OneWayAttribute : Attribute
{
}
