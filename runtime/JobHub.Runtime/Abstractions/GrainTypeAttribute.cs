namespace JobHub.Runtime;

/// <summary>
/// The durable grain type name stored in grain ids (and so in persisted state and reminders).
/// Without it the name is the class name without a trailing "Grain", in lower case.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
