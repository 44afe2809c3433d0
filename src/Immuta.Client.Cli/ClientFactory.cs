using System.CommandLine;

namespace Immuta.Client.Cli;

/// <summary>The client a command talks to the tenant with: URL and key from the options or the environment, checked before use.</summary>
internal static class ClientFactory
{
    public static ImmutaClient Create(ParseResult parse, CliEnvironment environment)
    {
        var url = parse.GetValue(CliOptions.Url) ?? environment.Variables("IMMUTA_URL");
        var urlSource = parse.GetValue(CliOptions.Url) is null ? "IMMUTA_URL" : "--url"; // a problem names where the URL came from
        var key = parse.GetValue(CliOptions.ApiKey) ?? environment.Variables("IMMUTA_API_KEY");
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UsageException("no Immuta URL: pass --url or set IMMUTA_URL.");
        }

        if (string.IsNullOrWhiteSpace(key))
        {
            throw new UsageException("no API key: pass --api-key or set IMMUTA_API_KEY.");
        }

        return Create(parse, environment, url, urlSource, key);
    }

    /// <summary>The client for a URL and key found elsewhere (a profile); <paramref name="urlSource"/> names where the URL came from.</summary>
    public static ImmutaClient Create(ParseResult parse, CliEnvironment environment, string url, string urlSource, string key)
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
