using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Immuta.Client;

namespace Immuta.Client.Benchmarks;

/// <summary>Answers every request from memory with a fixed body: the client's own cost, no network.</summary>
internal class InMemoryHandler(byte[] body, HttpStatusCode status = HttpStatusCode.OK, string mediaType = "application/json") : HttpMessageHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        => Task.FromResult(Answer(request));

    protected HttpResponseMessage Answer(HttpRequestMessage request)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(mediaType);
        return new HttpResponseMessage(status) { Content = content, RequestMessage = request };
    }
}

/// <summary>The same answer, completed asynchronously on the thread pool as real I/O completes.</summary>
internal sealed class AsyncInMemoryHandler(byte[] body) : InMemoryHandler(body)
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        await Task.Yield();
        return Answer(request);
    }
}

/// <summary>A handler that only passes the request on: the cost of one more handler in the pipeline.</summary>
internal sealed class PassThroughHandler : DelegatingHandler;

internal static class Bodies
{
    private static string Example(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Examples", name));

    /// <summary>One Snowflake integration as GET returns it, about 2 KB.</summary>
    public static byte[] OneIntegration { get; } = Encoding.UTF8.GetBytes(Example("get-integrations-id.snowflake.oAuthClientCredentials.s002.response.json"));

    /// <summary>A list of <paramref name="count"/> integrations of mixed platforms (Snowflake and Databricks, as documented).</summary>
    public static byte[] List(int count)
    {
        var items = JsonNode.Parse(Example("get-integrations.response.json"))!.AsArray();
        var list = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var item = items[i % items.Count]!.DeepClone();
            item["id"] = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            list.Add(item);
        }

        return Encoding.UTF8.GetBytes(list.ToJsonString());
    }

    /// <summary>A list of about <paramref name="megabytes"/> MiB.</summary>
    public static byte[] ListOfSize(int megabytes)
    {
        var perItem = List(1000).Length / 1000.0;
        return List((int)(megabytes * 1024 * 1024 / perItem));
    }

    public static SnowflakeIntegration SnowflakeCreate { get; } =
        (SnowflakeIntegration)ImmutaJson.Deserialize<IntegrationDefinition>(Example("post-integrations-scripts-create.snowflake.oAuthClientCredentials.s002.request.json"));

    public static ImmutaClientOptions SdkDefaults => new();
}

/// <summary>The hand-written baseline: HttpClient and source-generated System.Text.Json, nothing else.</summary>
internal static class Baseline
{
    public static async Task<T> GetAsync<T>(HttpClient http, string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Authorization", "benchmark-key");
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return (await JsonSerializer.DeserializeAsync(stream, type, cancellationToken).ConfigureAwait(false))!;
    }
}
