using System.Net;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Readme;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Xunit;

namespace Immuta.Client.Tests.DependencyInjection;

/// <summary>
/// A request Immuta may have carried out (POST, PUT, DELETE) reaches it once, whatever resilience handlers a host puts in
/// the client's pipeline: the README's own setup keeps them unretried, and a handler added to every client without
/// that advice is refused a second attempt by the SDK.
/// </summary>
public sealed class StackedRetriesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static SnowflakeIntegration Definition() => new()
    {
        AutoBootstrap = true,
        Config = new SnowflakeConfig { Host = "acme.snowflakecomputing.com", Warehouse = "w", Database = "d", AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "p", Role = "r" },
    };

    public static TheoryData<string> LostAnswers() => new(LoseTheAnswer.ServerError, LoseTheAnswer.ConnectionLost);

    [Theory]
    [MemberData(nameof(LostAnswers))]
    public async Task ReadmeOwnResilienceHandler_CreateCarriedOutThenAnswerLost_SentOnce(string lost)
    {
        await using var fake = FakeImmutaServer.Start();
        using var host = ReadmeHost(fake, lost);

        var error = await Assert.ThrowsAnyAsync<ImmutaException>(() => host.Services.GetRequiredService<ImmutaClient>().Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.IsNotType<ImmutaConflictException>(error);
        Assert.Single(fake.Journal, r => r.Method == "POST");
        Assert.Single(fake.Integrations);
    }

    [Fact]
    public async Task ReadmeOwnResilienceHandler_Get503_Retried()
    {
        await using var fake = FakeImmutaServer.Start();
        using var host = ReadmeHost(fake, lost: null);
        fake.InjectFaults(FakeFault.ServerError(503));

        await host.Services.GetRequiredService<ImmutaClient>().Integrations.ListAsync(Ct);

        Assert.Equal([503, 200], fake.Journal.Select(r => r.StatusCode));
    }

    public static TheoryData<string> HostWideHandlers() => new("standard resilience handler", "standard hedging handler");

    [Theory]
    [MemberData(nameof(HostWideHandlers))]
    public async Task HostWideHandlerThatRetriesEverything_CreateCarriedOutThenAnswerLost_NotSentAgain(string handler)
    {
        await using var fake = FakeImmutaServer.Start();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.ConfigureHttpClientDefaults(http => // as .NET Aspire's service defaults do
        {
            if (handler == "standard resilience handler")
            {
                http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero);
            }
            else
            {
                http.AddStandardHedgingHandler().Configure(o => o.Hedging.Delay = Timeout.InfiniteTimeSpan); // the next attempt once one fails: no race
            }
        });
        builder.Services.AddImmutaClient(s =>
        {
            s.Url = fake.Uri;
            s.ApiKey = fake.ApiKey;
        }).HttpClientBuilder.AddHttpMessageHandler(() => new LoseTheAnswer(LoseTheAnswer.ServerError));
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<ImmutaException>(() => host.Services.GetRequiredService<ImmutaClient>().Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.IsNotType<ImmutaConflictException>(error);
        Assert.Single(fake.Journal, r => r.Method == "POST");
        Assert.Single(fake.Integrations);
    }

    [Fact]
    public async Task HostWideResilienceHandler_SecondAttemptRefused_MessageSaysWhyAndHowToFixIt()
    {
        await using var fake = FakeImmutaServer.Start();
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler(o => o.Retry.Delay = TimeSpan.Zero));
        builder.Services.AddImmutaClient(s =>
        {
            s.Url = fake.Uri;
            s.ApiKey = fake.ApiKey;
        }).HttpClientBuilder.AddHttpMessageHandler(() => new LoseTheAnswer(LoseTheAnswer.ConnectionLost));
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<ImmutaTransportException>(() => host.Services.GetRequiredService<ImmutaClient>().Integrations.CreateAsync(ImmutaWaitUntil.Started, Definition(), Ct));

        Assert.Contains("Immuta may have carried out the first attempt", error.Message, StringComparison.Ordinal);
        Assert.Contains("DisableForUnsafeHttpMethods()", error.Message, StringComparison.Ordinal);
    }

    // The README's block, run as written; the configuration stands for appsettings.json.
    private static IHost ReadmeHost(FakeImmutaServer fake, string? lost)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Immuta:Url"] = fake.Uri.ToString(), ["Immuta:ApiKey"] = fake.ApiKey });
        ReadmeSnippets.OwnResilienceHandler(builder);
        if (lost is not null)
        {
            builder.Services.AddHttpClient("Immuta.Client").AddHttpMessageHandler(() => new LoseTheAnswer(lost));
        }

        return builder.Build();
    }

    /// <summary>Lets a POST reach Immuta, which carries it out, then loses the answer as a gateway or a network would.</summary>
    private sealed class LoseTheAnswer(string how) : DelegatingHandler
    {
        public const string ServerError = "502 from a gateway";
        public const string ConnectionLost = "connection lost";

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            if (request.Method != HttpMethod.Post)
            {
                return response;
            }

            response.Dispose();
            return how == ConnectionLost
                ? throw new HttpRequestException("The response ended prematurely.")
                : new HttpResponseMessage(HttpStatusCode.BadGateway) { RequestMessage = request };
        }
    }
}
