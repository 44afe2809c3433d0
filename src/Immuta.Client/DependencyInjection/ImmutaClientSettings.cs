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

    /// <summary>Prints the URL's scheme, host and path, never the key, nor the URL's user information, query or path parameters (any may hold a password).</summary>
    /// <returns>A short description.</returns>
    public override string ToString()
        => $"ImmutaClientSettings {{ Url = {(Url is { IsAbsoluteUri: true, Scheme: "https" or "http" } url ? Internal.UriUserInfo.Printable(url) : Url is null ? string.Empty : "(not an absolute http or https URL)")} }}";

    /// <summary>
    /// Reads the settings from a configuration section (such as <c>Immuta</c>). Every value that cannot be read is
    /// reported at once, each with its full key; the others are read.
    /// </summary>
    /// <param name="section">The section.</param>
    /// <exception cref="FormatException">A value cannot be read; the message names every such key.</exception>
    public void Bind(IConfiguration section)
    {
        var before = _readProblems.Count;
        Read(section);
        ThrowIfUnreadable(before);
    }

    /// <summary>Fills the URL and key from <c>IMMUTA_URL</c> and <c>IMMUTA_API_KEY</c> where they are still missing.</summary>
    /// <param name="environment">Reads a variable; <see langword="null"/> for the process environment.</param>
    /// <exception cref="FormatException"><c>IMMUTA_URL</c> is needed and is not an absolute URL.</exception>
    public void FillFromEnvironment(Func<string, string?>? environment = null)
    {
        var before = _readProblems.Count;
        ReadEnvironment(environment);
        ThrowIfUnreadable(before);
    }

    /// <summary>
    /// The problems with these settings, each naming the setting by its configuration key (or environment variable), all
    /// of them at once: values <see cref="Bind"/> could not read, and values out of range. Empty when they are usable.
    /// </summary>
    /// <param name="section">The configuration path the settings came from, for the messages (such as <c>Immuta</c>).</param>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Problems(string section = "Immuta") => Problems(section, environmentFallback: true);

    /// <summary>
    /// The problems, with the same rules as the client's constructors (so that whatever passes here also builds a client
    /// and sends requests); the hints name the environment variables only where they are read.
    /// </summary>
    internal IReadOnlyList<string> Problems(string section, bool environmentFallback)
    {
        var problems = new List<string>(_readProblems);
        var urlName = Url is not null && ReferenceEquals(Url, _urlFromEnvironment) ? UrlVariable : $"{section}:Url";
        if (Url is null)
        {
            // An unreadable URL was reported above: "required" would then be a riddle.
            if (!_urlUnreadable)
            {
                problems.Add(environmentFallback ? $"{section}:Url is required (or set {UrlVariable})." : $"{section}:Url is required (a keyed client does not read {UrlVariable}).");
            }
        }
        else if (ImmutaClient.CheckEndpoint(Url, Options?.AllowInsecureHttp ?? false, $"set {section}:AllowInsecureHttp to true") is { } endpoint)
        {
            problems.Add($"{urlName} {endpoint}");
        }

        var keyName = ApiKey is not null && ReferenceEquals(ApiKey, _apiKeyFromEnvironment) ? ApiKeyVariable : $"{section}:ApiKey";
        if (string.IsNullOrWhiteSpace(ApiKey))
        {
            problems.Add(environmentFallback ? $"{section}:ApiKey is required (or set {ApiKeyVariable})." : $"{section}:ApiKey is required (a keyed client does not read {ApiKeyVariable}).");
        }
        else if (ImmutaApiKeyCredential.Problem(ApiKey) is { } key)
        {
            problems.Add($"{keyName} {key}");
        }

        if (Options is null)
        {
            problems.Add($"{section}:Options must not be null.");
            return problems;
        }

        problems.AddRange(Options.Problems().Select(p => p.InConfiguration(section)));
        return problems;
    }

    /// <summary>
    /// The keys <see cref="Read"/> reads, below the client's section; <c>Polling</c> and <c>Retry</c> are sections. Keys
    /// compare without case, as configuration does.
    /// </summary>
    internal static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> KnownKeys = new Dictionary<string, IReadOnlyList<string>>(StringComparer.OrdinalIgnoreCase)
    {
        [string.Empty] = ["Url", "ApiKey", "NetworkTimeout", "ApplicationId", "ValidateBeforeSending", "RequestFormat", "AllowInsecureHttp", "UseSdkResilienceHandler"],
        ["Polling"] = ["InitialDelay", "BackoffFactor", "MaxDelay", "JitterFactor", "MinimumInterval", "Timeout", "MaxConsecutiveFailures"],
        ["Retry"] = ["Enabled", "MaxRetries", "BaseDelay", "MaxDelay", "MaxRetryAfter", "AttemptTimeout"],
    };

    private const string UrlVariable = "IMMUTA_URL";
    private const string ApiKeyVariable = "IMMUTA_API_KEY";

    // Values that could not be read, each naming its key: reported with the other problems, all at once.
    private readonly List<string> _readProblems = [];
    private bool _urlUnreadable;
    private Uri? _urlFromEnvironment;
    private string? _apiKeyFromEnvironment;

    /// <summary>Reads a section; a value that cannot be read is kept as a problem naming its key, and the others are read.</summary>
    /// <param name="section">The section.</param>
    internal void Read(IConfiguration section)
    {
        ArgumentNullException.ThrowIfNull(section);
        var at = section is IConfigurationSection s ? s.Path + ":" : string.Empty;
        if (section["Url"] is { Length: > 0 } url)
        {
            // The value is not repeated: it may carry user information (a password).
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                Url = uri;
                _urlUnreadable = false;
            }
            else
            {
                Unreadable($"{at}Url is not an absolute URL: give the scheme and host, such as https://tenant.immuta.com.");
                _urlUnreadable = true;
            }
        }

        ApiKey = section["ApiKey"] is { Length: > 0 } key ? key : ApiKey;
        UseSdkResilienceHandler = Bool(section, at, "UseSdkResilienceHandler") ?? UseSdkResilienceHandler;
        var options = Options ??= new ImmutaClientOptions();
        options.NetworkTimeout = Duration(section, at, "NetworkTimeout") ?? options.NetworkTimeout;
        options.ApplicationId = section["ApplicationId"] is { Length: > 0 } app ? app : options.ApplicationId;
        options.ValidateBeforeSending = Bool(section, at, "ValidateBeforeSending") ?? options.ValidateBeforeSending;
        options.AllowInsecureHttp = Bool(section, at, "AllowInsecureHttp") ?? options.AllowInsecureHttp;
        if (section["RequestFormat"] is { Length: > 0 } format)
        {
            if (Enum.TryParse<ImmutaRequestFormat>(format, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                options.RequestFormat = parsed;
            }
            else
            {
                Unreadable($"{at}RequestFormat: '{format}' is not Json or Yaml.");
            }
        }

        var polling = section.GetSection("Polling");
        if (polling["MaxRetryAfter"] is not null)
        {
            // Not ignored quietly: one cap serves transport retries and status polls.
            Unreadable($"{at}Polling:MaxRetryAfter is no setting: the Retry-After cap is {at}Retry:MaxRetryAfter, for retries and status polls alike.");
        }

        var p = options.Polling ?? new PollingOptions();
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
        var r = options.Retry ?? new ImmutaRetryOptions();
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

    /// <summary>
    /// Fills the URL and key from <c>IMMUTA_URL</c> and <c>IMMUTA_API_KEY</c> where they are still missing; an unreadable
    /// <c>IMMUTA_URL</c> is kept as a problem naming it.
    /// </summary>
    /// <param name="environment">Reads a variable; <see langword="null"/> for the process environment.</param>
    internal void ReadEnvironment(Func<string, string?>? environment)
    {
        environment ??= Environment.GetEnvironmentVariable;
        if (Url is null && !_urlUnreadable && environment(UrlVariable) is { Length: > 0 } url)
        {
            // Not ignored when unreadable: "Url is required (or set IMMUTA_URL)" would then be a riddle. Not repeated either:
            // it may carry user information.
            if (Uri.TryCreate(url, UriKind.Absolute, out var uri))
            {
                Url = _urlFromEnvironment = uri;
            }
            else
            {
                Unreadable($"{UrlVariable} is not an absolute URL: give the scheme and host, such as https://tenant.immuta.com.");
                _urlUnreadable = true;
            }
        }

        if (string.IsNullOrEmpty(ApiKey) && environment(ApiKeyVariable) is { Length: > 0 } key)
        {
            ApiKey = _apiKeyFromEnvironment = key;
        }
    }

    private void ThrowIfUnreadable(int before)
    {
        if (_readProblems.Count > before)
        {
            throw new FormatException(string.Join(" ", _readProblems.Skip(before)));
        }
    }

    private void Unreadable(string problem) => _readProblems.Add(problem);

    private TimeSpan? Duration(IConfiguration section, string at, string key)
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

        Unreadable($"{at}{key}: '{text}' is not a duration (hh:mm:ss, such as 00:00:05).");
        return null;
    }

    private double? Number(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Unreadable($"{at}{key}: '{text}' is not a number.");
        return null;
    }

    private int? Integer(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        Unreadable($"{at}{key}: '{text}' is not a whole number.");
        return null;
    }

    private bool? Bool(IConfiguration section, string at, string key)
    {
        var text = section[key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (bool.TryParse(text, out var value))
        {
            return value;
        }

        Unreadable($"{at}{key}: '{text}' is not true or false.");
        return null;
    }
}
