using System.Net;
using System.Reflection;
using System.Text;
using Immuta.Client.Http;
using Xunit;

namespace Immuta.Client.Tests.Transport;

/// <summary>
/// The Refit interface is the one definition of each endpoint: every public method of the feature clients sends exactly
/// one request, built by exactly one <see cref="IIntegrationsApi"/> method, and together they use all 13 endpoints, each
/// through one interface method. Read from what Refit puts on the request (method name, route template), against a
/// recording handler, so the table cannot drift from the code.
/// </summary>
public sealed class EndpointConventionTests
{
    private const string Id = "7";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly HttpRequestOptionsKey<string> MethodName = new(Refit.HttpRequestMessageOptions.MethodName);

    private static readonly HttpRequestOptionsKey<string> RouteTemplate = new(Refit.HttpRequestMessageOptions.RelativePathTemplate);

    private static TrinoIntegration Trino => new() { AutoBootstrap = true, Config = new TrinoConfig() };

    private static readonly DeleteIntegrationOptions WithCredentials = new()
    {
        Credentials = new SnowflakeDeleteCredentials { AuthenticationType = AuthenticationType.UserPassword, Username = "u", Password = "convention-password-0123", Role = "r" },
    };

    /// <summary>Each public method of the feature clients, called once (a second row where an option picks another shape).</summary>
    private static readonly (string Method, Func<ImmutaClient, Task> Call)[] Calls =
    [
        ("Integrations.ListAsync", c => c.Integrations.ListAsync(Ct)),
        ("Integrations.GetAsync", c => c.Integrations.GetAsync(Id, Ct)),
        ("Integrations.GetStatusAsync", c => c.Integrations.GetStatusAsync(Id, Ct)),
        ("Integrations.CreateAsync", c => c.Integrations.CreateAsync(ImmutaWaitUntil.Started, Trino, Ct)),
        ("Integrations.CreateOrAdoptAsync", c => c.Integrations.CreateOrAdoptAsync(ImmutaWaitUntil.Started, Trino, Ct)),
        ("Integrations.ValidateAsync", c => c.Integrations.ValidateAsync(Trino, Ct)),
        ("Integrations.UpdateAsync", c => c.Integrations.UpdateAsync(ImmutaWaitUntil.Started, Id, Trino, Ct)),
        ("Integrations.ValidateUpdateAsync", c => c.Integrations.ValidateUpdateAsync(Id, Trino, Ct)),
        ("Integrations.DeleteAsync", c => c.Integrations.DeleteAsync(ImmutaWaitUntil.Started, Id, null, Ct)),
        ("Integrations.DeleteAsync", c => c.Integrations.DeleteAsync(ImmutaWaitUntil.Started, Id, WithCredentials, Ct)),
        ("Integrations.ValidateDeleteAsync", c => c.Integrations.ValidateDeleteAsync(Id, WithCredentials, Ct)),
        ("Integrations.RegenerateKeyAsync", c => c.Integrations.RegenerateKeyAsync(Id, Ct)),
        ("Integrations.WatchStatusAsync", async c => { await foreach (var _ in c.Integrations.WatchStatusAsync(Id, new PollingOptions { InitialDelay = TimeSpan.Zero }, Ct)) { } }),
        ("Integrations.Scripts.CreateAsync", c => c.Integrations.Scripts.CreateAsync(Trino, Ct)),
        ("Integrations.Scripts.InitialCreateAsync", c => c.Integrations.Scripts.InitialCreateAsync(Trino, Ct)),
        ("Integrations.Scripts.CleanupAsync", c => c.Integrations.Scripts.CleanupAsync(Trino, Ct)),
        ("Integrations.Scripts.PostCleanupAsync", c => c.Integrations.Scripts.PostCleanupAsync(Trino, Ct)),
        ("Integrations.Scripts.EditAsync", c => c.Integrations.Scripts.EditAsync(Id, Trino, Ct)),
        ("Integrations.Scripts.DeleteAsync", c => c.Integrations.Scripts.DeleteAsync(Id, Ct)),
    ];

    // Sends nothing: it only makes a handle, polled later through GetStatusAsync.
    private static readonly string[] SendsNothing = ["Integrations.ResumeOperation", "Integrations.ResumeDeleteOperation"];

    [Fact]
    public void Calls_EveryPublicMethodOfTheFeatureClients_Listed()
    {
        var methods = PublicMethods(typeof(IntegrationsClient), "Integrations")
            .Concat(PublicMethods(typeof(IntegrationScriptsClient), "Integrations.Scripts"))
            .Order(StringComparer.Ordinal);

        Assert.Equal(methods, Calls.Select(c => c.Method).Concat(SendsNothing).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task PublicMethods_EachCall_ExactlyOneRequestFromOneInterfaceMethodAndAllThirteenEndpointsUsedOnce()
    {
        var recorder = new Recorder();
        using var http = new HttpClient(recorder) { BaseAddress = new Uri("https://tenant.immuta.test") };
        using var client = new ImmutaClient(http, new ImmutaApiKeyCredential("convention-key-0123456789"), new ImmutaClientOptions { ValidateBeforeSending = false });
        var used = new List<(string Interface, string Method, string Route)>();

        foreach (var (method, call) in Calls)
        {
            recorder.Seen.Clear();
            try
            {
                await call(client);
            }
            catch (ImmutaNotFoundException)
            {
                // every request is answered 404: only the request matters here
            }

            var request = Assert.Single(recorder.Seen); // one request per public method (Started: no polls)
            Assert.True(request.Interface.Length > 0, $"{method} sent a request Refit did not build");
            used.Add(request);
        }

        var endpoints = typeof(IIntegrationsApi).GetMethods();
        Assert.Equal(13, endpoints.Length);
        Assert.Equal(
            endpoints.Select(m => m.Name).Order(StringComparer.Ordinal),
            used.Select(u => u.Interface).Distinct().Order(StringComparer.Ordinal)); // every interface method is used
        Assert.Equal(13, used.Select(u => (u.Method, u.Route)).Distinct().Count()); // 13 endpoints, each by one method
        Assert.All(used.GroupBy(u => (u.Method, u.Route)), g => Assert.Single(g.Select(u => u.Interface).Distinct()));
    }

    private static IEnumerable<string> PublicMethods(Type client, string prefix)
        => client.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName)
            .Select(m => $"{prefix}.{m.Name}")
            .Distinct();

    /// <summary>Records what Refit put on each request and answers 404.</summary>
    private sealed class Recorder : HttpMessageHandler
    {
        public List<(string Interface, string Method, string Route)> Seen { get; } = [];

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Seen.Add((
                request.Options.TryGetValue(MethodName, out var name) ? name : string.Empty,
                request.Method.Method,
                request.Options.TryGetValue(RouteTemplate, out var route) ? route : string.Empty));
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.NotFound)
            {
                RequestMessage = request,
                Content = new StringContent("""{"statusCode":404,"error":"Not Found","message":"none"}""", Encoding.UTF8, "application/json"),
            });
        }
    }
}
