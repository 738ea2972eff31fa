namespace JobHub.Runtime;

/// <summary>A grain addressed by a Guid key (stored as its "D" text form).</summary>
public interface IGrainWithGuidKey : IGrain
{
}
