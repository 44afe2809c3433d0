using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace Immuta.Client;

/// <summary>
/// What <c>AddImmutaClient</c> builds a client from: the tenant URL, the API key and the client options. Read from the
/// configuration section <c>Immuta</c> (<c>Url</c>, <c>ApiKey</c>, <c>NetworkTimeout</c>, <c>ApplicationId</c>,
/// <c>ValidateBeforeSending</c>, <c>RequestFormat</c>, <c>AllowInsecureHttp</c>, <c>UseSdkResilienceHandler</c>,
/// <c>Polling:*</c>, <c>Retry:*</c>), then your delegate; for the unkeyed client only, the environment variables
/// <c>IMMUTA_URL</c> and <c>IMMUTA_API_KEY</c> fill in what is still missing (a keyed client, another tenant, never
/// borrows them).
/// </summary>
public sealed class ImmutaClientSettings
{
    /// <summary>The tenant URL, such as <c>https://tenant.immuta.com</c> (<c>Immuta:Url</c>, or <c>IMMUTA_URL</c>).</summary>
    public Uri? Url { get; set; }

    /// <summary>The API key (<c>Immuta:ApiKey</c>, or <c>IMMUTA_API_KEY</c>). Never printed.</summary>
    [DebuggerBrowsable(DebuggerBrowsableState.Never)]
    public string? ApiKey { get; set; }

    /// <summary>The client's options: timeouts, retries, polling, logging.</summary>
    public ImmutaClientOptions Options { get; set; } = new();

    /// <summary>
    /// Whether the SDK's transport handler (timeouts and GET retries) is added to the HTTP pipeline. Turn it off when your
    /// host adds its own resilience handler through <see cref="Microsoft.Extensions.DependencyInjection.ImmutaClientBuilder.HttpClientBuilder"/>.
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool UseSdkResilienceHandler { get; set; } = true;

    /// <summary>Prints the URL, never the key.</summary>
    /// <returns>A short description.</returns>
    public override string ToString() => $"ImmutaClientSettings {{ Url = {Url} }}";

    /// <summary>
    /// Reads the settings from a configuration section (such as <c>Immuta</c>); a value that cannot be read throws with the
    /// setting's full key in the message.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <exception cref="FormatException">A value cannot be read; the message names its key.</exception>
    public void Bind(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var at = section is IConfigurationSection s ? s.Path + ":" : string.Empty;
        if (section["Url"] is { Length: > 0 } url)
        {
            Url = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new FormatException($"{at}Url: '{url}' is not an absolute URL.");
        }

        ApiKey = section["ApiKey"] is { Length: > 0 } key ? key : ApiKey;
        UseSdkResilienceHandler = Bool(section, at, "UseSdkResilienceHandler") ?? UseSdkResilienceHandler;
        var options = Options;
        options.NetworkTimeout = Duration(section, at, "NetworkTimeout") ?? options.NetworkTimeout;
        options.ApplicationId = section["ApplicationId"] is { Length: > 0 } app ? app : options.ApplicationId;
        options.ValidateBeforeSending = Bool(section, at, "ValidateBeforeSending") ?? options.ValidateBeforeSending;
        options.AllowInsecureHttp = Bool(section, at, "AllowInsecureHttp") ?? options.AllowInsecureHttp;
        if (section["RequestFormat"] is { Length: > 0 } format)
        {
            options.RequestFormat = Enum.TryParse<ImmutaRequestFormat>(format, ignoreCase: true, out var parsed)
                ? parsed
                : throw new FormatException($"{at}RequestFormat: '{format}' is not Json or Yaml.");
        }

        var polling = section.GetSection("Polling");
        if (polling["MaxRetryAfter"] is not null)
        {
            // Not ignored quietly: one cap serves transport retries and status polls.
            throw new FormatException($"{at}Polling:MaxRetryAfter is no setting: the Retry-After cap is {at}Retry:MaxRetryAfter, for retries and status polls alike.");
        }

        var p = options.Polling;
        options.Polling = p with
        {
            InitialDelay = Duration(polling, at + "Polling:", "InitialDelay") ?? p.InitialDelay,
            BackoffFactor = Number(polling, at + "Polling:", "BackoffFactor") ?? p.BackoffFactor,
            MaxDelay = Duration(polling, at + "Polling:", "MaxDelay") ?? p.MaxDelay,
            JitterFactor = Number(polling, at + "Polling:", "JitterFactor") ?? p.JitterFactor,
            MinimumInterval = Duration(polling, at + "Polling:", "MinimumInterval") ?? p.MinimumInterval,
            Timeout = Duration(polling, at + "Polling:", "Timeout") ?? p.Timeout,
            MaxConsecutiveFailures = Integer(polling, at + "Polling:", "MaxConsecutiveFailures") ?? p.MaxConsecutiveFailures,
        };
        var retry = section.GetSection("Retry");
        var r = options.Retry;
        options.Retry = r with
        {
            Enabled = Bool(retry, at + "Retry:", "Enabled") ?? r.Enabled,
            MaxRetries = Integer(retry, at + "Retry:", "MaxRetries") ?? r.MaxRetries,
            BaseDelay = Duration(retry, at + "Retry:", "BaseDelay") ?? r.BaseDelay,
            MaxDelay = Duration(retry, at + "Retry:", "MaxDelay") ?? r.MaxDelay,
            MaxRetryAfter = Duration(retry, at + "Retry:", "MaxRetryAfter") ?? r.MaxRetryAfter,
            AttemptTimeout = Duration(retry, at + "Retry:", "AttemptTimeout") ?? r.AttemptTimeout,
        };
    }

    /// <summary>Fills the URL and key from <c>IMMUTA_URL</c> and <c>IMMUTA_API_KEY</c> where they are still missing.</summary>
    /// <param name="environment">Reads a variable; <see langword="null"/> for the process environment.</param>
    /// <exception cref="FormatException"><c>IMMUTA_URL</c> is needed and is not an absolute URL.</exception>
    public void FillFromEnvironment(Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (Url is null && environment("IMMUTA_URL") is { Length: > 0 } url)
        {
            // Not ignored when unreadable: "Url is required (or set IMMUTA_URL)" would then be a riddle.
            Url = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : throw new FormatException("IMMUTA_URL is not an absolute URL (such as https://tenant.immuta.com).");
        }

        if (string.IsNullOrEmpty(ApiKey) && environment("IMMUTA_API_KEY") is { Length: > 0 } key)
        {
            ApiKey = key;
        }
    }

    /// <summary>The problems with these settings, each naming the setting; empty when they are usable.</summary>
    /// <param name="section">The configuration path the settings came from, for the messages (such as <c>Immuta</c>).</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Problems(string section = "Immuta") => Problems(section, environmentFallback: true);

    /// <summary>
    /// The problems, with the same rules as the client's constructors (so that whatever passes here also builds a client
    /// and sends requests); the hints name the environment variables only where they are read.
    /// </summary>
    internal IReadOnlyList<string> Problems(string section, bool environmentFallback)
    {
        var problems = new List<string>();
        if (Url is null)
        {
            problems.Add(environmentFallback ? $"{section}:Url is required (or set IMMUTA_URL)." : $"{section}:Url is required (a keyed client does not read IMMUTA_URL).");
        }
        else if (ImmutaClient.CheckEndpoint(Url, Options?.AllowInsecureHttp ?? false, $"set {section}:AllowInsecureHttp to true") is { } endpoint)
        {
            problems.Add($"{section}:Url {endpoint}");
        }

        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add(environmentFallback ? $"{section}:ApiKey is required (or set IMMUTA_API_KEY)." : $"{section}:ApiKey is required (a keyed client does not read IMMUTA_API_KEY).");
        }
        else if (ImmutaApiKeyCredential.Problem(ApiKey) is { } key)
        {
            problems.Add($"{section}:ApiKey {key}");
        }

        if (Options is null)
        {
            problems.Add($"{section}: {nameof(Options)} must not be null.");
            return problems;
        }

        try
        {
            Options.Validate();
        }
        catch (ArgumentException error)
        {
            problems.Add($"{section}: {error.Message}");
        }

        return problems;
    }

    private static TimeSpan? Duration(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        // A bare number would read as days ("30" is a month): only the hh:mm:ss forms are durations.
        if (text.Contains(':', StringComparison.Ordinal) && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        throw new FormatException($"{at}{key}: '{text}' is not a duration (hh:mm:ss, such as 00:00:05).");
    }

    private static double? Number(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{at}{key}: '{text}' is not a number.");
    }

    private static int? Integer(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)
            ? value
            : throw new FormatException($"{at}{key}: '{text}' is not a whole number.");
    }

    private static bool? Bool(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return bool.TryParse(text, out var value) ? value : throw new FormatException($"{at}{key}: '{text}' is not true or false.");
    }
}
