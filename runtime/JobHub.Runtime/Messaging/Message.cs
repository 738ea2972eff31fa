using JobHub.Runtime.Core;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Messaging;

/// <summary>A request to one grain: the method, copied arguments, who asked, and until when an answer is useful.</summary>
internal sealed class Message : Turn
{
    public Message(long id, GrainId target, GrainMethod method, object?[] arguments, GrainId? sender, CallChain? chain, long sentTimestamp, long deadlineTimestamp, IResponseSink? response)
    {
        Id = id;
        Target = target;
        Method = method;
        Arguments = arguments;
        Sender = sender;
        Chain = chain;
        SentTimestamp = sentTimestamp;
        DeadlineTimestamp = deadlineTimestamp;
        Response = response;
    }

    public long Id { get; }

    public GrainId Target { get; }

    public GrainMethod Method { get; }

    public object?[] Arguments { get; }

    /// <summary>The calling grain, or null for a call from outside any grain.</summary>
    public GrainId? Sender { get; }

    /// <summary>The grains that led to this call (not including <see cref="Target"/>).</summary>
    public CallChain? Chain { get; }

    public long SentTimestamp { get; }

    public long DeadlineTimestamp { get; }

    /// <summary>Null for one-way calls.</summary>
    public IResponseSink? Response { get; }

    public override bool Interleaves => Method.AlwaysInterleave;

    /// <summary>How many times the message was re-routed (to a fresh activation after the old one went away).</summary>
    public int Reroutes { get; set; }

    public bool IsExpired(long nowTimestamp) => nowTimestamp > DeadlineTimestamp;

    public override string ToString() => $"#{Id} {Method.DisplayName} on {Target}";
}
