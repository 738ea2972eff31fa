namespace JobHub.Runtime.Core;

/// <summary>Something an activation runs as a request-like turn: admitted one at a time unless it interleaves.</summary>
internal abstract class Turn
{
    /// <summary>True when this turn may start while other turns of the activation are still in flight.</summary>
    public abstract bool Interleaves { get; }

    /// <summary>The activation running this turn, once started.</summary>
    public Activation? Owner { get; set; }

    /// <summary>The running invocation, once started.</summary>
    public Task? Invocation { get; set; }
}
