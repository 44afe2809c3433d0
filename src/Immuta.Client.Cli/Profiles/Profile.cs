namespace Immuta.Client.Cli.Profiles;

/// <summary>
/// One tenant of a profiles file: its URL and where its API key comes from, never the key itself: an environment
/// variable (<c>apiKeyEnv</c>) or a command run without a shell whose trimmed standard output is the key (<c>apiKeyCommand</c>,
/// such as a secret manager's CLI).
/// </summary>
/// <param name="Name">The profile's name (<c>--profile NAME</c>).</param>
/// <param name="Url">The tenant URL.</param>
/// <param name="ApiKeyEnv">The environment variable holding the key, or <see langword="null"/>.</param>
/// <param name="ApiKeyCommand">The command printing the key, as argv (no shell), or <see langword="null"/>.</param>
/// <param name="Where">The file and line the profile starts at, for messages.</param>
internal sealed record Profile(string Name, string Url, string? ApiKeyEnv, IReadOnlyList<string>? ApiKeyCommand, string Where);
