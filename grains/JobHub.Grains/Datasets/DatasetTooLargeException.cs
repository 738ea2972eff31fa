namespace JobHub.Grains.Datasets;

/// <summary>An upload sent more than it was allowed; what was received is already deleted.</summary>
public sealed class DatasetTooLargeException : Exception
{
    /// <summary>Creates the exception: more than <paramref name="limitBytes"/> bytes arrived.</summary>
    public DatasetTooLargeException(long limitBytes)
        : base($"The upload sent more than the {limitBytes} bytes it may hold.")
    {
        LimitBytes = limitBytes;
    }

    /// <summary>Creates the exception with no figures.</summary>
    public DatasetTooLargeException()
        : this(0)
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public DatasetTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public DatasetTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit the upload went over.</summary>
    public long LimitBytes { get; }
}
