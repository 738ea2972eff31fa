namespace JobHub.Runtime.Cluster;

/// <summary>
/// The sink of a call this silo only passes on (a gateway forwarding a client's call, or another silo's
/// call to a client): the answer body from the next hop goes back as it is, not parsed and written again.
/// </summary>
internal interface IRelayedAnswerSink
{
    void SetAnswer(ReadOnlyMemory<byte> body);

    /// <summary>Nothing ran: the previous hop reads this as a refusal (and may ask elsewhere).</summary>
    void Refuse(Exception refusal);
}
