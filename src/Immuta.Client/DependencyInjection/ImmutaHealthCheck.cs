using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Immuta.Client.DependencyInjection;

/// <summary>
/// Whether a tenant answers an authenticated call: <c>GET /integrations</c>, the only documented call that needs no id
/// (the others need an integration's), bounded by a short timeout on the host's clock. The description names the
/// tenant's scheme and host and the cause (the status, the timeout, the refused key, the transport failure), never the
/// key or a body.
/// </summary>
/// <param name="client">The client to check.</param>
/// <param name="timeout">How long the call may take.</param>
/// <param name="time">The clock the timeout runs on.</param>
internal sealed class ImmutaHealthCheck(ImmutaClient client, TimeSpan timeout, TimeProvider time) : IHealthCheck
{
    /// <summary>The default timeout: short, as a probe's should be.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    private const string Call = "GET /integrations";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(context);
        var tenant = $"Immuta at {client.Endpoint.GetComponents(UriComponents.SchemeAndServer, UriFormat.UriEscaped)}";
        var failure = context.Registration.FailureStatus;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await client.Integrations.ListAsync(linked.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{tenant} answered {Call}.");
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(failure, string.Create(CultureInfo.InvariantCulture, $"{tenant} did not answer {Call} within {timeout.TotalSeconds} s (the health check's timeout)."));
        }
        catch (ImmutaAuthenticationException error)
        {
            return new HealthCheckResult(failure, string.Create(CultureInfo.InvariantCulture,
                $"{tenant} refused the API key ({(int)error.StatusCode} to {Call}): check the key and that its user has APPLICATION_ADMIN."), error);
        }
        catch (ImmutaApiException error)
        {
            return new HealthCheckResult(failure, string.Create(CultureInfo.InvariantCulture, $"{tenant} answered {(int)error.StatusCode} to {Call}: {error.Message}"), error);
        }
        catch (ImmutaTransportException error)
        {
            var cause = error.IsTimeout ? "timed out" : "could not be reached";
            return new HealthCheckResult(failure, $"{tenant} {cause} ({Call}): {error.Message}", error);
        }
        catch (ImmutaException error)
        {
            return new HealthCheckResult(failure, $"{tenant} failed {Call}: {error.Message}", error);
        }
    }
}
