namespace JobHub.Runtime;

/// <summary>Marker for grain interfaces. Every method must return Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
public interface IGrain
{
}
