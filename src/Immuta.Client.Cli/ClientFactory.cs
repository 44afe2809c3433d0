using System.CommandLine;
using Immuta.Client.Cli.Profiles;

namespace Immuta.Client.Cli;

/// <summary>
/// The client a command talks to the tenant with, and the one place that decides which tenant and key: <c>--url</c> and
/// <c>--api-key</c>, else <c>--profile</c> (its URL, and its key from the variable or command it names), else
/// <c>$IMMUTA_URL</c> and <c>$IMMUTA_API_KEY</c>; <c>--profile</c> with <c>--url</c> or <c>--api-key</c> is a usage error (which
/// tenant was meant cannot be told). Checked before use.
/// </summary>
internal static class ClientFactory
{
    /// <summary>The profiles <c>--profile</c> names (none without it), read from the profiles file; checks that no flag competes with them.</summary>
    public static async Task<IReadOnlyList<Profile>> ProfilesAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var names = parse.GetValue(CliOptions.Profile) ?? [];
        if (names.Length == 0)
        {
            return [];
        }

        if (parse.GetValue(CliOptions.Url) is not null || parse.GetValue(CliOptions.ApiKey) is not null)
        {
            throw new UsageException("--profile takes the tenant's URL and key from the profiles file: it cannot be combined with --url or --api-key.");
        }

        return await ProfilesFile.SelectAsync(ProfilesFile.PathFor(parse.GetValue(CliOptions.ProfilesFile), environment), names, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The client of a command that talks to one tenant: the flags', the one profile's, or the environment's.</summary>
    public static async Task<ImmutaClient> CreateAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var profiles = await ProfilesAsync(parse, environment, cancellationToken).ConfigureAwait(false);
        return profiles.Count switch
        {
            0 => Create(parse, environment),
            1 => await CreateNamingTheProfileAsync(parse, environment, profiles[0], cancellationToken).ConfigureAwait(false),
            _ => throw new UsageException($"'{parse.CommandResult.Command.Name}' runs against one tenant: pass one --profile (plan and apply take several)."),
        };
    }

    // One profile's client for a command against one tenant: a problem with its key or URL names the profile, as a run
    // over several profiles labels each one.
    private static async Task<ImmutaClient> CreateNamingTheProfileAsync(ParseResult parse, CliEnvironment environment, Profile profile, CancellationToken cancellationToken)
    {
        try
        {
            return await CreateAsync(parse, environment, profile, cancellationToken).ConfigureAwait(false);
        }
        catch (UsageException error)
        {
            throw new UsageException($"profile '{profile.Name}': {error.Message}");
        }
        catch (CommandFailedException error)
        {
            throw new CommandFailedException($"profile '{profile.Name}': {error.Message}");
        }
    }

    /// <summary>The client of one profile: its URL, and its key from the variable or command it names (never printed).</summary>
    public static async Task<ImmutaClient> CreateAsync(ParseResult parse, CliEnvironment environment, Profile profile, CancellationToken cancellationToken)
        => Create(parse, environment, profile.Url, $"profile '{profile.Name}' url ({profile.Where})", await ApiKeySource.ReadAsync(profile, environment, cancellationToken).ConfigureAwait(false));

    private static ImmutaClient Create(ParseResult parse, CliEnvironment environment)
    {
        var url = parse.GetValue(CliOptions.Url) ?? environment.Variables("IMMUTA_URL");
        var urlSource = parse.GetValue(CliOptions.Url) is null ? "IMMUTA_URL" : "--url"; // a problem names where the URL came from
        var key = parse.GetValue(CliOptions.ApiKey) ?? environment.Variables("IMMUTA_API_KEY");
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException("no Immuta URL: pass --url or --profile, or set IMMUTA_URL.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException("no API key: pass --api-key or --profile, or set IMMUTA_API_KEY.");
        }

        return Create(parse, environment, url, urlSource, key);
    }

    // The client for a URL and key; urlSource names where the URL came from.
    private static ImmutaClient Create(ParseResult parse, CliEnvironment environment, string url, string urlSource, string key)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint))
        {
            throw new UsageException($"{urlSource} must be an absolute http or https URL, such as https://tenant.immuta.com.");
        }

        var template = environment.ClientOptions ?? new ImmutaClientOptions();
        var options = new ImmutaClientOptions
        {
            TimeProvider = template.TimeProvider,
            Polling = template.Polling,
            NetworkTimeout = template.NetworkTimeout,
            ApplicationId = "immuta-integrations",
            ValidateBeforeSending = !parse.GetValue(CliOptions.SkipValidation),
            AllowInsecureHttp = parse.GetValue(CliOptions.AllowInsecureHttp),
        };
        if (ImmutaClient.CheckEndpoint(endpoint, options.AllowInsecureHttp, "pass --allow-insecure-http") is { } problem)
        {
            throw new UsageException($"{urlSource} {problem}");
        }

        if (ImmutaClient.IsInsecureEndpoint(endpoint))
        {
            environment.Error.WriteLine($"warning: {urlSource} is plain http:// to another machine: the API key and credentials cross the network unencrypted.");
        }

        try
        {
            return new ImmutaClient(endpoint, new ImmutaApiKeyCredential(key), options);
        }
        catch (ArgumentException error)
        {
            throw new UsageException(error.Message);
        }
    }
}
