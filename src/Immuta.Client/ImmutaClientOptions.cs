using System.Globalization;

namespace Immuta.Client;

/// <summary>
/// Settings of an <see cref="ImmutaClient"/>. Read once when the client is built. A record, as
/// <see cref="ImmutaRetryOptions"/> and <see cref="PollingOptions"/> are: copy it with <c>with</c>; its setters stay for
/// configuration binding and <c>services.Configure</c>. It holds no secret (the key is an <see cref="ImmutaApiKeyCredential"/>,
/// or <see cref="ImmutaClientSettings.ApiKey"/>), so the record's own <c>ToString</c> prints every setting.
/// </summary>
public sealed record ImmutaClientOptions
{
    /// <summary>The clock for waiting, timeouts and <c>Retry-After</c> dates.</summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Uniform random numbers in [0, 1) for the jitter of transport retries and status polls (<see cref="Resilience.RetryDelay"/>):
    /// the seam that lets a test pin every delay exactly, as <see cref="TimeProvider"/> pins every instant.
    /// </summary>
#pragma warning disable RS0030 // The one default of the injected randomizer: every jitter takes it from here.
    internal Func<double> Randomizer { get; set; } = Random.Shared.NextDouble;
#pragma warning restore RS0030

    /// <summary>How operations wait for an integration to settle.</summary>
    /// <value>Default: <see cref="PollingOptions"/>' defaults (first poll after 1 s, doubling up to 5 s, ±20 % jitter, 20 minutes at most).</value>
    public PollingOptions Polling { get; set; } = new();

    /// <summary>
    /// How long one API call may take in all, from sending the request to reading the last byte of its answer, retries
    /// included (<see cref="Timeout.InfiniteTimeSpan"/> for no limit). A call past it fails with
    /// <see cref="ImmutaTransportException"/> (<see cref="ImmutaTransportException.IsTimeout"/>). It applies whatever
    /// handlers the <see cref="HttpClient"/> has: the client's own, one from <c>AddImmutaClient</c> with or without the
    /// SDK's handler, or one you pass in. <see cref="HttpClient.Timeout"/> of the client's own <see cref="HttpClient"/> is
    /// infinite so that it does not fight it.
    /// </summary>
    /// <value>Default: 100 seconds.</value>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Transport retries of safe requests (GET) and the per-attempt timeout.</summary>
    /// <value>Default: <see cref="ImmutaRetryOptions"/>' defaults (3 retries from 500 ms, 30 s per attempt).</value>
    public ImmutaRetryOptions Retry { get; set; } = new();

    /// <summary>Where the SDK logs (request status and duration, retries, polls). Nothing secret is logged at any level.</summary>
    /// <value>Default: none.</value>
    public Microsoft.Extensions.Logging.ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>
    /// Your application's name, put before the SDK's own in the <c>User-Agent</c> header: a product token of at most 64
    /// characters, optionally with a version (<c>inventory-service</c>, <c>inventory-service/2.1</c>). Letters, digits and
    /// <c>!#$%&amp;'*+-.^_`|~</c> only (RFC 9110), so no space, parenthesis, <c>@</c> or letter outside ASCII.
    /// </summary>
    /// <value>Default: none.</value>
    public string? ApplicationId { get; set; }

    /// <summary>
    /// Whether an <c>http://</c> endpoint on another machine is accepted. The API key and the credentials in request bodies
    /// would then cross the network unencrypted, so it is refused unless this is on (a warning is logged when it is used).
    /// <c>http://</c> to this machine (<c>localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>) is always accepted.
    /// </summary>
    /// <value>Default: <see langword="false"/>.</value>
    public bool AllowInsecureHttp { get; set; }

    /// <summary>
    /// Whether create, update, validate, delete and the script endpoints check their body with
    /// <see cref="IntegrationDefinition.Validate"/> first: errors (<see cref="IntegrationValidationSeverity.Error"/>, what
    /// Immuta's current documentation states plainly) throw <see cref="IntegrationValidationException"/> without sending
    /// anything; warnings are logged and the request is sent (Immuta decides). Whatever this says, a null definition and a
    /// malformed id throw <see cref="ArgumentException"/>, and a body in which any string member is <c>&lt;REDACTED&gt;</c>
    /// is refused.
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ValidateBeforeSending { get; set; } = true;

    /// <summary>The format of request bodies: JSON, or YAML (which Immuta also accepts).</summary>
    /// <value>Default: <see cref="ImmutaRequestFormat.Json"/>.</value>
    public ImmutaRequestFormat RequestFormat { get; set; } = ImmutaRequestFormat.Json;

    /// <summary>The <c>Content-Type</c> of YAML request bodies (undocumented by Immuta).</summary>
    /// <value>Default: <c>application/yaml</c>.</value>
    public string YamlMediaType { get; set; } = "application/yaml";

    /// <summary>
    /// The longest timeout or delay a setting may ask for: .NET's timers stop at about 49.7 days, and a longer one would
    /// fail every call later rather than at once.
    /// </summary>
    internal static readonly TimeSpan MaxTimer = TimeSpan.FromDays(49);

    /// <summary>
    /// The options of a client given none: the defaults, valid by construction (<c>DefaultOptionsTests</c> holds them
    /// to it) and immutable, so one instance serves every such client and is not checked again (cold start, BENCHMARKS.md).
    /// </summary>
    internal static ImmutaClientOptions Default { get; } = new();

    /// <summary><paramref name="options"/> once <see cref="Validate"/> passed, or <see cref="Default"/> when there are none.</summary>
    /// <param name="options">The caller's options, if any.</param>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    internal static ImmutaClientOptions ValidOrDefault(ImmutaClientOptions? options)
    {
        if (options is null)
        {
            return Default;
        }

        options.Validate();
        return options;
    }

    /// <summary>Throws when a setting is out of range; the message names every setting that is.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate() => SettingProblem.ThrowIfAny(Problems());

    /// <summary>Every setting out of range, the retry and polling settings' included, keyed as in configuration.</summary>
    internal List<SettingProblem> Problems()
    {
        var problems = new List<SettingProblem>();
        if (TimeProvider is null)
        {
            problems.Add(Problem(nameof(TimeProvider), "must not be null."));
        }

        if (Randomizer is null)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(Randomizer)} must not be null.");
        }

        if (Retry is null)
        {
            problems.Add(Problem(nameof(Retry), "must not be null."));
        }
        else
        {
            problems.AddRange(Retry.Problems().Select(p => p.Under("Retry:")));
        }

        if ((NetworkTimeout <= TimeSpan.Zero || NetworkTimeout > MaxTimer) && NetworkTimeout != Timeout.InfiniteTimeSpan)
        {
            problems.Add(Problem(nameof(NetworkTimeout), string.Create(CultureInfo.InvariantCulture,
                $"must be positive and at most {MaxTimer.TotalDays} days, or infinite, was {NetworkTimeout}.")));
        }

        if (ApplicationId is { } id && ApplicationIdProblem(id) is { } problem)
        {
            problems.Add(Problem(nameof(ApplicationId), $"must be a User-Agent product token such as inventory-service/2.1 (at most 64 characters: letters, digits and !#$%&'*+-.^_`|~, one '/' before a version); {problem}."));
        }

        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(YamlMediaType, out _))
        {
            problems.Add(Problem(nameof(YamlMediaType), $"is not a media type: '{YamlMediaType}'."));
        }

        if (Polling is null)
        {
            problems.Add(Problem(nameof(Polling), "must not be null."));
        }
        else
        {
            problems.AddRange(Polling.Problems().Select(p => p.Under("Polling:")));
        }

        return problems;
    }

    private static SettingProblem Problem(string name, string rule) => new($"{nameof(ImmutaClientOptions)}.{name}", name, rule);

    // RFC 9110 §10.1.5: product = token ["/" product-version], product-version = token; §5.6.2: the characters of a token.
    private static string? ApplicationIdProblem(string id)
    {
        if (id.Length == 0)
        {
            return "it is empty";
        }

        if (id.Length > 64)
        {
            return string.Create(CultureInfo.InvariantCulture, $"it has {id.Length} characters");
        }

        var slash = id.IndexOf('/', StringComparison.Ordinal);
        if (slash == 0 || slash == id.Length - 1)
        {
            return "a '/' must have a name before it and a version after it";
        }

        for (var i = 0; i < id.Length; i++)
        {
            var c = id[i];
            if (!IsTokenChar(c) && !(c == '/' && i == slash))
            {
                var shown = c is > ' ' and < (char)0x7F ? $"'{c}'" : string.Create(CultureInfo.InvariantCulture, $"U+{(int)c:X4}");
                return string.Create(CultureInfo.InvariantCulture, $"{shown} at position {i + 1} is not allowed");
            }
        }

        return null;
    }

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}

/// <summary>The format of request bodies.</summary>
public enum ImmutaRequestFormat
{
    /// <summary>JSON (<c>application/json</c>), as every documented example.</summary>
    Json,

    /// <summary>YAML, with <see cref="ImmutaClientOptions.YamlMediaType"/>.</summary>
    Yaml,
}
