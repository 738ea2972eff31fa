namespace JobHub.Runtime;

/// <summary>Implemented by every grain reference: the identity it points at.</summary>
public interface IAddressable
{
    GrainId GrainId { get; }
}
