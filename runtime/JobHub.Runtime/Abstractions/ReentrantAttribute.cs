namespace JobHub.Runtime;

/// <summary>Requests to this grain class may interleave at await points (turns still never run in parallel).</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute
{
}
