namespace JobHub.Agent.Bundles;

/// <summary>
/// A code bundle is over its size limit (the archive itself, or what it unpacks to). Bad bundles otherwise
/// raise <see cref="InvalidDataException"/> (a sealed type, hence the <see cref="IOException"/> base here).
/// </summary>
public sealed class CodeBundleTooLargeException : IOException
{
    /// <summary>Creates the exception.</summary>
    public CodeBundleTooLargeException()
    {
    }

    /// <summary>Creates the exception with its message.</summary>
    public CodeBundleTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its message and cause.</summary>
    public CodeBundleTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
