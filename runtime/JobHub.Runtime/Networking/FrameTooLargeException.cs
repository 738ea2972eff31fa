namespace JobHub.Runtime.Networking;

/// <summary>A payload is larger than <see cref="NetworkingOptions.MaxFramePayloadBytes"/> on the sending or the receiving side.</summary>
public sealed class FrameTooLargeException : JobHubException
{
    public FrameTooLargeException(int payloadBytes, int limitBytes)
        : base($"A frame payload of {payloadBytes} bytes exceeds the limit of {limitBytes} bytes (NetworkingOptions.MaxFramePayloadBytes); it was not sent.")
    {
        PayloadBytes = payloadBytes;
        LimitBytes = limitBytes;
    }

    public FrameTooLargeException(string message, int payloadBytes, int limitBytes)
        : base(message)
    {
        PayloadBytes = payloadBytes;
        LimitBytes = limitBytes;
    }

    public int PayloadBytes { get; }

    public int LimitBytes { get; }
}
