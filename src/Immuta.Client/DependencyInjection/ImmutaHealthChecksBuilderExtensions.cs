using Immuta.Client;
using Immuta.Client.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Adds a health check of an <see cref="ImmutaClient"/> registered with <c>AddImmutaClient</c> or <c>AddKeyedImmutaClient</c>.</summary>
public static class ImmutaHealthChecksBuilderExtensions
{
    /// <summary>
    /// Adds a check that the tenant answers an authenticated call: <c>GET /integrations</c> (the only documented call that
    /// needs no integration id) within <paramref name="timeout"/>, on the host's <see cref="TimeProvider"/>. Healthy when it
    /// answers; otherwise <paramref name="failureStatus"/>, with a description naming the cause (the status code, the
    /// timeout, a refused API key, a transport failure) and never the key.
    /// </summary>
    /// <param name="builder">The health checks builder, from <c>services.AddHealthChecks()</c>.</param>
    /// <param name="serviceKey">The key of a client registered with <c>AddKeyedImmutaClient</c>; <see langword="null"/> for the unkeyed client.</param>
    /// <param name="name">The check's name; <see langword="null"/> for <c>immuta</c> (<c>immuta:{serviceKey}</c> for a keyed client).</param>
    /// <param name="timeout">How long the call may take; <see langword="null"/> for 5 seconds.</param>
    /// <param name="failureStatus">The status when it fails; <see langword="null"/> for <see cref="HealthStatus.Unhealthy"/>.</param>
    /// <param name="tags">Tags to filter checks by (such as <c>ready</c>).</param>
    /// <returns>The builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="serviceKey"/> is empty, or <paramref name="timeout"/> is not positive.</exception>
    public static IHealthChecksBuilder AddImmutaHealthCheck(
        this IHealthChecksBuilder builder,
        string? serviceKey = null,
        string? name = null,
        TimeSpan? timeout = null,
        HealthStatus? failureStatus = null,
        IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (serviceKey is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(serviceKey);
        }

        var limit = timeout ?? ImmutaHealthCheck.DefaultTimeout;
        if (limit <= TimeSpan.Zero || limit > TimeSpan.FromDays(1))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), limit, "The health check's timeout must be positive and at most a day.");
        }

        return builder.Add(new HealthCheckRegistration(
            name ?? (serviceKey is null ? "immuta" : $"immuta:{serviceKey}"),
            provider => new ImmutaHealthCheck(
                serviceKey is null ? provider.GetRequiredService<ImmutaClient>() : provider.GetRequiredKeyedService<ImmutaClient>(serviceKey),
                limit,
                provider.GetService<TimeProvider>() ?? TimeProvider.System),
            failureStatus,
            tags));
    }
}
