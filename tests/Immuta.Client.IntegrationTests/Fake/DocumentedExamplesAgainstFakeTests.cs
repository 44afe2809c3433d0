using System.Net;
using System.Text;
using System.Text.Json;
using Immuta.Client.Testing;
using Immuta.Client.Tests.Support;
using Xunit;

namespace Immuta.Client.Tests.Fake;

/// <summary>
/// Every curl example of the seeds (method, path and body; the URL and key replaced) sent as raw HTTP to the fake gets a
/// documented-shaped 2xx answer. Examples whose path names an integration get one of that platform created first.
/// </summary>
public sealed class DocumentedExamplesAgainstFakeTests : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Seeds = new(StringComparer.Ordinal)
    {
        ["snowflake"] = "post-integrations.snowflake.userPassword.request.json",
        ["databricks"] = "post-integrations.databricks.token.request.json",
        ["redshift"] = "post-integrations.redshift.userPassword.request.json",
        ["synapse"] = "post-integrations.synapse.userPassword.request.json",
        ["bigquery"] = "post-integrations.bigquery.request.json",
        ["s3"] = "post-integrations.s3.accessKey.request.json",
        ["trino"] = "post-integrations.trino.request.json",
    };

    private readonly FakeImmutaServer _fake = FakeImmutaServer.Start(new FakeImmutaServerOptions { SettleAfter = TimeSpan.Zero });
    private readonly HttpClient _http = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _fake.DisposeAsync();
    }

    /// <summary>(method, path with {id}, example file or null, platform for {id}).</summary>
    public static TheoryData<string, string, string?, string?> CurlExamples()
    {
        var data = new TheoryData<string, string, string?, string?>();
        foreach (var name in Examples.Names().Where(n => n.EndsWith(".request.json", StringComparison.Ordinal)))
        {
            var parts = name.Split('.');
            var (method, path) = parts[0] switch
            {
                "post-integrations" => ("POST", "/integrations"),
                "put-integrations-id" => ("PUT", "/integrations/{id}"),
                "delete-integrations-id" => ("DELETE", "/integrations/{id}"),
                "post-integrations-id-scripts-edit" => ("POST", "/integrations/{id}/scripts/edit"),
                var other => ("POST", "/integrations/scripts/" + other["post-integrations-scripts-".Length..]),
            };
            data.Add(method, path, name, path.Contains("{id}", StringComparison.Ordinal) ? parts[1] : null);
        }

        // The seeds' curls without a body (examples README, "Curl examples in the seeds that carry no body").
        data.Add("GET", "/integrations", null, "snowflake");
        data.Add("GET", "/integrations/{id}", null, "snowflake");
        data.Add("POST", "/integrations/{id}/regenerate", null, "trino");
        data.Add("GET", "/integrations/{id}/status", null, "snowflake");
        data.Add("POST", "/integrations/{id}/scripts/delete", null, "snowflake");
        data.Add("GET", "/integrations/{id}", null, "databricks");
        data.Add("DELETE", "/integrations/{id}", null, "databricks");
        return data;
    }

    [Theory]
    [MemberData(nameof(CurlExamples))]
    public async Task CurlExample_SentAsRawHttp_GetsDocumentedShapedSuccess(string method, string path, string? example, string? platform)
    {
        if (platform is not null)
        {
            var seeded = await SendAsync("POST", "/integrations", Examples.Read(Seeds[platform]));
            Assert.Equal(HttpStatusCode.OK, seeded.Status);
            path = path.Replace("{id}", JsonDocument.Parse(seeded.Body).RootElement.GetProperty("id").GetString(), StringComparison.Ordinal);
        }

        var (status, contentType, body) = await SendAsync(method, path, example is null ? null : Examples.Read(example));

        Assert.True(status == HttpStatusCode.OK, $"{method} {path} answered {(int)status}: {body}");
        if (path.Contains("/scripts/", StringComparison.Ordinal))
        {
            Assert.Equal("text/plain", contentType);
            Assert.StartsWith("-- Immuta ", body, StringComparison.Ordinal);
        }
        else if (method is "POST" or "PUT" or "DELETE" && !path.EndsWith("/regenerate", StringComparison.Ordinal))
        {
            var result = ImmutaJson.Deserialize<IntegrationOperationResult>(body);
            Assert.NotNull(result.Id);
            Assert.Contains(result.Status!.Value.ToString(), new[] { "creating", "editing", "deleting" });
            Assert.NotNull(result.ValidationResults);
        }
        else if (path.EndsWith("/regenerate", StringComparison.Ordinal))
        {
            Assert.NotNull(ImmutaJson.Deserialize<RegeneratedApiKey>(body).NewKey);
        }
        else if (path.EndsWith("/status", StringComparison.Ordinal))
        {
            Assert.Equal(JsonValueKind.Number, JsonDocument.Parse(body).RootElement.GetProperty("id").ValueKind);
        }
        else if (path == "/integrations")
        {
            Assert.NotEmpty(ImmutaJson.Deserialize<IReadOnlyList<Integration>>(body));
        }
        else
        {
            Assert.Equal(IntegrationStatus.Enabled, ImmutaJson.Deserialize<Integration>(body).Status);
        }
    }

    private async Task<(HttpStatusCode Status, string? ContentType, string Body)> SendAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(_fake.Uri, path));
        request.Headers.TryAddWithoutValidation("accept", "application/json");
        request.Headers.TryAddWithoutValidation("Authorization", _fake.ApiKey);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        using var response = await _http.SendAsync(request, Ct);
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync(Ct));
    }
}
