namespace JobHub.Runtime.Messaging;

/// <summary>The grains a request passed through, outermost first; immutable and shared between messages.</summary>
internal sealed class CallChain
{
    private CallChain(GrainId grain, long requestId, CallChain? parent)
    {
        Grain = grain;
        RequestId = requestId;
        Parent = parent;
        Depth = (parent?.Depth ?? 0) + 1;
    }

    public GrainId Grain { get; }

    /// <summary>The id of the request <see cref="Grain"/> was running when it made the call.</summary>
    public long RequestId { get; }

    public CallChain? Parent { get; }

    public int Depth { get; }

    public static CallChain Extend(CallChain? parent, GrainId grain, long requestId) => new(grain, requestId, parent);

    /// <summary>True when this chain passes through the request with the given message id.</summary>
    public bool Includes(long requestId)
    {
        for (var link = this; link is not null; link = link.Parent)
        {
            if (link.RequestId == requestId)
            {
                return true;
            }
        }

        return false;
    }

    public static IReadOnlyList<GrainId> ToList(CallChain? chain, GrainId target)
    {
        var list = new List<GrainId> { target };
        for (var link = chain; link is not null; link = link.Parent)
        {
            list.Add(link.Grain);
        }

        list.Reverse();
        return list;
    }
}
