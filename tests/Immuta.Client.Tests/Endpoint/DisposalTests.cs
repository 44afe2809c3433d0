using Xunit;

namespace Immuta.Client.Tests.Endpoint;

/// <summary><see cref="ImmutaClient"/> disposes what it created, synchronously or with <c>await using</c>, and never what it was given.</summary>
public sealed class DisposalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DisposeAsync_OwnHttpClient_DisposedAsDisposeDoes()
    {
        object client = new ImmutaClient(new Uri("https://tenant.immuta.test"), new ImmutaApiKeyCredential("k-123456"));

        var disposable = Assert.IsAssignableFrom<IAsyncDisposable>(client);
        await disposable.DisposeAsync();

        var http = ((ImmutaClient)client).OwnedHttpClient!;
        await Assert.ThrowsAsync<ObjectDisposedException>(() => http.GetAsync(new Uri("https://tenant.immuta.test/"), Ct));
    }

    [Fact]
    public async Task DisposeAsync_HttpClientPassedIn_LeftForItsOwner()
    {
        using var http = new HttpClient(new AnswerHandler()) { BaseAddress = new Uri("https://tenant.immuta.test/") };
        await using (var client = new ImmutaClient(http, new ImmutaApiKeyCredential("k-123456")))
        {
        }

        using var response = await http.GetAsync(new Uri("https://tenant.immuta.test/"), Ct);

        Assert.True(response.IsSuccessStatusCode);
    }

    private sealed class AnswerHandler : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            => Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
    }
}
