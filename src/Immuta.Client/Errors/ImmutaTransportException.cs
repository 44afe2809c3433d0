namespace Immuta.Client;

/// <summary>The request did not get an answer: the connection failed or was reset, or the call timed out.</summary>
public class ImmutaTransportException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="method">The HTTP method of the call.</param>
    /// <param name="path">The path of the call.</param>
    /// <param name="isTimeout">Whether the call timed out.</param>
    /// <param name="innerException">The cause.</param>
    public ImmutaTransportException(string message, string method, string path, bool isTimeout, Exception? innerException)
        : base(message, innerException)
    {
        Method = method;
        Path = path;
        IsTimeout = isTimeout;
    }

    /// <summary>The HTTP method of the call.</summary>
    public string Method { get; }

    /// <summary>The path of the call.</summary>
    public string Path { get; }

    /// <summary>Whether the call timed out (rather than failing to connect or being reset).</summary>
    public bool IsTimeout { get; }

    /// <summary>
    /// Whether a handler of the caller's <see cref="HttpClient"/> had followed a redirect to another origin, where the call
    /// failed: not transient, as another attempt would be redirected there again.
    /// </summary>
    internal bool FollowedRedirect { get; init; }
}
