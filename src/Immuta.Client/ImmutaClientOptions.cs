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

    /// <summary>How long one HTTP request may take, for the <see cref="HttpClient"/> the client creates itself (not for one you pass in).</summary>
    /// <value>Default: 100 seconds.</value>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(100);

    /// <summary>Your application's name, put before the SDK's own in the <c>User-Agent</c> header of the client's own <see cref="HttpClient"/>.</summary>
    /// <value>Default: none.</value>
    public string? ApplicationId { get; set; }

    /// <summary>Throws when a setting is out of range; the message names the setting.</summary>
    /// <exception cref="ArgumentException">A setting is out of range.</exception>
    public void Validate()
    {
        if (TimeProvider is null)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(TimeProvider)} must not be null.");
        }

        if (Polling is null)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(Polling)} must not be null.");
        }

        if (NetworkTimeout <= TimeSpan.Zero && NetworkTimeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(NetworkTimeout)} must be positive or infinite, was {NetworkTimeout}.");
        }

        if (ApplicationId is { } id && (id.Length > 64 || id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c))))
        {
            throw new ArgumentException($"{nameof(ImmutaClientOptions)}.{nameof(ApplicationId)} must be at most 64 characters with no white space.");
        }

        Polling.Validate();
    }
}
