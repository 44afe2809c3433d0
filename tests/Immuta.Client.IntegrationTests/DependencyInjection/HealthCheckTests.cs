using Immuta.Client.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>
/// <c>AddImmutaHealthCheck()</c> makes one authenticated call with a short timeout on the host's clock: Healthy when
/// Immuta answers, Unhealthy naming the cause (the refused key, the status, the timeout) and never the key.
/// </summary>
public sealed class HealthCheckTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // The host's clock is a fake one that only a test moves: no timeout (the check's, the client's) runs out because the
    // machine is slow, so every outcome but the stall's comes from the tenant alone.
    private static IHost BuildHost(Action<IServiceCollection> register, TimeProvider? clock = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.AddSingleton(clock ?? new FakeTimeProvider());
        register(builder.Services);
        return builder.Build();
    }

    private static Task<HealthReport> CheckAsync(IHost host) => host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync(Ct);

    [Fact]
    public async Task AddImmutaHealthCheck_TenantAnswers_HealthyAfterOneAuthenticatedList()
    {
        await using var fake = FakeImmutaServer.Start();
        using var host = BuildHost(services =>
        {
            services.AddImmutaClient(s => (s.Url, s.ApiKey) = (fake.Uri, fake.ApiKey));
            services.AddHealthChecks().AddImmutaHealthCheck();
        });

        var report = await CheckAsync(host);

        var entry = report.Entries["immuta"];
        Assert.Equal(HealthStatus.Healthy, entry.Status);
        Assert.Equal($"Immuta at http://127.0.0.1:{fake.Uri.Port} answered GET /integrations.", entry.Description);
        var request = Assert.Single(fake.Journal);
        Assert.Equal(("GET", "/integrations", true), (request.Method, request.Path, request.Authorized));
    }

    [Fact]
    public async Task AddImmutaHealthCheck_KeyRefused_UnhealthyNamingTheCauseWithoutTheKey()
    {
        const string wrongKey = "wrong-key-9f3a";
        await using var fake = FakeImmutaServer.Start();
        using var host = BuildHost(services =>
        {
            services.AddImmutaClient(s => (s.Url, s.ApiKey) = (fake.Uri, wrongKey));
            services.AddHealthChecks().AddImmutaHealthCheck();
        });

        var entry = (await CheckAsync(host)).Entries["immuta"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"Immuta at http://127.0.0.1:{fake.Uri.Port} refused the API key (401 to GET /integrations)", entry.Description, StringComparison.Ordinal);
        Assert.IsType<ImmutaAuthenticationException>(entry.Exception);
        Assert.DoesNotContain(wrongKey, entry.Description + entry.Exception, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddImmutaHealthCheck_ServerError_UnhealthyNamingTheStatus()
    {
        await using var fake = FakeImmutaServer.Start();
        using var host = BuildHost(services =>
        {
            services.AddImmutaClient(s => (s.Url, s.ApiKey, s.Options.Retry) = (fake.Uri, fake.ApiKey, new ImmutaRetryOptions { Enabled = false }));
            services.AddHealthChecks().AddImmutaHealthCheck();
        });
        fake.InjectFaults(FakeFault.ServerError(503));

        var entry = (await CheckAsync(host)).Entries["immuta"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.StartsWith($"Immuta at http://127.0.0.1:{fake.Uri.Port} answered 503 to GET /integrations", entry.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddImmutaHealthCheck_AnswerStalls_UnhealthyAtTheTimeoutOnTheHostsClock()
    {
        // The host, the client and the fake share one clock: the fake holds its answer for an hour of it, the check gives up
        // after two seconds of it. Nothing waits on the wall's clock, so a busy machine cannot change the outcome.
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { TimeProvider = clock });
        using var host = BuildHost(
            services =>
            {
                services.AddImmutaClient(s => (s.Url, s.ApiKey) = (fake.Uri, fake.ApiKey));
                services.AddHealthChecks().AddImmutaHealthCheck(timeout: TimeSpan.FromSeconds(2));
            },
            clock);
        fake.InjectFaults(FakeFault.Latency(TimeSpan.FromHours(1)));

        var checking = CheckAsync(host);
        for (var waited = 0; fake.Journal.Count == 0 && !checking.IsCompleted; waited += 5)
        {
            Assert.True(waited < 60_000, "The request never reached the fake.");
            await Task.Delay(5, Ct);
        }

        clock.Advance(TimeSpan.FromSeconds(2));
        var entry = (await checking.WaitAsync(TimeSpan.FromSeconds(60), Ct)).Entries["immuta"];

        Assert.Equal(HealthStatus.Unhealthy, entry.Status);
        Assert.Equal($"Immuta at http://127.0.0.1:{fake.Uri.Port} did not answer GET /integrations within 2 s (the health check's timeout).", entry.Description);
    }

    [Fact]
    public async Task AddImmutaHealthCheck_KeyedClients_EachCheckedAgainstItsOwnTenant()
    {
        await using var production = FakeImmutaServer.Start();
        await using var staging = FakeImmutaServer.Start();
        using var host = BuildHost(services =>
        {
            services.AddKeyedImmutaClient("production", s => (s.Url, s.ApiKey) = (production.Uri, production.ApiKey));
            services.AddKeyedImmutaClient("staging", s => (s.Url, s.ApiKey) = (staging.Uri, "not-staging's-key"));
            services.AddHealthChecks().AddImmutaHealthCheck("production").AddImmutaHealthCheck("staging", failureStatus: HealthStatus.Degraded);
        });

        var report = await CheckAsync(host);

        Assert.Equal(HealthStatus.Healthy, report.Entries["immuta:production"].Status);
        Assert.Equal(HealthStatus.Degraded, report.Entries["immuta:staging"].Status);
        Assert.Single(production.Journal);
        Assert.Single(staging.Journal);
    }

    [Fact]
    public void AddImmutaHealthCheck_TimeoutNotPositive_Refused()
    {
        var builder = new ServiceCollection().AddHealthChecks();

        Assert.Throws<ArgumentOutOfRangeException>(() => builder.AddImmutaHealthCheck(timeout: TimeSpan.Zero));
    }
}
