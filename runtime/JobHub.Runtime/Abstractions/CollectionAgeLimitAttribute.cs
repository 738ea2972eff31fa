namespace JobHub.Runtime;

/// <summary>Overrides <c>JobHubRuntimeOptions.CollectionAge</c> for one grain class.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class CollectionAgeLimitAttribute(double minutes) : Attribute
{
    public TimeSpan Age { get; } = TimeSpan.FromMinutes(minutes);
}
