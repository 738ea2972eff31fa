using JobHub.Runtime.Messaging;
using JobHub.Runtime.Metadata;

namespace JobHub.Runtime.Serialization;

/// <summary>A grain call as read off the wire, ready to become a <see cref="Message"/> on the receiving silo (a struct: one allocation fewer per inbound call).</summary>
internal readonly record struct WireRequest(
    long Id,
    GrainId Target,
    GrainMethod Method,
    object?[] Arguments,
    GrainId? Sender,
    CallChain? Chain,
    TimeSpan RemainingTime);
