namespace JobHub.Runtime;

/// <summary>A grain addressed by a string key.</summary>
public interface IGrainWithStringKey : IGrain
{
}
