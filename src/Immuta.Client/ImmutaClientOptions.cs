using System.Globalization;

namespace Immuta.Client;

/// <summary>Settings of an <see cref="ImmutaClient"/>. Read once when the client is built.</summary>
public sealed class ImmutaClientOptions
{
    /// <summary>The clock for waiting, timeouts and <c>Retry-After</c> dates.</summary>
    /// <value>Default: <see cref="TimeProvider.System"/>.</value>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

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

    /// <summary>Your application's name, put before the SDK's own in the <c>User-Agent</c> header of the client's own <see cref="HttpClient"/>.</summary>
    /// <value>Default: none.</value>
    public string? ApplicationId { get; set; }

    /// <summary>
    /// Whether create, update, validate, delete and the script endpoints check their body with
    /// <see cref="IntegrationDefinition.Validate"/> first and throw <see cref="IntegrationValidationException"/> without
    /// sending anything when it is not valid (including a credential that is the server's redaction marker).
    /// </summary>
    /// <value>Default: <see langword="true"/>.</value>
    public bool ValidateBeforeSending { get; set; } = true;

    /// <summary>The format of request bodies: JSON, or YAML (which Immuta also accepts).</summary>
    /// <value>Default: <see cref="ImmutaRequestFormat.Json"/>.</value>
    public ImmutaRequestFormat RequestFormat { get; set; } = ImmutaRequestFormat.Json;

    /// <summary>The <c>Content-Type</c> of YAML request bodies (undocumented by Immuta).</summary>
    /// <value>Default: <c>application/yaml</c>.</value>
    public string YamlMediaType { get; set; } = "application/yaml";

    /// <summary>Throws when a setting is out of range; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(TimeProvider)} must not be null.");
        }

        if (Retry is null)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(Retry)} must not be null.");
        }

        Retry.Validate();
        if (Polling is null)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(Polling)} must not be null.");
        }

        if (NetworkTimeout <= TimeSpan.Zero && NetworkTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{nameof(ImmutaClientOptions)}.{nameof(NetworkTimeout)} must be positive or infinite, was {NetworkTimeout}."));
        }

        if (ApplicationId is { } id && (id.Length > 64 || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(ApplicationId)} must be at most 64 characters with no white space.");
        }

        if (!System.Net.Http.Headers.MediaTypeHeaderValue.TryParse(YamlMediaType, out _))
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(YamlMediaType)} is not a media type: '{YamlMediaType}'.");
        }

        Polling.Validate();
    }
}

/// <summary>The format of request bodies.</summary>
public enum ImmutaRequestFormat
{
    /// <summary>JSON (<c>application/json</c>), as every documented example.</summary>
    Json,

    /// <summary>YAML, with <see cref="ImmutaClientOptions.YamlMediaType"/>.</summary>
    Yaml,
}
