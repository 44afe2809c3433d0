namespace Immuta.Client.Tests.Support;

/// <summary>An <see cref="ImmutaClient"/> over a handler that answers every request in memory, exactly as a test builds the response.</summary>
internal static class AnsweringClient
{
    public const string ApiKey = "846e9e43c86a4ct1be14290d95127d13f";

    public static ImmutaClient Create(Func<HttpRequestMessage, HttpResponseMessage> answer, ImmutaClientOptions? options = null)
        => new(new HttpClient(new Handler(answer)) { BaseAddress = new Uri("https://acme.immuta.com/") }, new ImmutaApiKeyCredential(ApiKey), options);

    private sealed class Handler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = answer(request);
            response.RequestMessage = request;
            return Task.FromResult(response);
        }
    }
}
