namespace Immuta.Client;

/// <summary>
/// A script from one of the script endpoints (manual setup, edit, clean-up, removal), to run on the data platform.
/// </summary>
/// <remarks>
/// The endpoints' media type is undocumented: a plain-text body, a JSON string and a JSON object holding the script are
/// all accepted. <see cref="ToString"/> prints only the length, because a script may carry credentials.
/// </remarks>
public sealed record IntegrationScript
{
    /// <summary>Creates a script result.</summary>
    /// <param name="text">The script.</param>
    /// <param name="mediaType">The media type the server sent, if any.</param>
    public IntegrationScript(string text, string? mediaType = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        Text = text;
        MediaType = mediaType;
    }

    /// <summary>The script text, ready to run.</summary>
    public string Text { get; }

    /// <summary>The media type of the response, such as <c>text/plain</c> or <c>application/json</c>.</summary>
    public string? MediaType { get; }

    /// <summary>Prints the media type and the script's length, never its text.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"IntegrationScript {{ MediaType = {MediaType}, Length = {Text.Length} }}";
}
