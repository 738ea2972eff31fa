namespace JobHub.Runtime;

/// <summary>This interface method interleaves with every other request of the grain, even on a non-reentrant grain.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute
{
}
