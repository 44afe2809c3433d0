using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>
/// The API key and the credentials never reach a host's logs, in any category, at any level, in the message, the
/// structured state or a scope: HttpClientFactory's own loggers keep every header's value in their state (only their
/// formatted message is masked), which a structured provider such as Serilog writes out.
/// </summary>
public sealed class HostLoggingTests
{
    private const string ApiKey = "host-logging-api-key-5f3c9e";
    private const string Password = "Host-L0gging-Pa55word";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Pipelines() => new("sdk handler", "standard resilience handler");

    [Theory]
    [MemberData(nameof(Pipelines))]
    public async Task AddImmutaClient_WholeLifecycleAtTraceWithEveryCategory_NoStateMessageOrScopeHoldsASecret(string pipeline)
    {
        using var capture = new CapturingLoggerProvider();
        await using var fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfterPolls = 1, ApiKey = ApiKey });
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders().SetMinimumLevel(LogLevel.Trace).AddFilter(_ => true).AddProvider(capture);
        var immuta = builder.Services.AddImmutaClient(s =>
        {
            s.Url = fake.Uri;
            s.ApiKey = ApiKey;
            s.Options.Polling = TestBackend.FastPolling;
            s.Options.Retry = StubImmuta.FastRetries;
            s.UseSdkResilienceHandler = pipeline == "sdk handler";
        });
        if (pipeline != "sdk handler")
        {
            immuta.HttpClientBuilder.AddStandardResilienceHandler(o =>
            {
                o.Retry.DisableForUnsafeHttpMethods();
                o.Retry.Delay = TimeSpan.FromMilliseconds(1);
            });
        }

        using var host = builder.Build();
        await host.StartAsync(Ct);
        var client = host.Services.GetRequiredService<ImmutaClient>();
        var definition = new SnowflakeIntegration
        {
            AutoBootstrap = true,
            Config = new SnowflakeConfig { Host = "h", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = Password, Role = "r" },
        };

        var created = await client.Integrations.CreateAsync(ImmutaWaitUntil.Completed, definition, Ct);
        fake.InjectFaults(FakeFault.ServerError(503));
        await client.Integrations.GetAsync(created.Id, Ct);
        await client.Integrations.ListAsync(Ct);
        await Assert.ThrowsAsync<ImmutaNotFoundException>(() => client.Integrations.GetAsync("404404", Ct));
        fake.RejectNext(FakeRequestKind.Update, HttpStatusCode.BadRequest, $"bad password {Password}");
        await Assert.ThrowsAsync<ImmutaRequestRejectedException>(() => client.Integrations.UpdateAsync(ImmutaWaitUntil.Started, created.Id, definition, Ct));
        await client.Integrations.DeleteAsync(ImmutaWaitUntil.Completed, created.Id,
            new DeleteIntegrationOptions { Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = Password, Role = "r" } }, Ct);
        await host.StopAsync(Ct);

        var everything = string.Join('\n', capture.Lines);
        Assert.Contains(503, fake.Journal.Select(r => r.StatusCode)); // a GET was retried
        Assert.Contains(capture.Lines, l => l.StartsWith("Debug: Sending Integrations.Get", StringComparison.Ordinal)); // the lowest levels were on (named after the SDK method)
        Assert.DoesNotContain(ApiKey, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(Password, everything, StringComparison.Ordinal);
    }
}
