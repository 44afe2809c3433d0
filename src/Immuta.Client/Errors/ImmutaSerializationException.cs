namespace Immuta.Client;

/// <summary>
/// A body could not be read or written as Immuta's JSON: a malformed response from the server (the message names the
/// endpoint and the JSON path), or malformed input given to <see cref="ImmutaJson"/>.
/// </summary>
public class ImmutaSerializationException : ImmutaException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The cause.</param>
    public ImmutaSerializationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The JSON path where reading failed, such as <c>$.config.port</c>, when known.</summary>
    public string? JsonPath { get; init; }

    /// <summary>The HTTP method of the call whose response was malformed, if any.</summary>
    public string? Method { get; init; }

    /// <summary>The file that could not be read, when the text came from one (<see cref="IntegrationDefinitionFile.LoadAsync(string, Func{string, string?}?, CancellationToken)"/>).</summary>
    public string? FilePath { get; init; }

    /// <summary>The line of the JSON or YAML text (of the file as written, counted from 1) where the first problem stands, when known.</summary>
    public int? Line { get; init; }

    /// <summary>The column (in characters, counted from 1) on <see cref="Line"/> where the first problem stands, when known.</summary>
    public int? Column { get; init; }

    /// <summary>The path of the call whose response was malformed, if any.</summary>
    public string? Path { get; init; }

    internal static ImmutaSerializationException FromJsonException(string what, System.Text.Json.JsonException exception, string? method = null, string? path = null)
    {
        var where = method is null ? string.Empty : $"The response of {method} {path} is not valid: ";
        var at = exception.Path is null ? string.Empty : $" at {exception.Path}";
        var line = exception.LineNumber is { } l ? $" (line {l + 1}, byte {exception.BytePositionInLine + 1})" : string.Empty;
        return new ImmutaSerializationException($"{where}Could not read {what}{at}{line}: {FirstSentence(exception.Message)}", exception)
        {
            JsonPath = exception.Path,
            Method = method,
            Path = path,
        };
    }

    internal static ImmutaSerializationException FromWriteFailure(string what, Exception exception)
    {
        var path = (exception as System.Text.Json.JsonException)?.Path;
        var at = path is null ? string.Empty : $" at {path}";
        var cause = exception.InnerException is { } inner && exception is System.Text.Json.JsonException ? inner : exception;
        return new ImmutaSerializationException($"Could not write {what}{at}: {FirstSentence(cause.Message)}", exception) { JsonPath = path };
    }

    // System.Text.Json appends "Path: ... | LineNumber: ..." to its messages; the exception states those itself.
    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }
}
