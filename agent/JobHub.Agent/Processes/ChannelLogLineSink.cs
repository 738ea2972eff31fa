using System.Threading.Channels;

namespace JobHub.Agent.Processes;

/// <summary>A sink that writes lines into a <see cref="ChannelWriter{T}"/> the caller reads.</summary>
public sealed class ChannelLogLineSink : ILogLineSink
{
    private readonly ChannelWriter<LogLine> _writer;

    /// <summary>Writes into <paramref name="writer"/>; the caller owns completing the channel.</summary>
    public ChannelLogLineSink(ChannelWriter<LogLine> writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        _writer = writer;
    }

    /// <inheritdoc />
    public ValueTask WriteAsync(LogLine line, CancellationToken cancellationToken) => _writer.WriteAsync(line, cancellationToken);
}
