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

    /// <summary>
    /// Writes the script to a file (UTF-8). A script may carry credentials, so on Unix the file is readable by its owner
    /// only (0600). The text is written beside the file, which it then replaces in one step: a write that fails or is
    /// cancelled leaves an existing file as it was, and whoever had it open never reads the script.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels writing; an existing file is then left as it was.</param>
    /// <returns>A task that completes when the file is written.</returns>
    /// <exception cref="IOException"><paramref name="path"/> is a folder, or the file cannot be written.</exception>
    public Task SaveAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return SecretFile.WriteAllTextAsync(path, Text, holdsSecrets: true, cancellationToken);
    }

    /// <summary>Prints the media type and the script's length, never its text.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"IntegrationScript {{ MediaType = {MediaType}, Length = {Text.Length} }}";
}
