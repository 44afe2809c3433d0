namespace Immuta.Client;

/// <summary>The base of every exception this SDK throws.</summary>
public class ImmutaException : Exception
{
    /// <summary>Creates an exception.</summary>
    public ImmutaException()
    {
    }

    /// <summary>Creates an exception with a message.</summary>
    /// <param name="message">What went wrong.</param>
    public ImmutaException(string message)
        : base(message)
    {
    }

    /// <summary>Creates an exception with a message and a cause.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ImmutaException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
