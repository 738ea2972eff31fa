namespace JobHub.Runtime;

/// <summary>
/// Marks an exception type that keeps its data when it crosses silos. Its public properties (other than
/// those of <see cref="Exception"/>) travel as JSON, and the caller's silo rebuilds the same type through
/// the public constructor whose parameters they match by name (a <c>message</c> parameter takes the
/// message, an <c>innerException</c> parameter gets null). Without it, an exception is rebuilt only
/// through a standard <c>(string message, Exception? innerException)</c> constructor; any other type
/// reaches the caller as a <see cref="RemoteGrainException"/> with its type name and message.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public sealed class PortableExceptionAttribute : Attribute
{
}
